/**
 * How the dashboard's islands show an API message
 * (docs/dashboard.md#times): each UTC time in it in the one format for
 * instants (`localWhen`), and a limit's next free time named once.
 */
import assert from "node:assert/strict";
import { ApiCallError } from "../components/api_client.ts";
import { localWhen } from "../components/compose_rules.ts";
import {
  errorText,
  localizeTimes,
  localTime,
} from "../components/local_times.ts";
// The server's words, given to the components as a page render does.
import "../lib/islands/page_words.ts";

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
    errorText(daily, { now: NOW }),
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
    errorText(conflict, { now: NOW }),
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
    errorText(hour, { now: NOW }),
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
    errorText(day, { now: NOW }),
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
    errorText(daily, { now: NOW }),
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
    errorText(uploads, { now: NOW }),
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

Deno.test("a scheduled post's change or cancel refused for its job's state is said of the post, keyed on the code and state, not the API's message", () => {
  /** The API's 409 for a job in `state` (lib/jobs/job_changes.ts). */
  const refused = (state: string, message: string) =>
    errorText(
      new ApiCallError("conflict", message, {
        ok: false,
        error: "conflict",
        message,
        state,
      }),
      { now: NOW },
    );
  assert.equal(
    refused("cancelled", "This job is cancelled and can no longer be changed."),
    "This scheduled post was already cancelled, in another tab or by an automation: it will not be posted, and can no longer be changed.",
  );
  assert.equal(
    refused(
      "scheduled",
      "This job's run time has come and it is being posted now; it can no longer be changed.",
    ),
    "Its time has come: this post is being sent to TikTok now and can no longer be changed.",
  );
  for (
    const [state, words] of [
      ["publishing", "This post is being sent to TikTok now"],
      ["posted", "This post was already sent to TikTok"],
      ["failed", "This scheduled post already ran and failed"],
    ]
  ) {
    assert.equal(
      refused(state, `This job is ${state} and can no longer be cancelled.`),
      `${words}: it can no longer be changed or cancelled.`,
    );
  }
  // A conflict with no job state keeps the API's words (a retry); the
  // media a scheduled post uses is said in the page's words, which name no
  // REST or MCP call, its time made local.
  assert.equal(
    errorText(
      new ApiCallError(
        "conflict",
        "The job changed while changing it; try again.",
      ),
    ),
    "The job changed while changing it; try again.",
  );
  assert.equal(
    errorText(
      new ApiCallError(
        "conflict",
        `A post scheduled for ${AT} (job 01KBH8Y5Q0M7W3J2C1X9ZP4R6T) uses this media, and a scheduled post's media cannot be changed: cancel that post first (REST DELETE /api/jobs/01KBH8Y5Q0M7W3J2C1X9ZP4R6T, MCP cancel_scheduled), then delete this.`,
        { job_id: "01KBH8Y5Q0M7W3J2C1X9ZP4R6T", run_at: AT },
      ),
      { now: NOW },
    ),
    `A post scheduled for ${shown} uses this media: cancel that post first, then delete this.`,
  );
});

Deno.test("a record's time is Intl's day (month in words, the year, no weekday) and the locale's clock, in the browser's zone", () => {
  // In a browser (a document): the zone and locale are the browser's;
  // `where` names them, as a browser there has them.
  const shown = (iso: string, where: Record<string, string>, zone = false) =>
    localTime(iso, zone, where).replace(/\s/g, " ");
  const us = { locale: "en-US", timeZone: "America/New_York" };
  const gb = { locale: "en-GB", timeZone: "Europe/London" };
  const global = globalThis as { document?: unknown };
  global.document = {};
  try {
    // 2026-12-12 23:18 in New York and London (UTC+0 in December).
    assert.equal(shown("2026-12-13T04:18:00Z", us), "Dec 12, 2026, 11:18 PM");
    assert.equal(shown("2026-12-12T23:18:00Z", gb), "12 Dec 2026, 23:18");
    // Morning: a 24-hour clock keeps its leading zero, a 12-hour one not.
    assert.equal(shown("2026-01-05T12:03:59Z", us), "Jan 5, 2026, 7:03 AM");
    assert.equal(shown("2026-01-05T07:03:59Z", gb), "5 Jan 2026, 07:03");
    // With `zone`, the zone's short name follows (Media, Settings).
    assert.equal(
      shown("2026-12-13T04:18:00Z", us, true),
      "Dec 12, 2026, 11:18 PM EST",
    );
    // The hour New York's clocks show twice says which, unasked.
    assert.equal(
      shown("2026-11-01T05:30:00Z", us),
      "Nov 1, 2026, 1:30 AM EDT",
    );
    assert.equal(
      shown("2026-11-01T06:30:00Z", us),
      "Nov 1, 2026, 1:30 AM EST",
    );
    // Only between the day, the year and the clock may a line break.
    assert.equal(
      localTime("2026-12-13T04:18:00Z", true, us),
      "Dec\xa012, 2026, 11:18\xa0PM\xa0EST",
    );
  } finally {
    delete global.document;
  }
});

Deno.test("a record's time rendered by the server is UTC and says so: the server does not know the browser's zone", () => {
  // The server writes en-US words on a 24-hour clock, as the calendar's
  // UTC times, named by the code (a process in Germany: the next test).
  assert.equal(new Intl.DateTimeFormat().resolvedOptions().locale, "en-US");
  const shown = (iso: string) => localTime(iso).replace(/\s/g, " ");
  assert.equal(shown("2026-01-05T07:03:59.000Z"), "Jan 5, 2026, 07:03 UTC");
  assert.equal(shown("2026-11-27T23:45:00.000Z"), "Nov 27, 2026, 23:45 UTC");
});

Deno.test("a record's time rendered by the server is the same whatever the server's locale", async () => {
  // The process's locale comes from its environment (LANG): a server
  // started in Germany wrote "5. Jan. 2026, 07:03 UTC" beside English
  // words. The server's UTC render names its locale.
  const code = `import { localTime } from "${
    new URL("../components/local_times.ts", import.meta.url).href
  }";
console.log(new Intl.DateTimeFormat().resolvedOptions().locale);
console.log(localTime("2026-01-05T07:03:59.000Z"));`;
  for (const lang of ["de_DE.UTF-8", "ja_JP.UTF-8", "en_GB.UTF-8"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      env: { LANG: lang, LC_ALL: lang },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, err);
    const [locale, text] = new TextDecoder().decode(out.stdout).trim()
      .split("\n");
    assert.equal(locale, lang.slice(0, 5).replace("_", "-"), "the locale");
    assert.equal(
      text.replace(/\s/g, " "),
      "Jan 5, 2026, 07:03 UTC",
      `in ${lang}`,
    );
  }
});

Deno.test("the calendar the server renders, before the browser takes over, is the same whatever the server's locale", async () => {
  // Its days and week named by the process's locale wrote "Week of Mo.,
  // 30. Nov." beside English words in a server started in Germany.
  const root = new URL("..", import.meta.url).pathname;
  const code = `import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import "./lib/islands/page_words.ts";
import CalendarView from "./islands/CalendarView.tsx";
console.log(renderToString(h(CalendarView, {
  now: "2026-12-06T10:00:00.000Z", extraStopWords: [], next: null,
  jobs: [], jobsCursor: null, posts: [], postsCursor: null,
})));`;
  const render = async (lang: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--config", "deno.json", code],
      cwd: root,
      env: { LANG: lang, LC_ALL: lang },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  };
  const english = await render("en_US.UTF-8");
  // It names no day: the server does not know the browser's zone, so the
  // browser places the posts (docs/dashboard.md#times).
  assert.match(english, /Placing posts in your time zone…/);
  assert.doesNotMatch(english, /data-day|Week of/);
  for (const lang of ["de_DE.UTF-8", "ja_JP.UTF-8"]) {
    assert.equal(await render(lang), english, `in ${lang}`);
  }
});

Deno.test("a post now held by the account's own last post is said in the page's words; a schedule's hour naming another post keeps the API's", () => {
  const own = new ApiCallError(
    "interval_limit",
    "You must wait about 56 more minutes before next TikTok post.",
    { ok: false, error: "interval_limit", retry_after: AT },
  );
  assert.equal(
    errorText(own, { now: NOW }),
    `Posts from one TikTok account go at least an hour apart, so this was not posted. Next free: ${shown}.`,
  );
});
