/**
 * Other spellings of a stop word that the caption rules refuse too
 * (docs/posting.md#caption-rules), on the server only: the dashboard's
 * composer asks `POST /api/caption/check` once its own check finds nothing
 * (docs/dashboard.md#caption), so this code stays out of its JS budget.
 *
 * - Digits glued to letters separate words: "#Casino2024", "2024casino".
 * - The plural of a stop word: "casinos", "escorts", "crypto giveaways".
 * - Leet spelling, ASCII digits and signs for letters (leet_spelling.ts):
 *   "p0rn", "CA$INO", "c@sino", "fr33 m0ney".
 *
 * The caption is normalised first (caption_checks.ts), so case, width and
 * invisible characters are handled there.
 * @module
 */
import { normaliseCaption, readCaption, tokensOf } from "./caption_checks.ts";
import { readLeet, withOnes } from "./leet_spelling.ts";

/**
 * The plural of a stop word, or null. Words ending in s are taken as
 * plural already or as having no plural in use ("nudes", "onlyfans",
 * "cialis"), and words ending in a digit ("f4f") as having none. A plural
 * that is not English ("xxxes") costs nothing: no caption holds it by
 * chance.
 */
export function pluralOf(word: string): string | null {
  if (!/\p{L}$/u.test(word) || word.endsWith("s")) return null;
  if (/(?:x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** A word of the caption as read: its text, and whether signs were read as letters in it. */
interface Piece {
  text: string;
  leet: boolean;
}

/** Letters, and runs of digits and signs (which leet spelling reads as letters). */
const SEGMENTS = /\p{L}+|[\p{N}$@]+/gu;

/** Whether a segment (all letters, or all digits and signs) is letters. */
function isLetters(segment: string): boolean {
  const c = segment.charCodeAt(0);
  if (c < 0x80) return !(c >= 0x30 && c <= 0x39) && c !== 0x24 && c !== 0x40;
  return !/\p{N}/u.test(segment);
}

/** Words: letters, digits, `$` and `@` (a "$" before letters may be an s). */
const WORDS_WITH_SIGNS = /[^\p{L}\p{N}$@]+/u;

/** Most sign runs of one word whose readings are all tried (2^4 of them). */
const MAX_SIGN_RUNS = 4;

/** A segment of letters, in `kinds` below. */
const LETTERS = -1;
/** A run of digits or signs the table does not read ("2024"). */
const NUMBER = -2;

/** A `mask` reading every run of signs as letters, however many there are. */
const EVERY_RUN = -1;

/**
 * One reading of a word cut into `segments`, whose `kinds` are LETTERS,
 * NUMBER, or the bit of `mask` that says whether that run of signs is read
 * as letters (every run for {@link EVERY_RUN}: a bit mask stops at 32). A
 * run not read as letters separates words and is a word of its own, as it
 * would be alone in the caption.
 */
function readingOf(
  segments: readonly string[],
  kinds: readonly number[],
  mask: number,
): Piece[] {
  const pieces: Piece[] = [];
  let text = "";
  let leet = false;
  for (let i = 0; i < segments.length; i++) {
    const kind = kinds[i];
    if (kind === LETTERS) {
      text += segments[i];
    } else if (kind >= 0 && (mask === EVERY_RUN || mask & (1 << kind))) {
      text += readLeet(segments[i]);
      leet = true;
    } else {
      if (text) pieces.push({ text, leet });
      pieces.push({ text: segments[i], leet: false });
      text = "";
      leet = false;
    }
  }
  if (text) pieces.push({ text, leet });
  return pieces;
}

/** The ways one word of the caption is read. */
interface Readings {
  /** Every run of digits or signs separating words ("casino", "2024"). */
  separated: Piece[];
  /** Every run the table reads read as letters, or null when none is. */
  asLetters: Piece[] | null;
  /** Some runs read as letters, the others separating words. */
  mixed: Piece[][];
}

/**
 * The readings of one word of the caption (letters, digits, `$` and `@`).
 * Signs are read as letters only in a word that has a letter: "141" and
 * "$5" stay numbers; and a run with a sign not in the table ("2024") always
 * separates words. Past MAX_SIGN_RUNS runs, only all or none are tried.
 */
function readingsOf(word: string): Readings {
  const segments = word.match(SEGMENTS) ?? [];
  const letters = segments.map(isLetters);
  const hasLetter = letters.includes(true);
  let runs = 0;
  const kinds = segments.map((s, i) => {
    if (letters[i]) return LETTERS;
    if (!hasLetter || readLeet(s) === null) return NUMBER;
    return runs++;
  });
  const separated = readingOf(segments, kinds, 0);
  if (runs === 0) return { separated, asLetters: null, mixed: [] };
  const mixed: Piece[][] = [];
  if (runs <= MAX_SIGN_RUNS) {
    for (let mask = 1; mask < 2 ** runs - 1; mask++) {
      mixed.push(readingOf(segments, kinds, mask));
    }
  }
  return {
    separated,
    asLetters: readingOf(segments, kinds, EVERY_RUN),
    mixed,
  };
}

interface Phrase {
  /** The spellings of each word but the last. */
  leading: Set<string>[];
  /** The spellings of the last word and of its plural. */
  last: Set<string>;
  original: string;
}

/** A spelling in `table` under `name`, unless one is there already. */
function addForm(table: Map<string, string>, form: string, name: string) {
  if (!table.has(form)) table.set(form, name);
}

/** A word and its plural. */
function andPlural(word: string): string[] {
  const plural = pluralOf(word);
  return plural ? [word, plural] : [word];
}

/**
 * A word (and its plural, `plural`) as it may be read from leet: its
 * digits and signs read as letters ("follow4follow" as "followafollow"),
 * and its i and l written as 1.
 */
function leetSpellings(word: string, plural: boolean): Set<string> {
  const out = new Set<string>();
  for (const form of plural ? andPlural(word) : [word]) {
    const read = readingsOf(form).asLetters;
    const asLetters = read?.length === 1 ? read[0].text : form;
    for (const spelling of [...withOnes(form), ...withOnes(asLetters)]) {
      out.add(spelling);
    }
  }
  return out;
}

/** Any digit or sign: a word without one is read only as written. */
const SIGN = /[\p{N}$@]/u;

/** The other spellings of a stop-word list (the built-in one plus extras). */
export class StopWordSpellings {
  /**
   * A single stop word and its plural, and each phrase written without
   * spaces (and so with its plural), each to the stop word it names.
   */
  readonly #forms = new Map<string, string>();
  /**
   * What a word with signs read as letters is compared with: those above
   * with their i and l written as 1 ("c1alis"), and stop words with digits
   * read the same way ("follow4follow" as "followafollow").
   */
  readonly #leetForms = new Map<string, string>();
  /** Phrases by the spellings of their first word. */
  readonly #phrases = new Map<string, Phrase[]>();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const parts = tokensOf(normaliseCaption(entry));
      if (parts.length === 0) continue;
      // A phrase written without spaces ("freemoney") counts too.
      const name = parts.length === 1 ? parts[0] : entry;
      const glued = parts.join("");
      for (const form of andPlural(glued)) addForm(this.#forms, form, name);
      for (const form of leetSpellings(glued, true)) {
        addForm(this.#leetForms, form, name);
      }
      if (parts.length === 1) continue;
      const phrase: Phrase = {
        leading: parts.slice(0, -1).map((w) => leetSpellings(w, false)),
        last: leetSpellings(parts[parts.length - 1], true),
        original: entry,
      };
      for (const first of phrase.leading[0]) {
        this.#phrases.set(first, [...this.#phrases.get(first) ?? [], phrase]);
      }
    }
  }

  /**
   * The first stop word or phrase the caption holds in another spelling,
   * or null. `read` is readCaption(caption), passed by a caller that has
   * it (StopWords.find).
   */
  find(caption: string, read = readCaption(caption)): string | null {
    const { normalised, runs } = read;
    const words = normalised.split(WORDS_WITH_SIGNS).filter(Boolean);
    // Spaced-out letters ("c 4 s i n o s") are one word, as in caption_checks.ts.
    /** The caption's words read one way throughout, for the phrases. */
    const separated: string[] = [];
    const asLetters: string[] = [];
    let signs = false;
    for (const [k, word] of [...words, ...runs].entries()) {
      const inCaption = k < words.length;
      if (!SIGN.test(word)) {
        // Most words, and every word of a caption without digits: cheap.
        const name = this.#forms.get(word);
        if (name) return name;
        if (inCaption) {
          separated.push(word);
          asLetters.push(word);
        }
        continue;
      }
      signs = true;
      const r = readingsOf(word);
      for (const piece of r.separated) {
        const name = this.#forms.get(piece.text);
        if (name) return name;
      }
      for (const reading of r.asLetters ? [r.asLetters, ...r.mixed] : []) {
        for (const piece of reading) {
          // A piece with no sign read as a letter is a piece of
          // `r.separated` (letters between runs, or a run left as it is),
          // looked up above already.
          if (!piece.leet) continue;
          const name = this.#leetForms.get(piece.text);
          // A stop word with digits ("f4f", "l4l") counts only as a whole
          // word of the caption with all its signs read as letters: a piece
          // of "#f4f4f4" or "3f4f9c1", or spaced-out letters ("l/a/1.bin"),
          // is too short a chance.
          if (
            name &&
            !(/\d/.test(name) && !(inCaption && reading === r.asLetters))
          ) {
            return name;
          }
        }
      }
      if (inCaption) {
        for (const p of r.separated) separated.push(p.text);
        for (const p of r.asLetters ?? r.separated) asLetters.push(p.text);
      }
    }
    return this.#phraseIn(separated) ??
      (signs ? this.#phraseIn(asLetters) : null);
  }

  /** The first phrase in `words`, its last word possibly plural. */
  #phraseIn(words: string[]): string | null {
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.#phrases.get(words[i]) ?? []) {
        const n = phrase.leading.length;
        if (
          i + n < words.length &&
          phrase.last.has(words[i + n]) &&
          phrase.leading.every((w, j) => w.has(words[i + j]))
        ) return phrase.original;
      }
    }
    return null;
  }
}
