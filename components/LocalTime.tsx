/**
 * A record's time as the dashboard shows it: in the browser's zone and
 * words (localTime, components/local_times.ts), the exact instant kept in
 * `dateTime` for machines and assistive technology.
 * @module
 */
import { localTime } from "./local_times.ts";

export function LocalTime({ at }: { at: string }) {
  return <time dateTime={at}>{localTime(at)}</time>;
}
