/**
 * How the dashboard's islands show an API message
 * (docs/dashboard.md#times): each UTC time in it in the one format for
 * instants (`localWhen`), and a limit's next free time named once.
 */
import assert from "node:assert/strict";
import { ApiCallError } from "../components/api_client.ts";
import { localWhen } from "../components/compose_rules.ts";
import { errorText, localizeTimes } from "../components/local_times.ts";

const NOW = new Date("2026-12-03T10:00:00Z");
const AT = "2026-12-03T14:40:00.000Z";
/** What the islands show for `AT`, in this runtime's zone and locale. */
const shown = localWhen(AT, NOW);

Deno.test("UTC times in an API message are written in the dashboard's format, with no marker", () => {
  assert.equal(
    localizeTimes(`Another post is scheduled at ${AT}: 1 per hour.`, NOW),
    `Another post is scheduled at ${shown}: 1 per hour.`,
  );
  assert.equal(localizeTimes("No time here.", NOW), "No time here.");
});

Deno.test("a posting limit's retry_after is named as the next free time", () => {
  const daily = new ApiCallError(
    "daily_limit",
    "Daily TikTok posting limit (10/day) reached.",
    { ok: false, error: "daily_limit", retry_after: AT },
  );
  assert.equal(
    errorText(daily, NOW),
    `Daily TikTok posting limit (10/day) reached. Next free: ${shown}.`,
  );
});

Deno.test("a job's next_free_at is named as the next free time, after the conflicting time", () => {
  const conflict = new ApiCallError(
    "interval_limit",
    "Another post of this account is made or scheduled at 2026-12-03T13:40:00.000Z, less than an hour from the time asked for: TikTok posts are limited to 1 per hour.",
    {
      conflicting_at: "2026-12-03T13:40:00.000Z",
      next_free_at: AT,
      retry_after: "2026-12-01T00:00:00.000Z",
    },
  );
  assert.equal(
    errorText(conflict, NOW),
    `Another post of this account is made or scheduled at ${
      localWhen("2026-12-03T13:40:00.000Z", NOW)
    }, less than an hour from the time asked for: TikTok posts are limited to 1 per hour. Next free: ${shown}.`,
  );
});

Deno.test("a post now refused because scheduled posts hold the slot says so in words, with the next free time", () => {
  const hour = new ApiCallError(
    "interval_limit",
    "You must wait about 90 more minutes before next TikTok post.",
    {
      retry_after: AT,
      minutes_left: 90,
      conflicting_at: "2026-12-03T13:40:00.000Z",
      next_free_at: AT,
      job_id: "01KBH8Y5Q0M7W3J2C1X9ZP4R6T",
    },
  );
  assert.equal(
    errorText(hour, NOW),
    `A post is scheduled at ${
      localWhen("2026-12-03T13:40:00.000Z", NOW)
    }, less than an hour from now: TikTok posts are limited to 1 per hour, so posting now would make it fail. Move or cancel it, or post later. Next free: ${shown}.`,
  );
  const day = new ApiCallError(
    "daily_limit",
    "Daily TikTok posting limit (10/day) reached.",
    { retry_after: AT, next_free_at: AT },
  );
  assert.equal(
    errorText(day, NOW),
    `Daily TikTok posting limit (10/day) would be exceeded with the posts scheduled in the 24 hours around now: posting now would make one of them fail. Move or cancel one, or post later. Next free: ${shown}.`,
  );
});

Deno.test("a next free time between two minutes is named as the later one, which the time field can hold and the limit takes", () => {
  const daily = new ApiCallError(
    "daily_limit",
    "Daily TikTok posting limit (10/day) reached.",
    { retry_after: "2026-12-03T14:39:00.001Z" },
  );
  assert.equal(
    errorText(daily, NOW),
    `Daily TikTok posting limit (10/day) reached. Next free: ${shown}.`,
  );
});

Deno.test("a time the message already names is not named twice; other errors are their message", () => {
  const uploads = new ApiCallError(
    "upload_limit",
    `Daily upload limit of your plan reached (10 uploads per day). It resets at ${AT}.`,
    { retry_after: AT },
  );
  assert.equal(
    errorText(uploads, NOW),
    `Daily upload limit of your plan reached (10 uploads per day). It resets at ${shown}.`,
  );
  assert.equal(
    errorText(new ApiCallError("bad_request", "Bad.", { retry_after: "?" })),
    "Bad.",
  );
  assert.equal(
    errorText(new Error("Network error while uploading")),
    "Network error while uploading",
  );
  assert.equal(errorText("plain"), "plain");
});
