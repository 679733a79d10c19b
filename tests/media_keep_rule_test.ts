/**
 * The composer's latest schedulable time (latestKeptRunAt) is the
 * server's rule, not a copy that may drift: a job at that time is taken,
 * a minute later refused for the plan's file time
 * (docs/scheduling.md#creating-a-job).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { latestKeptRunAt } from "../lib/jobs/media_keep_rule.ts";
import { PLANS } from "../lib/plans.ts";

Deno.test("a job at the latest time the plan keeps its media for is taken; a minute later it is refused", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "latest_kept", "free");
    const latest = latestKeptRunAt(
      PLANS.free.storageTtlHours,
      server.clock.now(),
    );
    const job = (runAt: number, sourceUrl: string) =>
      me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(runAt).toISOString(),
        source_url: sourceUrl,
        title: `at ${runAt}`,
      });
    const late = await job(latest + 60_000, await me.uploadVideo());
    assert.equal(late.status, 400);
    assert.match(String(late.body.message), /plan keeps files 48 hours/);
    const taken = await job(latest, await me.uploadVideo());
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
  } finally {
    await server.close();
  }
});

Deno.test("the refusal names a plan's file time as its plan card does: 7 days on monthly, not 168 hours", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "latest_kept_monthly", "monthly");
    const latest = latestKeptRunAt(
      PLANS.monthly.storageTtlHours,
      server.clock.now(),
    );
    const late = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(latest + 60_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "a week and a minute",
    });
    assert.equal(late.status, 400);
    assert.match(
      String(late.body.message),
      /^Your plan keeps files 7 days, so [^ ]+\.mp4 can be posted by /,
    );
  } finally {
    await server.close();
  }
});
