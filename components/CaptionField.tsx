/**
 * A caption box with TikTok's counter (UTF-16 units, as TikTok counts) and
 * the caption rules while typing (docs/dashboard.md#caption): the browser's
 * own check, by the code posting runs (lib/posting/caption_checks.ts), then
 * the server's for look-alike letters. The composer and the calendar's edit
 * form both use it, so a caption is judged the same wherever it is typed.
 * @module
 */
import { captionProblem } from "../lib/posting/caption_checks.ts";
import type {
  CaptionProblem,
  StopWordList,
} from "../lib/posting/caption_checks.ts";
import { CAPTION_MAX_UNITS } from "./compose_rules.ts";
import { numberText } from "./number_text.ts";
import { fillWords, pageWords } from "./page_words.ts";
import { useServerCaptionProblem } from "./server_caption_check.ts";

export interface CaptionCheck {
  /** The first rule the caption breaks, or null. */
  problem: CaptionProblem | null;
  /** Longer than TikTok takes (CAPTION_MAX_UNITS). */
  overLimit: boolean;
}

/** What is wrong with `title` now; the server is asked only when the browser finds nothing. */
export function useCaptionCheck(
  title: string,
  stopWords: StopWordList,
): CaptionCheck {
  const localProblem = captionProblem(title, stopWords);
  const overLimit = title.length > CAPTION_MAX_UNITS;
  // Look-alikes need the server's table (docs/dashboard.md#caption).
  const serverProblem = useServerCaptionProblem(
    title,
    localProblem === null && !overLimit,
  );
  return { problem: localProblem ?? serverProblem, overLimit };
}

export interface CaptionFieldProps {
  /** The textarea's id; `-count` and `-problem` name its counter and problem. */
  id: string;
  /** The data-testid base, suffixed the same way. */
  testId: string;
  value: string;
  rows: number;
  check: CaptionCheck;
  onInput: (value: string) => void;
}

/** Why a caption over TikTok's limit cannot go, and by how much. */
function tooLongSentence(units: number): string {
  const over = units - CAPTION_MAX_UNITS;
  // The sentence is the page's (docs/dashboard.md#budget).
  return fillWords(pageWords().compose.captionTooLong, {
    over,
    s: over === 1 ? "" : "s",
  });
}

export function CaptionField(props: CaptionFieldProps) {
  const { id, testId, check } = props;
  return (
    <>
      <label for={id}>Caption</label>
      <textarea
        id={id}
        value={props.value}
        rows={props.rows}
        aria-describedby={`${id}-count ${id}-problem`}
        aria-invalid={check.problem !== null || check.overLimit}
        data-testid={testId}
        onInput={(e) =>
          props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p
        id={`${id}-count`}
        class={`counter${check.overLimit ? " over" : ""}`}
        data-testid={`${testId}-count`}
      >
        {numberText(props.value.length)} / {numberText(CAPTION_MAX_UNITS)}
      </p>
      <div aria-live="polite" id={`${id}-problem`}>
        {check.overLimit && (
          <p class="error-message" data-testid={`${testId}-too-long`}>
            {tooLongSentence(props.value.length)}
          </p>
        )}
        {check.problem && (
          <p
            class="error-message"
            data-testid={`${testId}-problem`}
            data-code={check.problem.code}
          >
            {check.problem.message}
          </p>
        )}
      </div>
    </>
  );
}
