/**
 * A record's time as the dashboard shows it: in the browser's zone and
 * words (localTime, components/local_times.ts), the exact instant kept in
 * `dateTime` for machines and assistive technology. Rendered outside an
 * island, it is written in local time by the boot script
 * (`data-local`, lib/islands/local_record_times.ts). With `zone`, the
 * zone's short name follows it (`2:05 PM EST`), where the page's words say
 * the time is the reader's own (docs/dashboard.md#times).
 * @module
 */
import { localTime } from "./local_times.ts";

export function LocalTime({ at, zone }: { at: string; zone?: boolean }) {
  return (
    <time dateTime={at} data-local={zone ? "zone" : ""}>
      {localTime(at, zone)}
    </time>
  );
}
