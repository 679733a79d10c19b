/**
 * Scheduling in bulk (docs/scheduling.md#creating-a-job): an automation
 * that schedules a week of posts in one go sends its jobs at once, and they
 * contend for the account's calendar in KV. Every one that the limits take
 * is stored; none is refused as a conflict.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";

const HOUR = 3600_000;

Deno.test("30 jobs of one account scheduled at once, three hours apart, are all stored", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "bulk_scheduler", "annual");
    const videos = [];
    for (let i = 0; i < 30; i++) videos.push(await me.uploadVideo());
    const first = Math.ceil((server.clock.now() + 2 * HOUR) / HOUR) * HOUR;
    const answers = await Promise.all(videos.map(async (video, i) => {
      const r = await scheduleJob(me, first + i * 3 * HOUR, {
        source_url: video,
        title: `Bulk post number ${i}`,
        privacy: "SELF_ONLY",
      });
      return `${r.status} ${r.body.error ?? "ok"}`;
    }));
    assert.deepEqual(answers, Array(30).fill("200 ok"));
    const listed = await me.json("GET", "/api/jobs?limit=100");
    assert.equal((listed.body.jobs as unknown[]).length, 30);
  } finally {
    await server.close();
  }
});
