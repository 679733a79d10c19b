/**
 * The caption mark of a post, the hash its two caption duplicate rules
 * compare (docs/posting.md#duplicates). A title that normalises to nothing
 * (empty, spaces, invisible characters) is no caption: it has no mark, and
 * neither rule reads or writes one for it.
 * @module
 */
import { sha256Hex } from "../crypto/hashing.ts";

/** The captionHash of a post without a caption: it marks nothing. */
export const NO_CAPTION_MARK = "";

/**
 * The caption mark of a title already normalised (normaliseCaption, as
 * checkCaption returns it and PreparedPost keeps it), or NO_CAPTION_MARK
 * when it is no caption.
 */
export async function captionMarkOf(normalised: string): Promise<string> {
  return normalised === "" ? NO_CAPTION_MARK : await sha256Hex(normalised);
}

/** Whether a post with `captionHash` is held to the caption rules. */
export function hasCaptionMark(captionHash: string): boolean {
  return captionHash !== NO_CAPTION_MARK;
}
