/**
 * The words docs/tiktok-audit.md quotes in each audit picture's description
 * (its alt text), which the screenshots task finds in the composer before
 * it takes the picture (tasks/screenshots_audit.ts): an owner copies these
 * descriptions into TikTok's audit form, so they must say what the picture
 * shows.
 * @module
 */

/** The audit guide the pictures are described in. */
export const AUDIT_GUIDE = new URL("../docs/tiktok-audit.md", import.meta.url);

/** The quoted words of `file`'s description in `markdown`; throws if none. */
export function quotedInPicture(markdown: string, file: string): string[] {
  const picture = markdown.match(
    new RegExp(`!\\[([^\\]]*)\\]\\(images/${file.replaceAll(".", "\\.")}\\)`),
  );
  if (!picture) throw new Error(`docs/tiktok-audit.md shows no ${file}`);
  return [...picture[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/**
 * The quotes the composer's `text` does not show; a quote ending in "…"
 * stands for its start.
 */
export function quotesNotShown(quotes: string[], text: string): string[] {
  const shown = text.replace(/\s+/g, " ");
  return quotes.filter((q) => !shown.includes(q.replace(/\s*…$/, "")));
}
