/**
 * "When" (docs/dashboard.md#scheduling): now, or a time in the browser's
 * zone, with the account's next free time and why the time chosen cannot
 * go (TikTok's cooldown, the posting limits, a time that has passed, a
 * time past what the plan keeps the media for).
 * @module
 */
import { spokenDuration } from "../../lib/site/spoken_duration.ts";
import { HOUR_MS } from "../../lib/time_units.ts";
import type { Ref } from "preact";
import { namedWhen } from "../compose_rules.ts";
import { fillWords, pageWords } from "../page_words.ts";
import { browserZone, toLocalInput, typedTimeNote } from "../local_times.ts";
import type {
  PostWhen,
  ScheduleInput,
  ScheduleTiming,
} from "./schedule_timing.ts";

export interface ScheduleChoiceProps extends ScheduleInput {
  /** How long the plan keeps files. */
  filesKeptHours: number;
  /** What the plan keeps: the video's file name, or "these photos". */
  keptMedia: string;
  timing: ScheduleTiming;
  /** "Now" is chosen during TikTok's cooldown. */
  nowPaused: boolean;
  onWhen: (when: PostWhen) => void;
  onRunAt: (localValue: string) => void;
  /** The time field, where focus goes once "Schedule for …" filled it. */
  runAtRef: Ref<HTMLInputElement>;
  /** "Schedule for …" was pressed, and is gone with focus on it. */
  onFreeChosen: () => void;
}

export function ScheduleChoice(props: ScheduleChoiceProps) {
  const { when, localRunAt, nextFree, cooldownUntil } = props;
  const {
    inCooldown,
    nowIsFree,
    nowIsLimited,
    runAtPassed,
    beforeNextFree,
    pastKept,
  } = props.timing;
  const note = when === "schedule" && typedTimeNote(localRunAt);
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <fieldset class="when">
      <legend>When</legend>
      {(["now", "schedule"] as const).map((w) => (
        <label key={w}>
          <input
            type="radio"
            name="when"
            checked={when === w}
            data-testid={`when-${w}`}
            onChange={() => props.onWhen(w)}
          />{" "}
          {w === "now" ? "Now" : "Schedule"}
        </label>
      ))}
      {when === "schedule" && (
        <label>
          Date and time in {browserZone()}{" "}
          <input
            type="datetime-local"
            value={localRunAt}
            ref={props.runAtRef}
            aria-invalid={runAtPassed || beforeNextFree || pastKept}
            aria-describedby="post-run-at-problem"
            data-testid="post-run-at"
            onInput={(e) =>
              props.onRunAt((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      )}
      {nextFree && (
        <p class="muted" data-testid="post-next-free">
          Next free:{" "}
          <time dateTime={nextFree}>
            {nowIsFree ? "now" : namedWhen(nextFree)}
          </time>
        </p>
      )}
      {props.nowPaused && (
        // Beside the choice that waits, not only atop the composer:
        // why "Post now" stays disabled once all else is chosen.
        <p
          class="error-message"
          id="post-now-paused"
          data-testid="post-now-paused"
        >
          {fillWords(words.nowPaused, { at: namedWhen(cooldownUntil!) })}
        </p>
      )}
      {nowIsLimited && !inCooldown && (
        <p class="muted" data-testid="post-now-limited">
          {fillWords(words.nowLimited, { at: namedWhen(nextFree!) })}
        </p>
      )}
      {nextFree && (props.nowPaused || nowIsLimited || beforeNextFree) && (
        // One click to the first time that goes, rather than typing it
        // (docs/dashboard.md#scheduling): an offer, not the form's own
        // button, so not its loud colour (nor an alarm after a post).
        <button
          type="button"
          class="secondary"
          data-testid="post-schedule-next-free"
          onClick={() => {
            props.onWhen("schedule");
            props.onRunAt(toLocalInput(nextFree));
            props.onFreeChosen();
          }}
        >
          Schedule for {namedWhen(nextFree)}
        </button>
      )}
      {/* The time's problems: tied to its field, and announced. */}
      <div aria-live="polite" id="post-run-at-problem">
        {note && (
          // Not a problem: the post can go then, but which time it is
          // needs saying.
          <p class="muted" data-testid="post-run-at-note">{note}</p>
        )}
        {runAtPassed && (
          <p class="error-message" data-testid="post-run-at-passed">
            {pageWords().pastRunTime}
          </p>
        )}
        {pastKept && (
          // The server's rule (docs/scheduling.md#creating-a-job), said
          // before sending rather than as its refusal after.
          <p class="error-message" data-testid="post-past-kept">
            {fillWords(words.pastKept, {
              // In the plan's words: "7 days", not "168 hours".
              kept: spokenDuration(props.filesKeptHours * HOUR_MS),
              media: props.keptMedia,
              at: namedWhen(props.latestKept!),
            })}
          </p>
        )}
        {beforeNextFree && (
          <p class="error-message" data-testid="post-before-next-free">
            {fillWords(words.beforeNextFree, { at: namedWhen(nextFree!) })}
          </p>
        )}
      </div>
    </fieldset>
  );
}
