/**
 * How a button repeated for each item names its item for a screen reader
 * (docs/dashboard.md#keyboard): the words after its visible label, read
 * each time Tab reaches it, so they stay short.
 * @module
 */

/** A caption named in a button: its first 40 characters, then "…". */
const CAPTION_NAME_CHARS = 40;

/** `“caption”`, cut to a few words for a button's name; null for none. */
export function quotedCaption(title: string | null | undefined): string | null {
  const words = (title ?? "").replace(/\s+/g, " ").trim();
  if (!words) return null;
  // By code points, so an emoji is never cut in two.
  const chars = [...words];
  const short = chars.length > CAPTION_NAME_CHARS
    ? `${chars.slice(0, CAPTION_NAME_CHARS).join("").trimEnd()}…`
    : words;
  return `“${short}”`;
}

/**
 * A post with no caption, as a photo album often is, named by its kind
 * in its buttons (docs/dashboard.md#calendar-posts-and-media): "photo post".
 */
export const kindName = (photo: boolean): string =>
  photo ? "photo post" : "video post";

/**
 * A post in a status line ("Cancelled “caption”.", "Rescheduled “…” to
 * …"): its caption cut as a button's name is; a status region reads its
 * whole text, and a caption may be 2,200 characters. With no caption,
 * "the " and `name`: what its button names it by ("photo post, 14:30"),
 * else just "post".
 */
export const postCalled = (
  title: string | null | undefined,
  name = "post",
): string => quotedCaption(title) ?? `the ${name}`;
