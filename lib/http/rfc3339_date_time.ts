/**
 * A date-time field of the API (a job's `run_at`): RFC 3339 with a zone.
 * Its §5.6 lets the `T` separator and the `Z` zone be written in lower
 * case, so `2026-12-06t12:00:00z` is the same instant as
 * `2026-12-06T12:00:00Z` and is taken as it (normalised to upper case
 * before the check; docs/scheduling.md#creating-a-job). A space for the
 * `T`, which RFC 3339 mentions only as a note, stays refused.
 * @module
 */
import { z } from "zod";

/** The one format zod checks: upper-case `T` and `Z`, an offset allowed. */
const UPPER_CASE = { offset: true, precision: null, local: false } as const;

/**
 * `value` with a lower-case `t` separator and `z` zone in upper case. Typed
 * as the string the field takes (so clients' types say string); anything
 * else a client sends passes unchanged to zod's refusal.
 */
function upperCaseSeparators(value: string): string {
  return typeof value === "string"
    ? value.replace(/^(\d{4}-\d\d-\d\d)t/, "$1T").replace(/z$/, "Z")
    : value;
}

/**
 * The pattern the OpenAPI document and MCP tool schemas show: zod's, with
 * the lower-case `t` and `z` the field takes, so a client that checks a
 * value against the document agrees with the server.
 */
function caseFreePattern(): string {
  const source = z.regexes.datetime(UPPER_CASE).source;
  const pattern = source.replace(")T(", ")[Tt](").replace("(?:Z|", "(?:[Zz]|");
  if (pattern === source || !pattern.includes("[Zz]")) {
    throw new Error("zod's date-time pattern changed: update caseFreePattern");
  }
  return pattern;
}

/** An RFC 3339 date-time with a zone, refused with `message`. */
export function rfc3339DateTime(message: string) {
  return z.preprocess(
    upperCaseSeparators,
    z.iso.datetime({ ...UPPER_CASE, message }),
  ).meta({ format: "date-time", pattern: caseFreePattern() });
}
