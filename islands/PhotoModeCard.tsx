import { useRef, useState } from "preact/hooks";
import {
  callApi,
  copyText,
  localTime,
  sendAndComplete,
  startUpload,
} from "../components/api_client.ts";
import type { AlbumResponse } from "../lib/http/api_responses.ts";

export interface PhotoModeCardProps {
  maxImages: number;
  privacyOptions: string[];
}

interface Slot {
  name: string;
  progress: number;
  state: "uploading" | "done" | "error";
  url?: string;
  error?: string;
}

/**
 * The two payloads of docs/media.md#photo-mode (direct_post and /api/jobs)
 * for the images uploaded so far.
 */
export function photoPayloads(
  images: string[],
  options: {
    cover: number;
    autoAddMusic: boolean;
    title: string;
    privacy: string;
    runAt: string;
  },
) {
  const common = {
    media_type: "PHOTO",
    photo_images: images,
    photo_cover_index: options.cover,
    auto_add_music: options.autoAddMusic,
    title: options.title,
    privacy: options.privacy,
    disable_comment: false,
    disable_duet: false,
    disable_stitch: false,
  };
  return {
    directPost: { ...common, is_ad: false, brand: "" },
    job: { kind: "tiktok", run_at: options.runAt, ...common },
  };
}

function inOneHour(): string {
  const d = new Date(Date.now() + 3600_000);
  d.setUTCSeconds(0, 0);
  return d.toISOString();
}

/** Photo Mode: upload several images into an album, see the payload live. */
export default function PhotoModeCard(props: PhotoModeCardProps) {
  const [albumId, setAlbumId] = useState<string | null>(null);
  const [slots, setSlots] = useState<Slot[]>([]);
  const [cover, setCover] = useState(0);
  const [autoAddMusic, setAutoAddMusic] = useState(true);
  const [title, setTitle] = useState("");
  const [privacy, setPrivacy] = useState(props.privacyOptions[0]);
  const [variant, setVariant] = useState<"direct" | "job">("direct");
  const [runAt] = useState(inOneHour);
  const [message, setMessage] = useState("");
  const [retainedUntil, setRetainedUntil] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const images = slots.filter((s) => s.state === "done").map((s) => s.url!);
  const coverIndex = Math.min(cover, Math.max(images.length - 1, 0));
  const payloads = photoPayloads(images, {
    cover: coverIndex,
    autoAddMusic,
    title,
    privacy,
    runAt,
  });
  const json = JSON.stringify(
    variant === "direct" ? payloads.directPost : payloads.job,
    null,
    2,
  );

  function update(index: number, change: Partial<Slot>) {
    setSlots((list) =>
      list.map((s, i) => (i === index ? { ...s, ...change } : s))
    );
  }

  // Refs, not state: two quick picks must share one album and distinct slots.
  const albumRef = useRef<Promise<string> | null>(null);
  const nextSlot = useRef(0);

  async function addFiles(input: HTMLInputElement) {
    const picked = [...(input.files ?? [])];
    input.value = ""; // so picking the same file again works
    if (picked.length === 0) return;
    setMessage("");
    albumRef.current ??= callApi<AlbumResponse>("POST", "/api/albums")
      .then((a) => {
        setAlbumId(a.album_id);
        return a.album_id;
      });
    let id: string;
    try {
      id = await albumRef.current;
    } catch (error) {
      albumRef.current = null;
      setMessage((error as Error).message);
      return;
    }
    const start = nextSlot.current;
    nextSlot.current += picked.length;
    setSlots((list) => [
      ...list,
      ...picked.map((f) => ({
        name: f.name,
        progress: 0,
        state: "uploading" as const,
      })),
    ]);
    // Start the uploads one by one (the album keeps that order), then send
    // the bytes of all of them at once.
    const sends: Promise<void>[] = [];
    for (const [i, file] of picked.entries()) {
      const fail = (error: unknown) =>
        update(start + i, { state: "error", error: (error as Error).message });
      try {
        const started = await startUpload(file, id);
        sends.push(
          sendAndComplete(
            started,
            file,
            (p) => update(start + i, { progress: p }),
          ).then(
            (done) =>
              update(start + i, { state: "done", url: done.url, progress: 1 }),
            fail,
          ),
        );
      } catch (error) {
        fail(error);
      }
    }
    await Promise.all(sends);
  }

  async function retain() {
    if (!albumId) return;
    try {
      const res = await callApi<AlbumResponse>(
        "POST",
        "/api/album/retain",
        {
          album_id: albumId,
        },
      );
      setRetainedUntil(res.expires_at);
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  return (
    <section class="card" data-testid="photo-card">
      <h2>Photo Mode</h2>
      <p class="muted">
        JPEG or WebP, up to 20 MB and 1080 × 1080 px each, 1 to{" "}
        {props.maxImages}{" "}
        images. The payload below updates as each upload completes.
      </p>
      <label class="dropzone">
        <input
          type="file"
          multiple
          accept="image/jpeg,image/webp"
          data-testid="photo-input"
          onChange={(e) => addFiles(e.currentTarget as HTMLInputElement)}
        />
        <span>Choose images</span>
      </label>
      {slots.length > 0 && (
        <ol class="photo-slots" data-testid="photo-slots">
          {slots.map((s, i) => (
            <li key={i} data-state={s.state}>
              {s.name} {s.state === "uploading" && (
                <progress
                  max={1}
                  value={s.progress}
                  data-progress={s.progress.toFixed(3)}
                />
              )}
              {s.state === "done" && <span class="muted">uploaded</span>}
              {s.state === "error" && (
                <span class="error-message">{s.error}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      <div class="photo-controls">
        <label>
          Caption{" "}
          <input
            type="text"
            value={title}
            maxLength={90}
            data-testid="photo-title"
            onInput={(e) =>
              setTitle((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          Cover image{" "}
          <select
            data-testid="photo-cover"
            value={String(coverIndex)}
            onChange={(e) =>
              setCover(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {(images.length ? images : [""]).map((_, i) => (
              <option key={i} value={String(i)}>{i + 1}</option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={autoAddMusic}
            data-testid="photo-music"
            onChange={(e) =>
              setAutoAddMusic((e.currentTarget as HTMLInputElement).checked)}
          />{" "}
          auto_add_music
        </label>
        <label>
          Privacy{" "}
          <select
            value={privacy}
            onChange={(e) =>
              setPrivacy((e.currentTarget as HTMLSelectElement).value)}
          >
            {props.privacyOptions.map((p) => (
              <option key={p} value={p}>{p}</option>
            ))}
          </select>
        </label>
      </div>
      <p class="tabs">
        <button
          type="button"
          class={variant === "direct" ? "" : "secondary"}
          data-testid="payload-direct"
          onClick={() => setVariant("direct")}
        >
          /api/tiktok/direct_post
        </button>{" "}
        <button
          type="button"
          class={variant === "job" ? "" : "secondary"}
          data-testid="payload-job"
          onClick={() => setVariant("job")}
        >
          /api/jobs
        </button>
      </p>
      <pre class="payload" data-testid="photo-payload">{json}</pre>
      <p class="actions">
        <button
          type="button"
          class="secondary"
          onClick={async () => setCopied(await copyText(json))}
        >
          {copied ? "Copied" : "Copy JSON"}
        </button>{" "}
        <button
          type="button"
          disabled={images.length === 0}
          data-testid="photo-retain"
          onClick={retain}
        >
          Upload only (get link)
        </button>
      </p>
      {retainedUntil && (
        <p data-testid="photo-retained">
          Album kept until{" "}
          <time dateTime={retainedUntil}>{localTime(retainedUntil)}</time>: use
          the JSON above in n8n or Make with /api/tiktok/direct_post.
        </p>
      )}
      {message && <p class="error-message" role="alert">{message}</p>}
    </section>
  );
}
