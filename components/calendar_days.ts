/**
 * The calendar's day arithmetic (docs/dashboard.md#calendar-posts-and-media):
 * which days a week or a month shows, and moving by whole days, weeks and
 * months. Every function takes `utc`: local days in the browser, UTC's
 * before the island is mounted (the server's render and the browser's
 * first, which must match; the calendar shows no day then, as the server
 * does not know the browser's zone, docs/dashboard.md#times).
 * @module
 */

/** The calendar shows one week, or the weeks covering a month. */
export type CalendarRange = "week" | "month";

/**
 * `d` moved by whole days, keeping its wall-clock time across DST: local
 * days, or UTC's before hydration.
 */
export function addDays(d: Date, n: number, utc: boolean): Date {
  const out = new Date(d);
  if (utc) out.setUTCDate(out.getUTCDate() + n);
  else out.setDate(out.getDate() + n);
  return out;
}

/** What Intl.Locale says of weeks: V8 names it one way, others another. */
type WeekLocale = Intl.Locale & {
  getWeekInfo?: () => { firstDay: number };
  weekInfo?: { firstDay: number };
};

/**
 * The day a week starts on (0 Sunday to 6 Saturday): the browser's
 * locale's (Sunday in en-US, Monday in de-DE and en-GB), Monday before
 * hydration (the server does not know the locale) and where the browser
 * cannot say (docs/dashboard.md#calendar-posts-and-media).
 */
export function weekStart(utc: boolean): number {
  if (utc) return 1;
  // The locale dates are written in: always a valid tag, where
  // navigator.language may not be one ("en-US@posix" under LANG=C).
  const l: WeekLocale = new Intl.Locale(
    Intl.DateTimeFormat().resolvedOptions().locale,
  );
  return ((l.getWeekInfo?.() ?? l.weekInfo)?.firstDay ?? 1) % 7;
}

/**
 * Midnight (local, or UTC before hydration) of the first day of the week
 * on or before `d`: counted back in calendar days, not in 24-hour steps,
 * as a day that changes summer time lasts 23 or 25 hours and, where it
 * changes on a weekday (Israel's Friday), steps of 24 hours land on the
 * day before at 23:00 (docs/dashboard.md#calendar-posts-and-media).
 */
function weekOf(d: Date, utc: boolean): Date {
  const m = new Date(d);
  if (utc) m.setUTCHours(0, 0, 0, 0);
  else m.setHours(0, 0, 0, 0);
  const day = (utc ? m.getUTCDay() : m.getDay()) + 7 - weekStart(utc);
  return addDays(m, -(day % 7), utc);
}

/** The month of `d` (0 to 11), local or UTC's. */
export function monthOf(d: Date, utc: boolean): number {
  return utc ? d.getUTCMonth() : d.getMonth();
}

/** The days shown: one week, or the weeks covering the anchor's month. */
export function daysOf(
  view: CalendarRange,
  anchor: Date,
  utc: boolean,
): Date[] {
  if (view === "week") {
    const start = weekOf(anchor, utc);
    return Array.from({ length: 7 }, (_, i) => addDays(start, i, utc));
  }
  const first = new Date(anchor);
  if (utc) first.setUTCDate(1);
  else first.setDate(1);
  const month = monthOf(first, utc);
  const days: Date[] = [];
  for (let d = weekOf(first, utc);; d = addDays(d, 1, utc)) {
    const m = monthOf(d, utc);
    if (days.length % 7 === 0 && days.length > 0 && m !== month) break;
    days.push(d);
  }
  return days;
}

/**
 * The anchor of the week or month `step` ranges from `anchor` (Previous,
 * Next): a month's on its first day, so none is skipped from the 31st.
 */
export function shiftedAnchor(
  anchor: Date,
  view: CalendarRange,
  step: number,
): Date {
  const next = new Date(anchor);
  if (view === "week") next.setDate(next.getDate() + 7 * step);
  else next.setMonth(next.getMonth() + step, 1);
  return next;
}

/** `day` at the local time of day of `at` (a post dragged to another day). */
export function atTimeOfDay(day: Date, at: Date): Date {
  const moved = new Date(day);
  moved.setHours(at.getHours(), at.getMinutes(), at.getSeconds(), 0);
  return moved;
}

/**
 * The weekday, date and month of `day`, as the calendar's day headings
 * show them, in the browser's language as every other date is. The
 * calendar names days only once mounted (docs/dashboard.md#times), so it
 * always passes `utc` false; the en-US UTC branch is its server render's
 * from before, unused now.
 */
export function dayParts(day: Date, utc: boolean) {
  const part = (o: Intl.DateTimeFormatOptions) =>
    // The server's in en-US, not its process's locale.
    day.toLocaleDateString(utc ? "en-US" : undefined, {
      ...o,
      timeZone: utc ? "UTC" : undefined,
    });
  return {
    weekday: part({ weekday: "short" }),
    date: utc ? day.getUTCDate() : day.getDate(),
    month: part({ month: "short" }),
  };
}
