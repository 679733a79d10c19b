/**
 * Times in the browser's zone for the dashboard islands: the API speaks
 * UTC (ISO 8601), people read their own time. Errors that name a time
 * (interval_limit's "at 2026-12-01T12:00:00.000Z", a job's run_at) are
 * shown with it in local time.
 * @module
 */
import { localTime } from "./api_client.ts";

const ISO_UTC = /\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z\b/g;

/** The message with each UTC timestamp in it written in local time. */
export function localizeTimes(message: string): string {
  return message.replace(ISO_UTC, (iso) => localTime(iso));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A `datetime-local` input's value for `iso`, in the browser's zone. */
export function toLocalInput(iso: string): string {
  return localTime(iso).replace(" ", "T");
}

/** The ISO (UTC) time of a `datetime-local` value, read in the browser's zone. */
export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

/** `YYYY-MM-DD` of a date, in the browser's zone or in UTC. */
export function dayKey(d: Date, utc = false): string {
  return utc
    ? d.toISOString().slice(0, 10)
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `HH:MM` of an ISO time, in the browser's zone or in UTC. */
export function clockTime(iso: string, utc = false): string {
  const d = new Date(iso);
  return utc
    ? iso.slice(11, 16)
    : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
