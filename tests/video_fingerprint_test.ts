/**
 * The video fingerprint (source_url | size | etag,
 * docs/posting.md#duplicates) names the file, not the spelling of its URL,
 * and stays the same for the same file from a source that sends no
 * validator: video_duplicate cannot be dodged.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { DEFAULT_BUSY_RETRY, withBusyRetry } from "../lib/kv_busy_retry.ts";
import { writesBusyUnder } from "./_helpers/busy_kv.ts";

const HOUR_MS = 3600_000;

/** Other spellings of one of our URLs: the same place, read as a URL. */
function respelled(url: string): string[] {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  const path = u.pathname.replace("/uploads/", "/./uploads/");
  return [
    `${u.protocol}//${u.host.toUpperCase()}${u.pathname}`,
    `${u.protocol}//${u.hostname}:${port}${u.pathname}`,
    `${u.origin}${path}`,
    `${u.origin}${u.pathname.replace("/uploads/", "/uploads/x/../")}`,
  ];
}

Deno.test("our own file URL with a query, a fragment or another spelling is the same video: video_duplicate, never domain_not_verified", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "fp_own");
    const url = await me.uploadVideo();
    await assertJsonOk(await directPost(me, { source_url: url, title: "one" }));
    const variants = [`${url}#again`, `${url}?v=2`, ...respelled(url)];
    for (const [i, variant] of variants.entries()) {
      server.clock.advance(HOUR_MS + 1); // past the interval limit
      await assertJsonError(
        await directPost(me, { source_url: variant, title: `other ${i}` }),
        400,
        "video_duplicate",
      );
    }
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await server.close();
  }
});

Deno.test("a URL in PM3K's storage that names no file of ours (an encoded or odd path) is not a live upload, never domain_not_verified", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "fp_own_odd");
    const url = await me.uploadVideo();
    for (const odd of [`${url}%20`, `${url}\u00e9`, `${url}/`, `${url}/..`]) {
      const body = await assertJsonError(
        await directPost(me, { source_url: odd, title: "odd path" }),
        400,
        "bad_request",
      );
      assert.match(String(body.message), /is not one of your live videos/);
    }
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("a source without ETag or Last-Modified: the same bytes are video_duplicate, new bytes are a new video", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "fp_source");
    await verifySource(me, source);
    const url = `${source.origin}/no-validator.mp4`;
    await assertJsonOk(await directPost(me, { source_url: url, title: "v1" }));
    server.clock.advance(HOUR_MS + 1);
    await assertJsonError(
      await directPost(me, { source_url: url, title: "v1 again" }),
      400,
      "video_duplicate",
    );
    await assertJsonError(
      await directPost(me, { source_url: `${url}#x`, title: "v1 third" }),
      400,
      "video_duplicate",
    );
    // Same size, same URL, other bytes would need a hash to tell apart;
    // here the file changed (longer): it is a new video.
    source.videoPadding = 1024;
    await assertJsonOk(
      await directPost(me, { source_url: url, title: "v2" }),
    );
    assert.equal(await initsAtTikTok(server, me), 2);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("copies of a verified source are kept only for a post TikTok takes: refused posts and job checks leave none", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "fp_copies");
    await verifySource(me, source);
    const copies = async () => {
      const ids = await listTyped(
        server.kv,
        keys.uploadsByAccountPrefix(me.openId),
      );
      const keysLeft: string[] = [];
      for (const e of ids) {
        const u = (await getTyped(server.kv, keys.upload(e.value))).value;
        if (u?.key.startsWith("tmp/")) keysLeft.push(u.key);
      }
      return keysLeft;
    };
    const url = `${source.origin}/video.mp4`;
    await assertJsonOk(await directPost(me, { source_url: url, title: "a" }));
    const kept = await copies();
    assert.equal(kept.length, 1, "the posted copy stays for TikTok to pull");

    server.clock.advance(HOUR_MS + 1);
    await assertJsonError(
      await directPost(me, { source_url: url, title: "b" }),
      400,
      "video_duplicate",
    );
    // A job is checked (its media copied and probed) but runs later.
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      source_url: `${source.origin}/no-validator.mp4`,
      title: "later",
      run_at: new Date(server.clock.now() + 2 * HOUR_MS).toISOString(),
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    assert.deepEqual(await copies(), kept, "no copy left by either");
    for (const key of kept) {
      assert.ok(await server.deps.storage.head(key), "the kept copy exists");
    }
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a copy TikTok was given stays when the post's record then fails to commit", async () => {
  let busy = false;
  const server = await startTestServer({
    // Only the commit after TikTok's answer (the publish_id's index) can
    // be made busy, past a short retry deadline.
    wrapKv: (kv) =>
      withBusyRetry(
        writesBusyUnder(
          kv,
          keys.postByPublishId("x").slice(0, 1),
          () => busy,
        ),
        { ...DEFAULT_BUSY_RETRY, deadlineMs: 50 },
      ),
  });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "fp_busy_copy");
    await verifySource(me, source);
    busy = true;
    await assertJsonError(
      await directPost(me, {
        source_url: `${source.origin}/video.mp4`,
        title: "TikTok took it",
      }),
      503,
      "database_busy",
    );
    busy = false;
    assert.equal(await initsAtTikTok(server, me), 1, "TikTok accepted it");
    // TikTok may be pulling the copy: it stays its 24 hours.
    const objects = await storedObjects(server, [`tmp/${me.openId}/`]);
    assert.equal(objects.length, 1, "the copy TikTok pulls is still there");
  } finally {
    await source.close();
    await server.close();
  }
});
