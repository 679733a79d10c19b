/** Wall-clock readings of an instant in a named time zone, for the browser tests. */

/**
 * `YYYY-MM-DDTHH:MM` (a `datetime-local` value) of `instant` in `zone`, on
 * a 24-hour clock.
 */
export function localMinute(instant: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(instant).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
