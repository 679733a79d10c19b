/**
 * Browser side: a record's time (`LocalTime`, inside an island or not) is
 * written by the server in UTC, saying so, as it does not know the
 * browser's zone; the boot script writes it again in the browser's zone and
 * words (`data-local="zone"`: with the zone's name) before any island is
 * hydrated, with the one rule every island's records use (`localTime`,
 * docs/dashboard.md#times), so the island hydrates the text shown. Without
 * scripts the UTC time stays, labelled.
 * @module
 */
import { localTime } from "../../components/local_times.ts";

/** Rewrites every `<time data-local>` in the browser's zone. */
export function localizeRecordTimes(): void {
  for (
    const el of document.querySelectorAll<HTMLTimeElement>("time[data-local]")
  ) {
    el.textContent = localTime(el.dateTime, el.dataset.local === "zone");
  }
}
