/**
 * The caption rules' code (docs/posting.md#caption-rules), free of server
 * imports so the dashboard's composer runs the very same checks while the
 * user types (docs/dashboard.md#caption). The look-alike search takes the
 * confusable skeleton as a parameter: the server passes Unicode's full
 * table (lib/posting/confusable_skeleton.ts, too big for the browser
 * budget); the browser passes none and asks the server about look-alikes
 * (POST /api/caption/check).
 *
 * Captions are normalised first (Unicode NFKC, case-folded,
 * invisible characters removed, combining marks on Latin letters dropped,
 * whitespace collapsed) so full-width letters, odd case ("CASİNO": a dotted
 * capital I lowers to i plus a combining dot), zero-width joiners,
 * struck-through or accented letters ("ca̶sino", "cásino") or spaced-out
 * letters do not slip through. Words holding letters from other alphabets
 * are also compared by their confusable skeleton (UTS #39), so look-alikes
 * ("саsinо" with Cyrillic с, а, о) do not slip through either.
 * @module
 */
import { STOP_WORDS } from "./stop_words.ts";

/** Maps a string to its confusable skeleton (UTS #39). */
export type SkeletonFn = (text: string) => string;

/** No table: every character is its own skeleton. */
const identitySkeleton: SkeletonFn = (text) => text.normalize("NFD");

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

/** Runs of letters and digits. */
export function tokensOf(normalised: string): string[] {
  return normalised.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Runs of single letters among `tokens` ("c a s i n o", "c.a.s.i.n.o"),
 * each joined into one word.
 */
export function letterRuns(tokens: string[]): string[] {
  // A letter with marks of its own script ("а̶") is still one letter.
  const single = (t: string) => [...t.replace(/\p{M}/gu, "")].length === 1;
  const out: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length > 1) out.push(run.join(""));
    run = [];
  };
  for (const t of tokens) {
    if (single(t)) run.push(t);
    else endRun();
  }
  endRun();
  return out;
}

/**
 * A caption as the checks read it, worked out once per check and passed
 * to each: links, the stop-word list, and the server's other spellings
 * (lib/posting/caption_rules.ts).
 */
export interface CaptionReading {
  /** The caption normalised (normaliseCaption). */
  normalised: string;
  /** Its runs of letters and digits (tokensOf). */
  tokens: string[];
  /** Its runs of single letters, each joined into one word (letterRuns). */
  runs: string[];
}

/** Reads a caption once for every check. */
export function readCaption(caption: string): CaptionReading {
  const normalised = normaliseCaption(caption);
  const tokens = tokensOf(normalised);
  return { normalised, tokens, runs: letterRuns(tokens) };
}

const ASCII_ONLY = /^\p{ASCII}*$/u;

/**
 * How a word looks: its confusable skeleton as written (case matters:
 * Greek capital "Ν" looks like N, its lowercase "ν" like v), then Latin
 * marks dropped (a Cyrillic "ё" is an "e" with a diaeresis) and lowercased.
 * The skeleton comes before NFKC, which would turn some look-alikes into
 * letters that do not look alike (Greek lunate sigma "ϲ", like c, into
 * final sigma "ς"); a second skeleton maps what NFKC then yields.
 */
function lookalikeKeyOf(word: string, confusableSkeleton: SkeletonFn): string {
  // ASCII letters and digits have ASCII prototypes: nothing left for NFKC.
  const skeleton = ASCII_ONLY.test(word)
    ? confusableSkeleton(word)
    : confusableSkeleton(confusableSkeleton(word).normalize("NFKC"));
  return skeleton.replace(LATIN_MARKS, "").toLowerCase();
}

/** Capitalisations of a stop word tried, at most (2^6). */
const MAX_CASE_BITS = 6;

/**
 * Every look of a lowercase stop word, one per capitalisation that changes
 * its skeleton: a capital I looks like an l, so "casino" written in
 * capitals of other alphabets ("САЅІΝО") looks like "caslno".
 */
function stopWordLooks(word: string, skeleton: SkeletonFn): Set<string> {
  const lookalikeKey = (w: string) => lookalikeKeyOf(w, skeleton);
  const chars = [...word];
  const bits = chars.flatMap((c, i) =>
    lookalikeKey(c) === lookalikeKey(c.toUpperCase()) ? [] : [i]
  ).slice(0, MAX_CASE_BITS);
  const looks = new Set([lookalikeKey(word.toUpperCase())]);
  for (let mask = 0; mask < 1 << bits.length; mask++) {
    const cased = chars.map((c, i) => {
      const bit = bits.indexOf(i);
      return bit >= 0 && mask & (1 << bit) ? c.toUpperCase() : c;
    });
    looks.add(lookalikeKey(cased.join("")));
  }
  return looks;
}

interface Phrase {
  words: string[];
  original: string;
  /** The looks of each word, and of the words written without spaces. */
  looks: Set<string>[];
  gluedLooks: Set<string>;
}

/** True when the caption holds `http://`, `https://` or `www.` in any disguise. */
export function containsLink(caption: string): boolean {
  return linkIn(normaliseCaption(caption));
}

/** {@link containsLink}, of a caption normalised already. */
function linkIn(normalised: string): boolean {
  // Spacing tricks ("h t t p s : / /") collapse once whitespace is dropped.
  const compact = normalised.replace(/\s+/g, "");
  return /https?:\/\//.test(compact) || compact.includes("www.");
}

/** A compiled stop-word list (the built-in list plus configured extras). */
export class StopWordList {
  readonly #single = new Set<string>();
  readonly #phrases: Phrase[] = [];
  /** The looks of the single stop words, each to the word it shows. */
  readonly #singleLooks = new Map<string, string>();

  readonly #skeleton: SkeletonFn;

  /**
   * @param skeleton the confusable skeleton for the look-alike search;
   *   without it only what normalisation shows is found
   */
  constructor(
    extra: readonly string[] = [],
    skeleton: SkeletonFn = identitySkeleton,
  ) {
    this.#skeleton = skeleton;
    // Skeletons of the stop words are worked out once, here: a caption then
    // costs one skeleton per word written in another alphabet.
    for (const entry of [...STOP_WORDS, ...extra]) {
      const parts = tokensOf(normaliseCaption(entry));
      if (parts.length === 1) {
        this.#single.add(parts[0]);
        for (const look of stopWordLooks(parts[0], skeleton)) {
          if (!this.#singleLooks.has(look)) {
            this.#singleLooks.set(look, parts[0]);
          }
        }
      } else if (parts.length > 1) {
        this.#phrases.push({
          words: parts,
          original: entry,
          looks: parts.map((p) => stopWordLooks(p, skeleton)),
          gluedLooks: stopWordLooks(parts.join(""), skeleton),
        });
      }
    }
  }

  /**
   * The first forbidden word or phrase in the caption, or null. `read` is
   * readCaption(caption), passed by a caller that has it (captionProblem).
   */
  find(caption: string, read = readCaption(caption)): string | null {
    return this.#findSpelled(read) ?? this.#findLookalike(caption);
  }

  /** A stop word spelled as such (after normalisation). */
  #findSpelled({ tokens, runs }: CaptionReading): string | null {
    for (const w of [...tokens, ...runs]) {
      if (this.#single.has(w)) return w;
    }
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

  /**
   * A stop word that a word holding letters of other alphabets looks like.
   * Words all in ASCII are left to #findSpelled: by skeleton "pom" would
   * look like "porn" (m like rn) and "141" like "l4l".
   */
  #findLookalike(caption: string): string | null {
    // Not normalised: lookalikeKey does that, after the skeleton.
    const visible = caption.replace(INVISIBLE, "");
    if (ASCII_ONLY.test(visible)) return null;
    // Marks stay in the word: on a Cyrillic letter they are dropped only
    // once its skeleton is Latin.
    const tokens = visible.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
    const foreign = tokens.map((t) => !ASCII_ONLY.test(t));
    const lookalikeKey = (w: string) => lookalikeKeyOf(w, this.#skeleton);
    const looks = tokens.map(lookalikeKey);
    for (let i = 0; i < tokens.length; i++) {
      const word = foreign[i] && this.#singleLooks.get(looks[i]);
      if (word) return word;
    }
    for (const run of letterRuns(tokens)) {
      const word = !ASCII_ONLY.test(run) &&
        this.#singleLooks.get(lookalikeKey(run));
      if (word) return word;
    }
    for (const phrase of this.#phrases) {
      const n = phrase.words.length;
      for (let i = 0; i + n <= tokens.length; i++) {
        if (
          phrase.looks.every((l, j) => l.has(looks[i + j])) &&
          foreign.slice(i, i + n).includes(true)
        ) return phrase.original;
      }
      const glued = looks.findIndex((l, i) =>
        foreign[i] && phrase.gluedLooks.has(l)
      );
      if (glued >= 0) return phrase.original;
    }
    return null;
  }
}

/** The API's error codes of the caption rules, links first. */
export const CAPTION_PROBLEM_CODES = [
  "links_forbidden",
  "forbidden_word",
] as const;

/** A caption rule broken: the API's error code and message. */
export interface CaptionProblem {
  code: (typeof CAPTION_PROBLEM_CODES)[number];
  message: string;
}

/**
 * The first caption rule the caption breaks, links first
 * (docs/posting.md#order-of-checks), or null.
 */
export function captionProblem(
  caption: string,
  stopWords: StopWordList,
  read: CaptionReading = readCaption(caption),
): CaptionProblem | null {
  if (linkIn(read.normalised)) {
    return {
      code: "links_forbidden",
      message: "Links are not allowed in TikTok captions for this service.",
    };
  }
  const word = stopWords.find(caption, read);
  if (word) {
    return {
      code: "forbidden_word",
      message: `Caption contains forbidden content: "${word}".`,
    };
  }
  return null;
}
