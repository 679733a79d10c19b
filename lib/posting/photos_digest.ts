/**
 * A photo post's bytes (docs/dashboard.md#post-again), for same_media.ts
 * to match it by: apart from it, as islands import same_media.ts and this
 * hashes with node:crypto.
 * @module
 */
import { sha256Hex } from "../crypto/hashing.ts";

/**
 * A photo post's bytes, from its images' SHA-256 in the post's order: the
 * SHA-256 of those digests one per line. So the same photos in the same
 * order are the same, as its fingerprint counts them, and another order or
 * one other photo is not (docs/dashboard.md#post-again). Undefined when an
 * image has no digest (uploaded before they were kept): the post is then
 * known by its fingerprint only. Not a video's digest: that is of the
 * file's bytes, this of 64-hex-digit lines.
 */
export async function photosSha256Of(
  imageDigests: readonly (string | undefined)[],
): Promise<string | undefined> {
  if (imageDigests.some((d) => d === undefined)) return undefined;
  return await sha256Hex(imageDigests.join("\n"));
}
