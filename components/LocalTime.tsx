/**
 * A record's time as the dashboard shows it: in the browser's zone and
 * words (localTime, components/local_times.ts), the exact instant kept in
 * `dateTime` for machines and assistive technology. Rendered outside an
 * island, it is written in local time by the boot script
 * (`data-local`, lib/islands/local_record_times.ts).
 * @module
 */
import { localTime } from "./local_times.ts";

export function LocalTime({ at }: { at: string }) {
  return <time dateTime={at} data-local>{localTime(at)}</time>;
}
