/**
 * The events the dashboard's islands send each other, on `globalThis`, so
 * that what one does shows in another at once, with no reload
 * (docs/dashboard.md#freshness): each event's name and what it carries, in
 * one place, and the two calls that send and hear them.
 * @module
 */
import { useEffect } from "preact/hooks";
import type { UploadJson } from "../lib/http/api_responses.ts";

/** Each event, and its `detail`. */
export interface IslandEvents {
  /** A video upload started (true) or ended (upload card → composer). */
  "pm3k:uploading": boolean;
  /** An upload completed (upload card → composer). */
  "pm3k:uploaded": UploadJson;
  /** The video the composer holds, "" for none (composer → upload card). */
  "pm3k:composer-video": { url: string };
  /**
   * A post was made: by the composer, with the video it used (null for
   * photos) and its publish_id (null when its outcome is unknown), or by a
   * scheduled post that ran (the scheduled posts list, no detail). Heard by
   * the upload card and Your posts.
   */
  "pm3k:posted": { url: string | null; id?: string | null } | null;
  /**
   * TikTok failed a post, by its publish_id, or its post_id when it has
   * none (an outcome unknown marked not posted) (Your posts → composer, whose
   * "Sent to TikTok" notice then says so and, for any post it sent, whose
   * limits and video are freed, docs/dashboard.md#scheduling; and → the
   * upload card, whose video that post was).
   */
  "pm3k:post-failed": string | null;
  /**
   * A post was scheduled, with the video it uses (null for photos), its
   * time and its job (composer → scheduled posts and the upload card).
   */
  "pm3k:scheduled": { url: string | null; runAt: string; jobId: string };
  /**
   * A scheduled post ran since the scheduled posts list last showed it:
   * sent to TikTok (its publish_id) or failed (its error's words), heard by
   * the upload card, whose video it may be (docs/dashboard.md#freshness).
   */
  "pm3k:job-ran": {
    jobId: string;
    publishId: string | null;
    error: string | null;
  };
  /** A scheduled post was cancelled (scheduled posts → composer). */
  "pm3k:cancelled": null;
}

type IslandEvent = keyof IslandEvents;

/** Sends `name` to every island on the page; no `detail` is null. */
export function tellIslands<K extends IslandEvent>(
  name: K,
  detail?: IslandEvents[K],
): void {
  globalThis.dispatchEvent(new CustomEvent(name, { detail }));
}

/**
 * Calls `heard` with each `name` event's detail while the island is on the
 * page. `heard` is the one of the first render: it may use state setters
 * and refs, not state.
 */
export function useIslandEvent<K extends IslandEvent>(
  name: K,
  heard: (detail: IslandEvents[K]) => void,
): void {
  useEffect(() => {
    const listener = (e: Event) =>
      heard((e as CustomEvent<IslandEvents[K]>).detail);
    globalThis.addEventListener(name, listener);
    return () => globalThis.removeEventListener(name, listener);
  }, []);
}
