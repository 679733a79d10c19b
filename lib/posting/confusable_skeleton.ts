/**
 * Unicode's confusable skeleton (UTS #39, section 4): two strings that look
 * alike have the same skeleton. Used by the caption rules to see a stop word
 * through letters from other alphabets (docs/posting.md#caption-rules).
 *
 * The prototypes are Unicode's confusables.txt as shipped by `unhomoglyph`
 * (Cyrillic "а" and Greek "α" map to Latin "a", "m" to "rn"). Its keys are
 * single code points, so a lookup per code point gives what its regex-based
 * function gives, several times faster: captions are checked on every post.
 * @module
 */
import prototypes from "unhomoglyph/data.json" with { type: "json" };

const PROTOTYPES: ReadonlyMap<string, string> = new Map(
  Object.entries(prototypes),
);

/** skeleton(X) = NFD(each code point of NFD(X) by its prototype), UTS #39. */
export function confusableSkeleton(text: string): string {
  let mapped = "";
  for (const c of text.normalize("NFD")) mapped += PROTOTYPES.get(c) ?? c;
  return mapped.normalize("NFD");
}
