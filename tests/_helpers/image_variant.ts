/**
 * Distinct photos made from one image fixture, for albums: an album keeps
 * one image per name and bytes (docs/media.md#an-image-already-in-the-album).
 * @module
 */
/**
 * Image fixture `name` with one byte of its compressed picture changed by
 * `n` (1 to 254): the same size, format and pixel size, other bytes.
 */
export async function imageVariant(
  name: string,
  n: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await Deno.readFile(
    new URL(`../fixtures/${name}`, import.meta.url),
  );
  // Past the headers, in the picture data; never a JPEG marker's 0xFF.
  let at = Math.floor(bytes.length * 0.75);
  while (bytes[at] === 0xff || bytes[at - 1] === 0xff) at++;
  bytes[at] = (bytes[at] + n) % 0xff;
  return bytes;
}
