/**
 * The composer's photo uploads (docs/dashboard.md#compose): pick photos
 * into the album, watch each upload, start a new album, and add music.
 * @module
 */
import type { Ref } from "preact";
import { ErrorRegion } from "../StatusRegion.tsx";
import { ToggleRow } from "../ToggleRow.tsx";
import type { PhotoSlot } from "./photo_album.ts";

export interface PhotoUploadsProps {
  /** Images per photo post, at most. */
  maxImages: number;
  slots: PhotoSlot[];
  /** An album is started: it can be left for a new one. */
  started: boolean;
  /** A draft: its music is chosen in TikTok. */
  drafting: boolean;
  autoAddMusic: boolean;
  /** Why the last album call failed, or "". */
  message: string;
  /** A post made again's photos are gone and none are uploaded. */
  againMissing: string;
  onPick: (input: HTMLInputElement) => void;
  /** The photo field, where focus goes once a new album is started. */
  inputRef: Ref<HTMLInputElement>;
  onNewAlbum: () => void;
  onMusic: (on: boolean) => void;
}

export function PhotoUploads(props: PhotoUploadsProps) {
  return (
    <div data-testid="photo-card">
      <label class="dropzone">
        <input
          type="file"
          multiple
          accept="image/jpeg,image/webp"
          data-testid="photo-input"
          ref={props.inputRef}
          onChange={(e) => props.onPick(e.currentTarget as HTMLInputElement)}
        />
        {
          /* Not "up to 1080 px": a phone's photo is larger, and the
            composer scales it down itself (photo_fit.ts). */
        }
        <span>
          Add photos (JPEG or WebP, 1 to{" "}
          {props.maxImages}; any larger than TikTok's 1080 px a side are scaled
          down to fit)
        </span>
      </label>
      {props.againMissing && (
        <p class="error-message" data-testid="post-again-missing">
          {props.againMissing}
        </p>
      )}
      {props.slots.length > 0 && <PhotoSlots slots={props.slots} />}
      {props.started && (
        <p>
          <button
            type="button"
            class="secondary"
            data-testid="photo-new-album"
            onClick={props.onNewAlbum}
          >
            Start a new album
          </button>
        </p>
      )}
      {
        /* A draft's music is chosen in TikTok, which ignores it
          in a draft's init (docs/posting.md#drafts). */
      }
      {!props.drafting && (
        <ToggleRow
          checked={props.autoAddMusic}
          testId="photo-music"
          onToggle={props.onMusic}
          text="Add recommended music"
        />
      )}
      <ErrorRegion message={props.message} />
    </div>
  );
}

/** Each photo picked, with its upload's progress or refusal. */
function PhotoSlots({ slots }: { slots: PhotoSlot[] }) {
  return (
    <ol class="photo-slots" data-testid="photo-slots">
      {slots.map((s, i) => (
        <li key={i} data-state={s.state}>
          {s.name} {s.state === "uploading" && (
            <progress
              max={1}
              value={s.progress}
              aria-label={`Uploading ${s.name}`}
              data-progress={s.progress.toFixed(3)}
            />
          )}
          {s.state === "done" && (
            <span class="muted" data-testid="photo-slot-done">
              uploaded{s.scaledFrom &&
                `, scaled down from ${s.scaledFrom} to TikTok's 1080 px a side`}
            </span>
          )}
          {
            /* Always there, so a photo's refusal is
              announced (docs/dashboard.md). */
          }
          <span
            aria-live="polite"
            data-testid="photo-slot-announce"
          >
            {s.state === "error" && (
              <span class="error-message">
                {s.error}
              </span>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
