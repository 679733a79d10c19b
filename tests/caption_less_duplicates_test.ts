/**
 * A post without a caption (docs/posting.md#duplicates): a title that
 * normalises to nothing (empty, spaces, zero-width characters) is no
 * caption, so neither caption rule (caption_duplicate_account,
 * caption_global_spam) applies to it, on any path that posts: direct_post
 * (video and photo), jobs when made and when run, MCP. A real caption
 * still meets both rules.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  directPost,
  posterFor,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { mcpClient, toolOk } from "./_helpers/mcp_client.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";

const HOUR = 3600_000;
/** Spaces, a no-break space, zero-width space and joiner, a BOM. */
const INVISIBLE_ONLY = "  \u00a0\u200b\u200d\ufeff  ";

Deno.test("two caption-less posts of different videos on one account both succeed; a real caption is still a duplicate", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "no_caption_twice");
    for (const title of ["", INVISIBLE_ONLY, ""]) {
      await assertJsonOk(
        await directPost(me, { source_url: await me.uploadVideo(), title }),
      );
      server.clock.advance(HOUR + 1);
    }
    for (const image of ["photo2.jpg", "photo3.webp"]) {
      const { urls } = await albumOf(me, image);
      await assertJsonOk(
        await directPost(me, {
          media_type: "PHOTO",
          photo_images: urls,
          title: INVISIBLE_ONLY,
        }),
      );
      server.clock.advance(HOUR + 1);
    }

    const real = { title: "A real caption #pm3k" };
    await assertJsonOk(
      await directPost(me, { source_url: await me.uploadVideo(), ...real }),
    );
    server.clock.advance(HOUR + 1);
    await assertJsonError(
      await directPost(me, { source_url: await me.uploadVideo(), ...real }),
      400,
      "caption_duplicate_account",
    );
  } finally {
    await server.close();
  }
});

Deno.test("six accounts posting caption-less within 24 h all succeed; a real caption on the sixth is caption_global_spam", async () => {
  const server = await startTestServer();
  try {
    for (let i = 1; i <= 6; i++) {
      const me = await posterFor(server, `no_caption_spread_${i}`);
      const title = i % 2 ? "" : INVISIBLE_ONLY;
      await assertJsonOk(
        await directPost(me, { source_url: await me.uploadVideo(), title }),
      );
    }
    for (let i = 1; i <= 6; i++) {
      const me = await posterFor(server, `real_caption_spread_${i}`);
      const res = await directPost(me, {
        source_url: await me.uploadVideo(),
        title: "Same words everywhere",
      });
      if (i < 6) await assertJsonOk(res);
      else await assertJsonError(res, 400, "caption_global_spam");
    }
  } finally {
    await server.close();
  }
});

Deno.test("caption-less jobs: made side by side and run after a caption-less post, all succeed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "no_caption_jobs");
    await assertJsonOk(
      await directPost(me, { source_url: await me.uploadVideo(), title: "" }),
    );
    const now = server.clock.now();
    const first = await scheduleJob(me, now + 3 * HOUR, {
      title: INVISIBLE_ONLY,
      privacy: "SELF_ONLY",
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await scheduleJob(me, now + 6 * HOUR, {
      title: "",
      privacy: "SELF_ONLY",
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    for (const job of [first, second]) {
      server.clock.set(Date.parse(String(job.body.run_at)));
      await runDueJobs(server.deps, { horizonMs: 0 });
      const got = await me.json("GET", `/api/jobs/${job.body.job_id}`);
      assert.equal(got.status, 200, JSON.stringify(got.body));
      assert.equal(got.body.state, "posted", JSON.stringify(got.body));
    }
  } finally {
    await server.close();
  }
});

Deno.test("MCP post_video and schedule_post take caption-less posts on one account", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "no_caption_mcp");
    const client = await mcpClient(server, me.key);
    try {
      await toolOk(client, "post_video", {
        source_url: await me.uploadVideo(),
        title: "",
        privacy: "SELF_ONLY",
      });
      server.clock.advance(HOUR + 1);
      await toolOk(client, "post_video", {
        source_url: await me.uploadVideo(),
        title: INVISIBLE_ONLY,
        privacy: "SELF_ONLY",
      });
      await toolOk(client, "schedule_post", {
        source_url: await me.uploadVideo(),
        title: "",
        privacy: "SELF_ONLY",
        run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
      });
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});
