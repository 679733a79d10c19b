/**
 * The composer's rules that need no browser: TikTok's words for privacy
 * levels, the request body from the composer's choices, and the
 * dashboard's format for an instant (docs/dashboard.md#tiktok-audit-checklist).
 * @module
 */

/** TikTok's own words for each privacy level (never the field names). */
export const PRIVACY_LABELS: Readonly<Record<string, string>> = {
  PUBLIC_TO_EVERYONE: "Everyone",
  MUTUAL_FOLLOW_FRIENDS: "Friends",
  FOLLOWER_OF_CREATOR: "Followers",
  SELF_ONLY: "Only me",
};

/** The words for a privacy level; an unknown level is shown as TikTok sent it. */
export function privacyLabel(level: string): string {
  return PRIVACY_LABELS[level] ?? level;
}

/** A `datetime-local` value that is not in the future (empty is not). */
export function runTimePassed(localValue: string, now = Date.now()): boolean {
  if (!localValue) return false;
  const at = new Date(localValue).getTime();
  return !Number.isNaN(at) && at <= now;
}

/**
 * The first whole minute at or after `iso`: the earliest time a person can
 * pick in a `datetime-local` field that is still free. The API's free times
 * are exact (an hour after a post made at 15:25:54 is 16:25:54), and shown
 * to the minute they would read 16:25, which is refused.
 */
export function firstPickableMinute(iso: string): string {
  const at = Date.parse(iso);
  return new Date(Math.ceil(at / 60_000) * 60_000).toISOString();
}

/**
 * The last whole minute at or before `at` (ms): the latest time a minute
 * field can hold that a rule ending at `at` still takes.
 */
export function lastPickableMinute(at: number): string {
  return new Date(Math.floor(at / 60_000) * 60_000).toISOString();
}

/** TikTok's caption limit, in UTF-16 units (what JavaScript's length counts). */
export const CAPTION_MAX_UNITS = 2200;

/** What the user chose in the composer. */
export interface ComposeChoices {
  mode: "video" | "photo";
  sourceUrl: string;
  photoImages: string[];
  coverIndex: number;
  autoAddMusic: boolean;
  title: string;
  privacy: string;
  allowComment: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  disclose: boolean;
  yourBrand: boolean;
  brandedContent: boolean;
  toDrafts: boolean;
}

/**
 * The direct_post body for the choices. Interactions are off unless turned
 * on; Duet and Stitch do not exist for photos (not sent); a closed disclosure sends no
 * brand choice. Drafts go by {@link draftBody}.
 */
export function composeBody(c: ComposeChoices): Record<string, unknown> {
  if (c.toDrafts) return draftBody(c);
  const common = {
    title: c.title,
    ...(c.privacy ? { privacy: c.privacy } : {}),
    disable_comment: !c.allowComment,
    is_ad: c.disclose,
    ad_your_brand: c.disclose && c.yourBrand,
    ad_branded_content: c.disclose && c.brandedContent,
  };
  if (c.mode === "photo") {
    return {
      media_type: "PHOTO",
      photo_images: c.photoImages,
      photo_cover_index: c.coverIndex,
      auto_add_music: c.autoAddMusic,
      ...common,
    };
  }
  return {
    source_url: c.sourceUrl,
    ...common,
    disable_duet: !c.allowDuet,
    disable_stitch: !c.allowStitch,
  };
}

/**
 * A draft for the creator's TikTok inbox (docs/posting.md#drafts): the
 * media and the caption only; the creator chooses privacy, interactions,
 * disclosure and a photo's music in the TikTok app, and the API refuses
 * the others on a draft.
 */
export function draftBody(c: ComposeChoices): Record<string, unknown> {
  const media = c.mode === "photo"
    ? {
      media_type: "PHOTO",
      photo_images: c.photoImages,
      photo_cover_index: c.coverIndex,
    }
    : { source_url: c.sourceUrl };
  return { ...media, title: c.title, post_mode: "MEDIA_UPLOAD" };
}

const HOUR_MS = 3_600_000;

/**
 * Where {@link localWhen} writes a time; by default the browser's. `named`:
 * always followed by the zone's short name (`3:03 PM EST`), where nothing
 * else on the page says whose time it is (the composer's).
 */
export interface WhenZone {
  locale?: string;
  timeZone?: string;
  named?: boolean;
}

/** The composer's times' zone: named (`3:03 PM EST`). */
export const NAMED: WhenZone = { named: true };

/** A time in the composer: {@link localWhen}'s, the zone named. */
export const namedWhen = (iso: string): string =>
  localWhen(iso, new Date(), NAMED);

/**
 * The time of day of an instant on the locale's own clock (`15:40` and
 * `09:05` in de-DE and en-GB, `3:40 PM` in en-US), in `zone` (the browser's by
 * default), with the zone's short name when asked (`01:10 PDT`); `more`
 * adds Intl's options (a record's day: `localTime`, local_times.ts).
 */
export function clockText(
  t: number,
  zone: WhenZone = {},
  timeZoneName?: "short",
  more?: Intl.DateTimeFormatOptions,
): string {
  const clock = (hour: "numeric" | "2-digit") =>
    new Intl.DateTimeFormat(zone.locale, {
      ...more,
      hour,
      minute: "2-digit",
      timeZone: zone.timeZone,
      timeZoneName,
    });
  // "9:05 AM" on a 12-hour clock, "09:05" on a 24-hour one (not "9:05").
  const f = clock("numeric");
  return (f.resolvedOptions().hour12 ? f : clock("2-digit")).format(t);
}

/**
 * Whether the clock reads the same an hour before or after `t`: `t` is in
 * the hour the clocks go back, which they show twice.
 */
export function shownTwice(t: number, clock: (t: number) => string): boolean {
  return [HOUR_MS, -HOUR_MS].some((h) => clock(t + h) === clock(t));
}

/**
 * The dashboard's one format for an instant (docs/dashboard.md#times):
 * `15:40`, or `Thu 3 Dec, 15:40` when not on `now`'s day, both in the
 * browser's zone and locale unless `zone` names others (tests do, to
 * compute what a browser in that zone shows). The day's words and the
 * clock (12 or 24 hours) follow the locale, as every other time on the
 * dashboard (records, the calendar) does; in the hour that happens twice,
 * with the zone's name (`01:10 PDT`).
 */
export function localWhen(
  iso: string,
  now = new Date(),
  zone: WhenZone = {},
): string {
  const { timeZone } = zone;
  const d = new Date(iso);
  const clock = (t: number, timeZoneName?: "short") =>
    clockText(t, zone, timeZoneName);
  // The hour the clocks go back happens twice: a time in it says which by
  // the zone's name then ("01:10 PDT", "01:10 PST"), or a limit's next
  // free time could read as the very time it refused.
  // Joined by no-break spaces: "3:40 PM" never wraps before its PM.
  const time = clock(
    +d,
    zone.named || shownTwice(+d, clock) ? "short" : undefined,
  )
    .replace(/\s/g, "\xa0");
  // The calendar day in the zone, not in UTC: late evening in New York is
  // already tomorrow in UTC.
  const day = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    timeZone,
  });
  if (day.format(d) === day.format(now)) return time;
  return `${localDay(d, now, zone)}, ${time}`;
}

/**
 * A day in words, as the dashboard writes days ("Thu 3 Dec" in en-GB,
 * "Thu, Dec 3" in en-US), with the year only when it is not `now`'s: a
 * job a year out reads as such.
 */
export function localDay(d: Date, now: Date, zone: WhenZone = {}): string {
  const { locale, timeZone } = zone;
  const year = new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone });
  return d.toLocaleDateString(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: year.format(d) === year.format(now) ? undefined : "numeric",
    timeZone,
  });
}
