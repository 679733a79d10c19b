/**
 * Caption rules on the server (docs/posting.md#caption-rules): the shared
 * rule code of caption_checks.ts with Unicode's full confusable table, and
 * the AppError the API answers with. `POST /api/caption/check` answers
 * `captionProblem` with the same list (docs/posting.md#checking-a-caption).
 * @module
 */
import { AppError } from "../errors.ts";
import { confusableSkeleton } from "./confusable_skeleton.ts";
import { captionProblem, readCaption, StopWordList } from "./caption_checks.ts";
import { StopWordSpellings } from "./stop_word_spellings.ts";
import { STOP_WORDS } from "./stop_words.ts";

export {
  captionProblem,
  containsLink,
  normaliseCaption,
} from "./caption_checks.ts";

/**
 * The stop-word list with the full look-alike search, and the spellings
 * only the server searches (plurals, digits glued on, leet:
 * stop_word_spellings.ts).
 */
export class StopWords extends StopWordList {
  readonly #spellings: StopWordSpellings;

  constructor(extra: readonly string[] = []) {
    super(extra, confusableSkeleton);
    this.#spellings = new StopWordSpellings([...STOP_WORDS, ...extra]);
  }

  /** The caption is read once, for both searches (caption_checks.ts). */
  override find(caption: string, read = readCaption(caption)): string | null {
    return super.find(caption, read) ?? this.#spellings.find(caption, read);
  }
}

/**
 * Applies the caption rules in order, links first
 * (docs/posting.md#order-of-checks). Returns the caption normalised
 * (normaliseCaption), as the rules read it: the duplicate checks compare
 * the same form (caption_marks.ts), so it is worked out once.
 * @throws {AppError} `links_forbidden` or `forbidden_word`
 */
export function checkCaption(caption: string, stopWords: StopWords): string {
  const read = readCaption(caption);
  const problem = captionProblem(caption, stopWords, read);
  if (problem) throw new AppError(problem.code, problem.message);
  return read.normalised;
}
