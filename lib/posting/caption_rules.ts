/**
 * Caption rules (docs/posting.md#caption-rules): no links, no forbidden
 * words. Captions are normalised first (Unicode NFKC, case-folded,
 * invisible characters removed, combining marks on Latin letters dropped,
 * whitespace collapsed) so full-width letters, odd case ("CASİNO": a dotted
 * capital I lowers to i plus a combining dot), zero-width joiners,
 * struck-through or accented letters ("ca̶sino", "cásino") or spaced-out
 * letters do not slip through.
 * @module
 */
import { AppError } from "../errors.ts";
import { STOP_WORDS } from "./stop_words.ts";

const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;

/**
 * Combining marks after a Latin letter (accents, strokes, dots). Other
 * scripts keep theirs: there they are part of the letters.
 */
const LATIN_MARKS = /(?<=\p{Script=Latin})\p{M}+/gu;

/**
 * NFKC, case-folded, invisible characters and Latin combining marks
 * removed, whitespace collapsed.
 */
export function normaliseCaption(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase()
    .normalize("NFKD").replace(LATIN_MARKS, "")
    .normalize("NFKC").replace(/\s+/gu, " ").trim();
}

/**
 * The caption as words: runs of letters and digits. Runs of single letters
 * ("c a s i n o", "c.a.s.i.n.o") are also joined into one word.
 */
function words(normalised: string): string[] {
  const tokens = normalised.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out = [...tokens];
  let run = "";
  for (const t of tokens) {
    if ([...t].length === 1) run += t;
    else {
      if ([...run].length > 1) out.push(run);
      run = "";
    }
  }
  if ([...run].length > 1) out.push(run);
  return out;
}

/** True when the caption holds `http://`, `https://` or `www.` in any disguise. */
export function containsLink(caption: string): boolean {
  const n = normaliseCaption(caption);
  // Spacing tricks ("h t t p s : / /") collapse once whitespace is dropped.
  const compact = n.replace(/\s+/g, "");
  return /https?:\/\//.test(compact) || compact.includes("www.");
}

/** A compiled stop-word list (the built-in list plus configured extras). */
export class StopWords {
  readonly #single = new Set<string>();
  readonly #phrases: { words: string[]; original: string }[] = [];

  constructor(extra: readonly string[] = []) {
    for (const entry of [...STOP_WORDS, ...extra]) {
      const parts = normaliseCaption(entry).split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
      if (parts.length === 1) this.#single.add(parts[0]);
      else if (parts.length > 1) {
        this.#phrases.push({ words: parts, original: entry });
      }
    }
  }

  /** The first forbidden word or phrase in the caption, or null. */
  find(caption: string): string | null {
    const n = normaliseCaption(caption);
    const tokens = n.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    for (const w of words(n)) if (this.#single.has(w)) return w;
    for (const phrase of this.#phrases) {
      for (let i = 0; i + phrase.words.length <= tokens.length; i++) {
        if (phrase.words.every((p, j) => tokens[i + j] === p)) {
          return phrase.original;
        }
      }
      // The phrase written without spaces ("freemoney") counts too.
      const glued = phrase.words.join("");
      if (tokens.includes(glued)) return phrase.original;
    }
    return null;
  }
}

/**
 * Applies the caption rules in order, links first
 * (docs/posting.md#order-of-checks).
 * @throws {AppError} `links_forbidden` or `forbidden_word`
 */
export function checkCaption(caption: string, stopWords: StopWords): void {
  if (containsLink(caption)) {
    throw new AppError(
      "links_forbidden",
      "Links are not allowed in TikTok captions for this service.",
    );
  }
  const word = stopWords.find(caption);
  if (word) {
    throw new AppError(
      "forbidden_word",
      `Caption contains forbidden content: "${word}".`,
    );
  }
}

/** The caption as compared for duplicates: normalised, then hashed by the caller. */
export function captionKey(caption: string): string {
  return normaliseCaption(caption);
}
