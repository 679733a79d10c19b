/**
 * Leet spelling: ASCII digits and signs written for the letters they look
 * like ("p0rn", "CA$INO", "fr33 m0ney"), read back as letters for the
 * stop-word search (docs/posting.md#caption-rules).
 *
 * A small table of its own, not the confusable skeleton: the skeleton maps
 * letters of other alphabets and would read ASCII words wrongly ("pom" as
 * "porn"), and no npm package has just this narrow table (profanity
 * filters such as `obscenity` read "!", "|" or "(" as letters too, and "1"
 * one way only). Each sign here is the common one for its letter.
 * @module
 */

/**
 * The letter each sign is read as. "1" stands for i or l: it is kept, and
 * the stop words are spelled with 1 for their i and l instead (withOnes).
 */
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "1",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "$": "s",
  "@": "a",
};

/**
 * A run of signs ("33", "$", "0") read as letters, "1" kept; null when a
 * sign is not in the table ("2024" holds a 2: a number, not letters).
 */
export function readLeet(signs: string): string | null {
  let letters = "";
  for (const sign of signs) {
    const letter = LEET[sign];
    if (!letter) return null;
    letters += letter;
  }
  return letters;
}

/** The i and l of a word written as 1 in every combination, at most 2^6. */
const MAX_ONES = 6;

/**
 * A word's spellings with any of its i and l written as 1 ("cialis" as
 * "c1alis", "c1a11s"…), itself first; past MAX_ONES of them, the later
 * ones stay letters.
 */
export function withOnes(word: string): string[] {
  const chars = [...word];
  const at = chars.flatMap((c, i) => c === "i" || c === "l" ? [i] : [])
    .slice(0, MAX_ONES);
  const spellings: string[] = [];
  for (let mask = 0; mask < 1 << at.length; mask++) {
    spellings.push(
      chars.map((c, i) => {
        const bit = at.indexOf(i);
        return bit >= 0 && mask & (1 << bit) ? "1" : c;
      }).join(""),
    );
  }
  return spellings;
}
