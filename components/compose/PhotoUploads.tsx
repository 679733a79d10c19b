/**
 * The composer's photo uploads (docs/dashboard.md#compose): pick photos
 * into the album, watch each upload, remove one, start a new album, and
 * add music.
 * @module
 */
import type { Ref } from "preact";
import { ErrorRegion } from "../StatusRegion.tsx";
import { ToggleRow } from "../ToggleRow.tsx";
import { pageWords } from "../page_words.ts";
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
  /** Remove slot `key`'s photo, the `at`th line. */
  onRemove: (key: number, at: number) => void;
  onMusic: (on: boolean) => void;
}

export function PhotoUploads(props: PhotoUploadsProps) {
  return (
    <div data-testid="photo-card">
      <label class="dropzone">
        <input
          type="file"
          multiple
          // Any image: one not JPEG or WebP is converted (photo_fit.ts).
          accept="image/*"
          data-testid="photo-input"
          ref={props.inputRef}
          onChange={(e) => props.onPick(e.currentTarget as HTMLInputElement)}
        />
        <span>
          {pageWords().photoField.replace("{max}", String(props.maxImages))}
        </span>
      </label>
      {props.againMissing && (
        <p class="error-message" data-testid="post-again-missing">
          {props.againMissing}
        </p>
      )}
      {props.slots.length > 0 && (
        <PhotoSlots slots={props.slots} onRemove={props.onRemove} />
      )}
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

/** Each photo picked, with its upload's progress or refusal, and Remove. */
function PhotoSlots(
  { slots, onRemove }: Pick<PhotoUploadsProps, "slots" | "onRemove">,
) {
  return (
    <ol class="photo-slots" data-testid="photo-slots">
      {
        /* Keyed by slot, not place: a line removed takes its own button
          with it, and focus moves on (docs/dashboard.md#compose). */
      }
      {slots.map((s, i) => (
        <li key={s.key} data-state={s.state}>
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
              uploaded{s.converted && ", converted to JPEG"}
              {s.scaledFrom &&
                pageWords().photoScaled.replace("{from}", s.scaledFrom)}
            </span>
          )} {s.state !== "uploading" && (
            <button
              type="button"
              class="secondary"
              aria-label={`Remove ${s.name}`}
              data-testid="photo-remove"
              onClick={() => onRemove(s.key, i)}
            >
              Remove
            </button>
          )}
          {
            /* A photo's refusal is an alert, said at once, as the composer's
              other errors (docs/dashboard.md#accessibility-and-themes). */
          }
          <ErrorRegion message={(s.state === "error" && s.error) || ""} />
        </li>
      ))}
    </ol>
  );
}
