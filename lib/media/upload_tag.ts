/**
 * A short, stable tag telling apart uploads of one file name (two phones'
 * `video.mp4`, one file sent twice within a minute): the last 6 characters
 * of the upload's id, read from its URL, whose file name is
 * `<upload id>.<ext>` (media_keys.ts). Unlike a place in upload order it
 * never changes when another upload is deleted, and the media page
 * (server-rendered) and the composer's picker (in the browser) name an
 * upload alike (docs/dashboard.md#calendar-posts-and-media). No imports:
 * the picker bundles it.
 * @module
 */

/** "clip.mp4, upload 4KQ7XM". */
export function taggedName(filename: string, url: string): string {
  const id = url.split("/").pop()!.split(".")[0];
  return `${filename}, upload ${id.slice(-6)}`;
}

/**
 * An upload's name among `all` listed with it: tagged when another there
 * has its file name, else its file name as it is.
 */
export function nameAmong(
  all: { filename: string; url: string }[],
  u: { filename: string; url: string },
): string {
  return all.some((o) => o !== u && o.filename === u.filename)
    ? taggedName(u.filename, u.url)
    : u.filename;
}
