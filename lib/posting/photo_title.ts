/**
 * The caption's first line cut to TikTok's 90 characters for photo titles,
 * counted as TikTok counts them (UTF-16 units: an emoji is two), never
 * splitting a character. The whole caption goes in the description.
 */
export function photoTitle(caption: string): string {
  let out = "";
  for (const ch of caption.split("\n")[0]) {
    if (out.length + ch.length > 90) break;
    out += ch;
  }
  return out;
}
