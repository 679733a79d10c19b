/**
 * The calendar's edit form for one scheduled post: its date, time and
 * caption, judged as the composer judges them before Save, which sends
 * PATCH /api/jobs/{id} through the calendar (islands/CalendarView.tsx).
 * @module
 */
import { useState } from "preact/hooks";
import type { z } from "zod";
import { CaptionField, useCaptionCheck } from "./CaptionField.tsx";
import { ErrorRegion } from "./StatusRegion.tsx";
import { keepOnEscape } from "./confirm_focus.ts";
import { runTimePassed } from "./compose_rules.ts";
import { pageWords } from "./page_words.ts";
import {
  browserZone,
  fromLocalInput,
  toLocalInput,
  typedTimeNote,
} from "./local_times.ts";
import type { Refusal } from "./calendar_entries.ts";
import type { StopWordList } from "../lib/posting/caption_checks.ts";
import type { JobJson } from "../lib/http/api_responses.ts";
import type { JobPatchBody } from "../lib/http/api_schemas.ts";

/** PATCH /api/jobs/{id}'s body: a new run time, a new caption, or both. */
export type JobChange = z.input<typeof JobPatchBody>;

/**
 * Closed unsaved by Close or Escape; Save sends only what changed, and a
 * refusal is said in the form, beside Save, where focus is.
 */
export function CalendarEditForm(
  props: {
    job: JobJson;
    stopWords: StopWordList;
    /** Why the last Save was refused, said in the form, beside Save. */
    refused: Refusal | null;
    onSave: (body: JobChange) => Promise<unknown>;
    /** Closes the form unsaved (Close, Escape). */
    onClose: () => void;
  },
) {
  const [when, setWhen] = useState(toLocalInput(props.job.run_at));
  /** The time Save last sent: a refusal of the time marks it until changed. */
  const [sent, setSent] = useState("");
  const [title, setTitle] = useState(props.job.title);
  const [busy, setBusy] = useState(false);
  // The caption is judged as the composer judges it, before Save.
  const check = useCaptionCheck(title, props.stopWords);
  const captionChanged = title !== props.job.title;
  const captionWrong = captionChanged &&
    (check.problem !== null || check.overLimit);
  const passed = runTimePassed(when);
  // The time as the job holds it is not read from the field (Save sends no
  // run_at then): a job at the second of a time the clocks show twice is
  // not "the first" until the time is changed.
  const note = when !== toLocalInput(props.job.run_at) && typedTimeNote(when);
  const id = `edit-${props.job.job_id}`;
  const timeRefused = !!props.refused?.time && when === sent;
  return (
    <form
      class="edit"
      data-testid="entry-form"
      onKeyDown={keepOnEscape(props.onClose)}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setSent(when);
        const body: JobChange = {};
        if (when !== toLocalInput(props.job.run_at)) {
          body.run_at = fromLocalInput(when);
        }
        if (title !== props.job.title) body.title = title;
        try {
          if (body.run_at || body.title !== undefined) await props.onSave(body);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for={`${id}-when`}>Date and time in {browserZone()}</label>
      <input
        id={`${id}-when`}
        type="datetime-local"
        value={when}
        required
        aria-invalid={passed || timeRefused}
        aria-describedby={`${id}-when-problem${
          timeRefused ? ` ${id}-refused` : ""
        }`}
        onInput={(e) => setWhen(e.currentTarget.value)}
      />
      <div aria-live="polite" id={`${id}-when-problem`}>
        {note && <p class="muted" data-testid="entry-when-note">{note}</p>}
        {passed && (
          <p class="error-message" data-testid="entry-when-passed">
            {pageWords().pastRunTime}
          </p>
        )}
      </div>
      <CaptionField
        id={`${id}-title`}
        testId="entry-title"
        value={title}
        rows={3}
        check={check}
        onInput={setTitle}
      />
      {/* In the form, beside Save where focus is, not atop the calendar. */}
      <ErrorRegion
        id={`${id}-refused`}
        testId="entry-form-refused"
        message={props.refused?.text ?? ""}
      />
      <span class="actions">
        <button
          type="submit"
          disabled={busy || passed || captionWrong}
          // Disabled, it says why: the problems shown under the fields;
          // refused, why too.
          aria-describedby={[
            passed && `${id}-when-problem`,
            captionWrong && `${id}-title-problem`,
            props.refused && `${id}-refused`,
          ].filter(Boolean).join(" ") || undefined}
        >
          Save
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      </span>
    </form>
  );
}
