/**
 * "When" (docs/dashboard.md#scheduling): now, or a time in the browser's
 * zone, with the account's next free time and why the time chosen cannot
 * go (TikTok's cooldown, the posting limits, a time that has passed).
 * @module
 */
import { localWhen, PAST_RUN_TIME } from "../compose_rules.ts";
import { browserZone } from "../local_times.ts";
import type { PostWhen, ScheduleTiming } from "./schedule_timing.ts";

export interface ScheduleChoiceProps {
  when: PostWhen;
  /** `datetime-local` value: the browser's own time zone. */
  localRunAt: string;
  /** When the account's limits take a post again, if known. */
  nextFree: string | null;
  /** End of TikTok's cooldown for this account, if known. */
  cooldownUntil: string | null;
  timing: ScheduleTiming;
  /** "Now" is chosen during TikTok's cooldown. */
  nowPaused: boolean;
  onWhen: (when: PostWhen) => void;
  onRunAt: (localValue: string) => void;
}

export function ScheduleChoice(props: ScheduleChoiceProps) {
  const { when, localRunAt, nextFree, cooldownUntil } = props;
  const { inCooldown, nowIsFree, nowIsLimited, runAtPassed, beforeNextFree } =
    props.timing;
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
            aria-invalid={runAtPassed || beforeNextFree}
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
            {nowIsFree ? "now" : localWhen(nextFree)}
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
          TikTok paused posting for this account until{" "}
          {localWhen(cooldownUntil!)}: choose Schedule to post it then or later.
        </p>
      )}
      {nowIsLimited && !inCooldown && (
        <p class="muted" data-testid="post-now-limited">
          This account's posting limits take the next post at{" "}
          {localWhen(nextFree!)}: a post now will be refused. Schedule it for
          then instead.
        </p>
      )}
      {/* The time's problems: tied to its field, and announced. */}
      <div aria-live="polite" id="post-run-at-problem">
        {runAtPassed && (
          <p class="error-message" data-testid="post-run-at-passed">
            {PAST_RUN_TIME}
          </p>
        )}
        {beforeNextFree && (
          <p class="error-message" data-testid="post-before-next-free">
            This account's posting limits take posts again from{" "}
            {localWhen(nextFree!)}: pick that time or later.
          </p>
        )}
      </div>
    </fieldset>
  );
}
