/**
 * The words for how long Processing lasts, rendered by the server (the
 * posts page's line, the composer's notice once sent): the account's own
 * recent posts when some were published, else TikTok's usual
 * (docs/dashboard.md#calendar-posts-and-media). Server only: the island
 * gets the words as a prop, no JavaScript (docs/dashboard.md#budget).
 * @module
 */
import type { PublishTime } from "../lib/posting/publish_time.ts";
import { numberText } from "./number_text.ts";

/** "3 minutes", "less than a minute", "2 hours": a duration to read. */
function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 90) {
    return `about ${numberText(minutes)} minute${minutes === 1 ? "" : "s"}`;
  }
  const hours = Math.round(minutes / 60);
  return `about ${numberText(hours)} hours`;
}

/** "your last 5 posts": whose time was measured. */
function measuredPosts(measured: PublishTime): string {
  return measured.posts === 1
    ? "your last post"
    : `your last ${numberText(measured.posts)} posts`;
}

/**
 * What Processing took, after "Processing": "took about 3 minutes for your
 * last 5 posts"; or `general` (TikTok's usual) with none measured.
 */
export function processingTakes(
  measured: PublishTime | null,
  general: string,
): string {
  if (!measured) return general;
  return `took ${durationWords(measured.ms)} for ${measuredPosts(measured)}`;
}

/**
 * The composer's words once a post is sent, after "Processing": TikTok's
 * audit asks it to say processing can take a few minutes
 * (docs/tiktok-audit.md), so that stays, and the account's own time is
 * added when measured: "can take a few minutes (about 3 minutes for your
 * last 5 posts)".
 */
export function processingAfterSend(measured: PublishTime | null): string {
  const usual = "can take a few minutes";
  if (!measured) return usual;
  return `${usual} (${durationWords(measured.ms)} for ${
    measuredPosts(measured)
  })`;
}
