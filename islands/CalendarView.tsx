import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  ApiCallError,
  callApi,
  dayKey,
  errorText,
  fillWords,
  kindName,
  localDay,
  localTime,
  localWhen,
  OutdatedListNotice,
  pageWords,
  postCalled,
  StatusRegion,
  useFocusRescue,
  useRefreshWhile,
} from "../components/shared_chunk.ts";
import { useCurrentDay } from "../components/current_day.ts";
import {
  atTimeOfDay,
  dayParts,
  daysOf,
  shiftedAnchor,
} from "../components/calendar_days.ts";
import type { CalendarRange } from "../components/calendar_days.ts";
import { entriesOf, entryName } from "../components/calendar_entries.ts";
import type { Entry, Refusal } from "../components/calendar_entries.ts";
import { CalendarEntry } from "../components/CalendarEntry.tsx";
import type { JobChange } from "../components/CalendarEditForm.tsx";
import { useCalendarLists } from "../components/calendar_lists.ts";
import type { FirstPages } from "../components/calendar_lists.ts";
import { nextAfter } from "../lib/jobs/next_scheduled.ts";
import { StopWordList } from "../lib/posting/caption_checks.ts";
import type { JobJson, JobResponse } from "../lib/http/api_responses.ts";

export interface CalendarViewProps extends FirstPages {
  /** The server's time: the week shown first, unless `show` names one. */
  now: string;
  /** An instant whose week is shown first (a linked job's run time). */
  show?: string;
  /** The configured extra stop words, for the caption check while typing. */
  extraStopWords: string[];
  /**
   * The account's next scheduled post as the server found it (its job
   * calendar), which the first pages of jobs may not hold; null for none.
   */
  next: { id: string; at: number } | null;
}

/**
 * Week and month views of scheduled and published posts in the browser's
 * zone. A scheduled post is moved by dragging it to another day (its time
 * of day kept) or edited (date, time, caption); both through PATCH
 * /api/jobs/{id}, so every scheduling rule applies. Cancel asks first.
 */
export default function CalendarView(props: CalendarViewProps) {
  const [view, setView] = useState<CalendarRange>("week");
  const [anchor, setAnchor] = useState(new Date(props.show ?? props.now));
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  /** A failure to read the calendar, or a refusal whose post is not shown. */
  const [error, setError] = useState("");
  const { jobs, posts, cover, refresh, reload, placeJob } = useCalendarLists(
    props,
    setError,
  );
  // Back from another tab or app, the calendar shows what ran, moved or
  // was cancelled meanwhile (docs/dashboard.md#freshness).
  const outdated = useRefreshWhile(
    false,
    0,
    refresh,
    "refreshing the calendar",
    true,
  );
  const [refused, setRefused] = useState<Refusal | null>(null);
  // Where focus goes when an action took its control away: a post moved or
  // cancelled, a form saved, a month's day opened as its week.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const labelRef = useRef<HTMLHeadingElement>(null);
  const rescueFocus = useFocusRescue();
  const stopWords = useMemo(
    () => new StopWordList(props.extraStopWords),
    [],
  );
  // The server does not know the browser's zone: it places no post and
  // names no day, and the browser places them once mounted, so no first
  // paint shows a post on UTC's day (docs/dashboard.md#times).
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const now = useCurrentDay(props.now, mounted);
  const named = (d: Date) => localDay(d, now);

  const entries = entriesOf(jobs, posts, refused?.id);
  const days = daysOf(view, anchor);
  const month = anchor.getMonth();
  const shownDays = new Set(days.map((d) => dayKey(d)));
  const shown = (e: Entry) => shownDays.has(dayKey(new Date(e.at)));
  const empty = !entries.some(shown);
  // A refused post moved out of view elsewhere: its refusal goes on top.
  const refusedAway = refused &&
    !entries.some((e) => e.id === refused.id && shown(e));

  // The next scheduled post, by the server's rule (nextAfter,
  // docs/scheduling.md#calendar-page) applied to the jobs held, so an
  // Edit or Cancel post keeps it true; the server's own until its job is
  // read. Its week may not be the one shown first: named above, one link
  // away (?job=).
  const next = nextAfter(
    jobs.filter((j) => j.state === "scheduled").map((j) => ({
      id: j.job_id,
      at: Date.parse(j.run_at),
    })).concat(
      jobs.some((j) => j.job_id === props.next?.id) ? [] : props.next ?? [],
    ),
    mounted ? Date.now() : Date.parse(props.now),
  );
  const nextAt = next && new Date(next.at).toISOString();

  const start = days[0].getTime();
  // The range whose posts were last all read: until it is the one shown
  // (and before mount) the calendar is busy, `aria-busy` on its section,
  // which tests wait for (docs/dashboard.md#calendar-posts-and-media).
  const [covered, setCovered] = useState(0);
  const busy = covered !== start;
  useEffect(() => {
    if (mounted) cover(start).then(() => setCovered(start));
  }, [mounted, start]);

  async function act(
    done: string,
    id: string,
    call: () => Promise<JobResponse>,
  ) {
    setStatus("");
    setError("");
    setRefused(null);
    try {
      placeJob(await call());
      // Its edit form closes in this same render, before focus is rescued:
      // closed after, a form saved by Enter in its time field (focus still
      // there, nothing lost yet) would drop focus to the page's start
      // (docs/dashboard.md#keyboard).
      setEditing((open) => open === id ? null : open);
      setStatus(done);
      rescueFocus(() => statusRef.current);
    } catch (e) {
      await reload(id, (at) => {
        setRefused({
          id: at,
          text: errorText(e),
          time: e instanceof ApiCallError && !!e.extra.next_free_at,
        });
        // Save when its form is still open, else the refusal beside the
        // post (its buttons go once it is no longer scheduled).
        rescueFocus(() =>
          document.querySelector<HTMLElement>(
            `#edit-${at}-refused p, #entry-${at}-refused p`,
          ) ?? errorRef.current
        );
      });
    }
  }

  function patch(job: JobJson, body: JobChange) {
    const words = pageWords().cards;
    const caption = "title" in body;
    return act(
      // What changed, the post named as saved; with no caption, by its
      // kind: "the photo post", as its buttons
      // (docs/dashboard.md#accessibility-and-themes).
      fillWords(
        body.run_at
          ? caption ? words.rescheduledCaption : words.rescheduled
          : words.captionChanged,
        {
          post: postCalled(
            caption ? body.title : job.title,
            kindName(job.media_type === "PHOTO"),
          ),
          at: body.run_at ? localWhen(body.run_at) : "",
        },
      ),
      job.job_id,
      () => callApi<JobResponse>("PATCH", `/api/jobs/${job.job_id}`, body),
    );
  }

  function dropOn(day: Date, jobId: string) {
    const job = jobs.find((j) => j.job_id === jobId);
    if (!job || job.state !== "scheduled") return;
    const at = new Date(job.run_at);
    const moved = atTimeOfDay(day, at);
    if (moved.getTime() !== at.getTime()) {
      patch(job, { run_at: moved.toISOString() });
    }
  }

  function shift(step: number) {
    setAnchor(shiftedAnchor(anchor, view, step));
  }

  /**
   * Week or month: a success said of the view left ("Cancelled …",
   * "Rescheduled … to …") is not left under the new one's heading, where
   * it would read as said of it (docs/dashboard.md#calendar-posts-and-media).
   */
  function showView(v: CalendarRange) {
    setView(v);
    setStatus("");
  }

  const label = !mounted
    ? "Placing posts in your time zone…"
    : view === "week"
    ? `Week of ${named(days[0])}`
    : anchor.toLocaleDateString(undefined, {
      month: "long",
      year: "numeric",
    });

  return (
    <>
      {
        /* Its time once placed, as the calendar's days: in UTC it would
          name UTC's day (docs/dashboard.md#times). */
      }
      {next && (
        <p class="muted" data-testid="calendar-next">
          Next scheduled:{" "}
          <time dateTime={nextAt!}>
            {mounted ? localTime(nextAt!, true) : "…"}
          </time>
          {
            /* Its week shown already, a link to it would only reload it
              (docs/dashboard.md#calendar-posts-and-media). */
          }
          {!(mounted && shownDays.has(dayKey(new Date(next.at)))) && (
            <>
              {" "}— {
                /* A link, for a new tab or no script; clicked, its week is
                  shown in place, as a month's day opens its week. */
              }
              <a
                href={`/dashboard/calendar?job=${next.id}`}
                onClick={(e) => {
                  // Ctrl, Cmd or Shift asks for a new tab or window.
                  if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                  e.preventDefault();
                  setAnchor(new Date(next.at));
                  showView("week");
                  rescueFocus(() => labelRef.current);
                }}
              >
                show that week
              </a>
            </>
          )}
        </p>
      )}
      <section
        class="card"
        data-testid="calendar"
        data-view={view}
        aria-busy={busy}
      >
        <div class="toolbar">
          <div role="group" aria-label="View">
            {(["week", "month"] as const).map((v) => (
              <button
                key={v}
                type="button"
                class={view === v ? "" : "secondary"}
                aria-pressed={view === v}
                onClick={() => showView(v)}
              >
                {v === "week" ? "Week" : "Month"}
              </button>
            ))}
          </div>
          <div role="group" aria-label="Move">
            <button type="button" class="secondary" onClick={() => shift(-1)}>
              Previous
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => setAnchor(new Date())}
            >
              Today
            </button>
            <button type="button" class="secondary" onClick={() => shift(1)}>
              Next
            </button>
          </div>
        </div>
        <h2 data-testid="calendar-label" tabIndex={-1} ref={labelRef}>
          {label}
        </h2>
        <OutdatedListNotice shown={outdated} />
        <StatusRegion testId="calendar-status" regionRef={statusRef}>
          {status}
        </StatusRegion>
        <p
          class="error-message"
          role="alert"
          data-testid="calendar-error"
          tabIndex={-1}
          ref={errorRef}
        >
          {error || (refusedAway && refused.text)}
        </p>
        {empty && mounted && (
          <p class="muted" data-testid="calendar-empty">
            {busy ? "Loading…" : (
              <>
                {fillWords(pageWords().cards.nothingThis, { view })}
                <a href="/dashboard">Compose a post</a>
              </>
            )}
          </p>
        )}
        <ol class={`calendar ${view}`}>
          {mounted && days.map((day) => {
            const key = dayKey(day);
            const mine = entries.filter((e) => dayKey(new Date(e.at)) === key);
            const outside = view === "month" && day.getMonth() !== month;
            const today = key === dayKey(now);
            const name = dayParts(day);
            return (
              <li
                key={key}
                class={`day${outside ? " outside" : ""}${
                  today ? " today" : ""
                }`}
                aria-current={today ? "date" : undefined}
                data-day={key}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = e.dataTransfer?.getData("text/plain");
                  if (id) dropOn(day, id);
                }}
              >
                <h3>
                  {view === "month"
                    ? (
                      // A day of the month opens its week, where posts are edited.
                      <button
                        type="button"
                        class="link"
                        // Its visible text first, as WCAG's label in name asks.
                        aria-label={`${name.weekday} ${name.date} ${name.month}: show its week`}
                        onClick={() => {
                          setAnchor(day);
                          showView("week");
                          // The button goes with the month: the week's name
                          // says where it led.
                          rescueFocus(() => labelRef.current);
                        }}
                      >
                        <DayName day={day} />
                      </button>
                    )
                    : <DayName day={day} />}
                </h3>
                <ul>
                  {mine.map((e) => {
                    const name = entryName(e, named);
                    return (
                      <CalendarEntry
                        key={e.id}
                        entry={e}
                        name={name}
                        editing={editing === e.id}
                        refused={refused?.id === e.id ? refused : null}
                        stopWords={stopWords}
                        onEdit={() => {
                          setRefused(null);
                          setEditing(editing === e.id ? null : e.id);
                        }}
                        onCloseEdit={() => {
                          setRefused(null);
                          setEditing(null);
                        }}
                        onSave={(body) => patch(e.job!, body)}
                        onCancel={() =>
                          act(
                            // With no caption, by its kind and time, as its
                            // Cancel post names it ("the photo post, …").
                            `Cancelled ${postCalled(e.title, name)}.`,
                            e.id,
                            () =>
                              callApi<JobResponse>(
                                "DELETE",
                                `/api/jobs/${e.id}`,
                              ),
                          )}
                      />
                    );
                  })}
                </ul>
              </li>
            );
          })}
        </ol>
      </section>
    </>
  );
}

function DayName({ day }: { day: Date }) {
  const { weekday, date, month } = dayParts(day);
  return (
    <>
      <span class="weekday">{weekday}</span> {date}
      {/* Heard, not shown: a week or a month's grid crosses months. */}
      <span class="visually-hidden">{` ${month}`}</span>
    </>
  );
}
