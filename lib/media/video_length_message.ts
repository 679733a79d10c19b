/**
 * The words for a video longer than the creator may post
 * (docs/media.md#videos-tiktok-refuses), free of server imports so that
 * the composer (components/compose_page/PostCard.tsx) says what completing an upload and
 * posting say (video_rules.ts).
 * @module
 */

/**
 * A video of `seconds` is longer than the `maxSec` the creator may post;
 * the length as probes give it, to the millisecond at most.
 */
export function videoTooLongMessage(seconds: number, maxSec: number): string {
  const lasts = Math.round(seconds * 1000) / 1000;
  return `The video lasts ${lasts} s; this TikTok account may post at most ${maxSec} s.`;
}
