/**
 * Durations in the site's words (lib/site/spoken_duration.ts): the
 * nearest whole unit on the pages, and a wait told at sign-in counted up
 * in seconds or minutes.
 */
import assert from "node:assert/strict";
import { spokenDuration } from "../lib/site/spoken_duration.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

Deno.test("a duration on the pages reads in the nearest whole unit", () => {
  for (
    const [ms, words] of [
      [365 * DAY, "12 months"],
      [30 * DAY, "30 days"],
      [3 * DAY, "3 days"],
      [48 * HOUR, "48 hours"],
      [HOUR, "1 hour"],
      [90 * MINUTE + 1, "2 hours"],
      [10 * MINUTE, "10 minutes"],
      [MINUTE, "1 minute"],
      [89_000, "1 minute"],
    ] as const
  ) {
    assert.equal(spokenDuration(ms), words, `${ms} ms`);
  }
});

Deno.test("a wait reads counted up, in seconds under a minute, else minutes", () => {
  for (
    const [seconds, words] of [
      [1, "a second"],
      [20, "20 seconds"],
      [59, "59 seconds"],
      [60, "a minute"],
      [61, "2 minutes"],
      [300, "5 minutes"],
      [3601, "61 minutes"],
    ] as const
  ) {
    assert.equal(
      spokenDuration(seconds * 1000, { wait: true }),
      words,
      `${seconds} s`,
    );
  }
});
