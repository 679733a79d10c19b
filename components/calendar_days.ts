/**
 * The calendar's day arithmetic (docs/dashboard.md#calendar-posts-and-media):
 * which days a week or a month shows, and moving by whole days, weeks and
 * months, in the browser's zone and locale. The server, which does not know
 * them, shows no day (docs/dashboard.md#times).
 * @module
 */

/** The calendar shows one week, or the weeks covering a month. */
export type CalendarRange = "week" | "month";

/** `d` moved by whole days, keeping its wall-clock time across DST. */
export function addDays(d: Date, n: number): Date {
  const out = new Date(d);
  out.setDate(out.getDate() + n);
  return out;
}

/** What Intl.Locale says of weeks: V8 names it one way, others another. */
type WeekLocale = Intl.Locale & {
  getWeekInfo?: () => { firstDay: number };
  weekInfo?: { firstDay: number };
};

/**
 * The day a week starts on (0 Sunday to 6 Saturday): the browser's
 * locale's (Sunday in en-US, Monday in de-DE and en-GB), Monday where the
 * browser cannot say (docs/dashboard.md#calendar-posts-and-media).
 */
export function weekStart(): number {
  // The locale dates are written in: always a valid tag, where
  // navigator.language may not be one ("en-US@posix" under LANG=C).
  const l: WeekLocale = new Intl.Locale(
    Intl.DateTimeFormat().resolvedOptions().locale,
  );
  return ((l.getWeekInfo?.() ?? l.weekInfo)?.firstDay ?? 1) % 7;
}

/**
 * Local midnight of the first day of the week on or before `d`: counted
 * back in calendar days, not in 24-hour steps, as a day that changes
 * summer time lasts 23 or 25 hours and, where it changes on a weekday
 * (Israel's Friday), steps of 24 hours land on the day before at 23:00
 * (docs/dashboard.md#calendar-posts-and-media).
 */
function weekOf(d: Date): Date {
  const m = new Date(d);
  m.setHours(0, 0, 0, 0);
  return addDays(m, -((m.getDay() + 7 - weekStart()) % 7));
}

/** The days shown: one week, or the weeks covering the anchor's month. */
export function daysOf(view: CalendarRange, anchor: Date): Date[] {
  if (view === "week") {
    const start = weekOf(anchor);
    return Array.from({ length: 7 }, (_, i) => addDays(start, i));
  }
  const first = new Date(anchor);
  first.setDate(1);
  const month = first.getMonth();
  const days: Date[] = [];
  for (let d = weekOf(first);; d = addDays(d, 1)) {
    if (days.length % 7 === 0 && days.length > 0 && d.getMonth() !== month) {
      break;
    }
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
 * show them, in the browser's language as every other date is.
 */
export function dayParts(day: Date) {
  const part = (o: Intl.DateTimeFormatOptions) =>
    day.toLocaleDateString(undefined, o);
  return {
    weekday: part({ weekday: "short" }),
    date: day.getDate(),
    month: part({ month: "short" }),
  };
}
