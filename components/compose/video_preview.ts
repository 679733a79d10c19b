/**
 * The composer's video preview (TikTok's audit point 6,
 * docs/dashboard.md#tiktok-audit-checklist): the chosen video's length,
 * read from the player when the upload did not give it, and its first
 * frame shown.
 * @module
 */
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

export interface VideoPreview {
  /** For the preview's `<video>`. */
  ref: RefObject<HTMLVideoElement>;
  /** The length the player read, once it did. */
  seconds: number | null;
  /** For the preview's `loadedmetadata`. */
  loaded(v: HTMLVideoElement): void;
  /** Another video (or none) is chosen: its length is not known yet. */
  forgetLength(): void;
}

export function useVideoPreview(
  source: string,
  mode: "video" | "photo",
): VideoPreview {
  const [seconds, setSeconds] = useState<number | null>(null);
  const ref = useRef<HTMLVideoElement>(null);

  /** The preview's metadata is in: its length, and its first frame shown. */
  function loaded(v: HTMLVideoElement) {
    if (Number.isFinite(v.duration)) setSeconds(v.duration);
    // A seek to the start makes browsers that stop at the metadata paint
    // the first frame, not a black box.
    if (v.paused && v.currentTime === 0) v.currentTime = 0.001;
  }

  // The server-rendered preview may have its metadata before the island
  // runs, when loadedmetadata has already fired.
  useEffect(() => {
    const v = ref.current;
    if (v && v.readyState >= 1) loaded(v);
  }, [source, mode]);

  return { ref, seconds, loaded, forgetLength: () => setSeconds(null) };
}
