/**
 * Times in the browser's zone for the dashboard islands: the API speaks
 * UTC (ISO 8601), people read their own time. Every message an island
 * shows from the API goes through {@link errorText} (or
 * {@link localizeTimes} for a stored one): its UTC times in the
 * dashboard's one format for instants (`localWhen`), and a limit's next
 * free time named (docs/dashboard.md#times).
 * @module
 */
import { ApiCallError } from "./api_client.ts";
import {
  clockText,
  firstPickableMinute,
  localDay,
  localWhen,
  shownTwice,
  type WhenZone,
} from "./compose_rules.ts";
import { errorWords } from "./error_words.ts";
import { fillWords, pageWords } from "./page_words.ts";

const ISO_UTC = /\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z\b/g;

/**
 * The message with each UTC timestamp in it written in local time (with
 * the zone's name when `zone.named`: the composer's).
 */
export function localizeTimes(
  message: string,
  now = new Date(),
  zone: WhenZone = {},
): string {
  return message.replace(ISO_UTC, (iso) => localWhen(iso, now, zone));
}

/**
 * When a refused limit takes the request again: a job's `next_free_at`,
 * else the instant of `retry_after` (posting limits, TikTok's cooldown).
 */
function freeAt(extra: Record<string, unknown>): string | null {
  const at = extra.next_free_at ?? extra.retry_after;
  return typeof at === "string" && !Number.isNaN(Date.parse(at)) ? at : null;
}

/**
 * A failed call as an island shows it: the message (or the dashboard's own
 * words for its code, error_words.ts) with its times local,
 * then "Next free: <local time>." (the first whole minute the limit takes,
 * as the time field can hold it) when the error says when its limit frees
 * and the message does not already name that time (as `upload_limit`'s
 * "It resets at …" does).
 * @param options.now the time "today" and "tomorrow" are told from
 * @param options.zone as `localWhen`'s (the composer names the zone)
 */
export function errorText(
  error: unknown,
  { now = new Date(), zone = {} }: { now?: Date; zone?: WhenZone } = {},
): string {
  const message = error instanceof ApiCallError
    ? errorWords(error.code, error.message, error.extra)
    : error instanceof Error
    ? error.message
    : String(error);
  const text = localizeTimes(message, now, zone);
  const at = error instanceof ApiCallError ? freeAt(error.extra) : null;
  return at && !message.includes(at)
    ? `${text} Next free: ${localWhen(firstPickableMinute(at), now, zone)}.`
    : text;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A record's time, `Nov 27, 2026, 2:05 PM` in en-US and `27 Nov 2026,
 * 14:05` in en-GB, as Intl writes the day (month in words, no weekday,
 * always the year, as records may be months old) and the locale's clock,
 * in the browser's zone (docs/dashboard.md#times). The server, which does
 * not know the browser's zone, renders UTC on a 24-hour clock in en-US
 * words whatever its process's locale, and says so (`Nov 27, 2026, 13:05
 * UTC`), as the scheduled posts and the calendar do; hydrating, the
 * browser writes its own. With `zone`, followed by the
 * zone's short name as Intl writes it (`…, 2:05 PM EST`), for a time the
 * page's words say is the reader's own (Settings, Media); in the hour the
 * clocks show twice, always. `where` is for tests, as `localWhen`'s.
 */
export function localTime(
  iso: string,
  zone = false,
  where: WhenZone = {},
): string {
  const utc = typeof document === "undefined";
  const t = +new Date(iso);
  // The server names its locale: its runtime's follows the process's LANG
  // ("5. Jan. 2026" in Germany) beside the page's English words.
  const at = utc ? { timeZone: "UTC", locale: "en-US" } : where;
  return clockText(
    t,
    at,
    utc || zone || shownTwice(t, (x) => clockText(x, at)) ? "short" : undefined,
    {
      year: "numeric",
      month: "short",
      day: "numeric",
      hourCycle: utc ? "h23" : undefined,
    },
  )
    // Spaces not after a comma no-break: "2:05 PM" and "Nov 27" never
    // wrap; the line breaks only between the day, the year and the clock.
    .replace(/(?<!,)\s/g, "\xa0");
}

/**
 * A `datetime-local` input's value for `iso`, in the browser's zone: the
 * wall clock alone, as the field holds it.
 */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${dayKey(d)}T${wallClock(+d)}`;
}

/** The ISO (UTC) time of a `datetime-local` value, read in the browser's zone. */
export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

/**
 * What to say of a `datetime-local` value that names no single instant
 * in the browser's zone, said beside the time field (the composer, the
 * calendar's edit form) before anything is sent; null for any other
 * (docs/dashboard.md#scheduling). A time the clocks skip (02:30 the night
 * summer time starts in Los Angeles) is read by browsers as that far past
 * the change, 03:30; one they show twice (01:50 the night it ends) as the
 * first, and the field cannot hold the second. Times are written on the
 * locale's clock ("2:30 AM is skipped" in en-US).
 */
export function typedTimeNote(value: string): string | null {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const typed = value.slice(0, 16);
  const iso = at.toISOString();
  const real = toLocalInput(iso);
  // A wall-clock time, on the locale's clock: it may name no instant here.
  const wall = (v: string) =>
    clockText(Date.parse(`${v}Z`), { timeZone: "UTC" });
  const where = {
    time: wall(typed),
    day: localDay(at, new Date()),
    zone: browserZone(),
  };
  const words = pageWords();
  return real !== typed
    ? fillWords(words.clocksForward, { ...where, real: wall(real) })
    : toLocalInput(new Date(+at + 3_600_000).toISOString()) === typed
    ? fillWords(words.clocksBack, { ...where, at: localWhen(iso, at) })
    : null;
}

/** `YYYY-MM-DD` of a date in the browser's zone. */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The time of day of an ISO time on the locale's clock (`3:40 PM` in
 * en-US, `15:40` in de-DE) in the browser's zone; in the hour the clocks
 * show twice, with the zone's name then (`01:10 PDT`), as `localWhen`
 * writes it (docs/dashboard.md#times).
 */
export function clockTime(iso: string): string {
  const d = +new Date(iso);
  return clockText(d, {}, shownTwice(d, wallClock) ? "short" : undefined);
}

/** `HH:MM` of an instant on the browser's wall clock. */
function wallClock(t: number): string {
  const at = new Date(t);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * Places renamed since Chromium's time zone names were fixed: it still
 * answers the old name of a zone (Asia/Calcutta for Asia/Kolkata,
 * Europe/Kiev for Europe/Kyiv), which people there no longer use.
 */
const RENAMED: Readonly<Record<string, string>> = {
  Calcutta: "Kolkata",
  Kiev: "Kyiv",
  Saigon: "Ho_Chi_Minh",
  Katmandu: "Kathmandu",
  Rangoon: "Yangon",
  Godthab: "Nuuk",
  Faeroe: "Faroe",
  Enderbury: "Kanton",
  Ponape: "Pohnpei",
  Truk: "Chuuk",
  Asmera: "Asmara",
};

/**
 * The browser's IANA time zone, as fields that read a time name it, by
 * its place's name of today (docs/dashboard.md#scheduling).
 */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone.replace(
    /[^/]+$/,
    (place) => RENAMED[place] ?? place,
  );
}
