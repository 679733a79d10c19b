/**
 * What is said of media whose post TikTok never answered (outcome
 * unknown, docs/posting.md#outcome-unknown): it may be on the profile, so
 * it is neither said posted nor told to be uploaded again, which could
 * post it twice; the posts page's "It is not on my TikTok profile" frees
 * it. Said on the media page in place of "Use in a post", atop the
 * composer opened at it, and under the composer's video picker when it
 * is chosen there (docs/dashboard.md#calendar-posts-and-media).
 * @module
 */

/** The sentence for `what`: "this video" or "these photos". */
export function outcomeUnknownReuse(
  what: "this video" | "these photos",
): string {
  return `TikTok never said whether the post of ${what} was made: look for it on your TikTok profile. If it is not there, say so on the Posts page, and ${what} can be posted again.`;
}
