/**
 * DELETE /api/uploads/{id} and DELETE /api/albums/{id}: media goes at once,
 * objects and records; others' media is 404; media a scheduled job or a
 * post TikTok is still fetching uses is refused with 409.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  directPost,
  limitsOf,
  posterFor,
} from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { uploadPortrait } from "./_helpers/api_client.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { getOwnUpload } from "../lib/media/upload_lookup.ts";
import { discardUpload } from "../lib/media/upload_removal.ts";

const HOUR = 3600_000;

Deno.test("an upload is deleted at once: record, listing and served file", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "delete_upload");
    const other = await posterFor(server, "delete_stranger");
    const up = await uploadPortrait(me, "v.mp4");
    assert.equal(up.status, 200);
    const id = up.body.upload_id;
    const first = await fetch(String(up.body.url));
    await first.body?.cancel();
    assert.equal(first.status, 200);
    const theirs = await other.json("DELETE", `/api/uploads/${id}`);
    assert.equal(theirs.status, 404);
    const r = await me.json("DELETE", `/api/uploads/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { ok: true, deleted: true, upload_id: id });
    assert.equal((await me.json("GET", `/api/uploads/${id}`)).status, 404);
    const served = await fetch(String(up.body.url));
    await served.body?.cancel();
    assert.equal(served.status, 404);
    const list = (await me.json("GET", "/api/uploads")).body.uploads as [];
    assert.equal(list.length, 0);
    assert.equal((await me.json("DELETE", `/api/uploads/${id}`)).status, 404);
  } finally {
    await server.close();
  }
});

Deno.test("media a scheduled job or a pending post uses is refused with 409 until freed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "delete_in_use");
    const url = await me.uploadVideo();
    const id = ((await me.json("GET", "/api/uploads")).body.uploads as {
      upload_id: string;
    }[])[0].upload_id;
    const runAt = new Date(server.clock.now() + 3 * HOUR).toISOString();
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: runAt,
      source_url: url,
      title: "later",
    });
    assert.equal(job.status, 200);
    const refused = await me.json("DELETE", `/api/uploads/${id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error, "conflict");
    assert.equal(refused.body.job_id, job.body.job_id);
    assert.equal(refused.body.run_at, runAt);
    assert.equal(
      refused.body.message,
      `A post scheduled for ${runAt} (job ${job.body.job_id}) uses this media, and a scheduled post's media cannot be changed: cancel that post first (REST DELETE /api/jobs/${job.body.job_id}, MCP cancel_scheduled), then delete this.`,
    );
    assert.equal((await me.json("GET", `/api/uploads/${id}`)).status, 200);
    await me.json("DELETE", `/api/jobs/${job.body.job_id}`);

    const post = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "now",
    });
    assert.equal(post.status, 200);
    const pending = await me.json("DELETE", `/api/uploads/${id}`);
    assert.equal(pending.status, 409);
    assert.match(String(pending.body.message), /still fetching/);
    assert.equal(typeof pending.body.post_id, "string");
  } finally {
    await server.close();
  }
});

Deno.test("media is refused with 409 while TikTok is being asked to post it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "delete_during_init");
    const url = await me.uploadVideo();
    const id = ((await me.json("GET", "/api/uploads")).body.uploads as {
      upload_id: string;
    }[])[0].upload_id;
    // TikTok takes its time to accept: the post is reserved meanwhile.
    await me.sandbox({ faults: [{ fault: "slow_answer", delay_ms: 1500 }] });
    const posting = directPost(me, { source_url: url, title: "in flight" });
    await waitUntil(
      "the post reserved",
      async () => (await limitsOf(me)).posts_left_today === 9,
    );
    const refused = await me.json("DELETE", `/api/uploads/${id}`);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "conflict");
    assert.equal(typeof refused.body.post_id, "string");
    const posted = await posting;
    const { publish_id } = await posted.json();
    assert.equal(posted.status, 200);
    await followAMinuteLater(server); // TikTok pulls the file, still there
    await followAMinuteLater(server);
    const status = await me.json("POST", "/api/tiktok/status", { publish_id });
    assert.equal(status.body.status, "PUBLISH_COMPLETE");
  } finally {
    await server.close();
  }
});

Deno.test("an album is deleted with all its images; one image leaves its album", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "delete_album");
    const { albumId, urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const album = await me.json("GET", `/api/albums/${albumId}`);
    const images = album.body.images as { upload_id: string }[];
    const one = await me.json("DELETE", `/api/uploads/${images[0].upload_id}`);
    assert.equal(one.status, 200);
    const left = await me.json("GET", `/api/albums/${albumId}`);
    assert.deepEqual(left.body.photo_images, [urls[1]]);
    const r = await me.json("DELETE", `/api/albums/${albumId}`);
    assert.deepEqual(r.body, { ok: true, deleted: true, album_id: albumId });
    assert.equal((await me.json("GET", `/api/albums/${albumId}`)).status, 404);
    for (const url of urls) {
      const res = await fetch(url);
      await res.body?.cancel();
      assert.equal(res.status, 404, url);
    }
    assert.equal(
      ((await me.json("GET", "/api/albums")).body.albums as []).length,
      0,
    );
    const scheduled = await albumOf(me, "photo2.jpg");
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      media_type: "PHOTO",
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
      photo_images: scheduled.urls,
      privacy: "SELF_ONLY",
      title: "album later",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const used = await me.json("DELETE", `/api/albums/${scheduled.albumId}`);
    assert.equal(used.status, 409);
    assert.equal(used.body.job_id, job.body.job_id);
  } finally {
    await server.close();
  }
});

Deno.test("discarding an upload whose record keeps changing gives up after 5 tries, says so in the log, and leaves it to retention", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "discard_busy");
    const listed = await me.json("POST", "/api/uploads", {
      filename: "kept.mp4",
      content_type: "video/mp4",
      size: 1000,
    });
    const id = String(listed.body.upload_id);
    const record = (await getOwnUpload(server.deps, me.openId, id)).value;
    let tries = 0;
    const conflicting = hookWritesUnder(server.kv, keys.upload(id), () => {
      tries++;
      return Promise.resolve({ ok: false as const });
    });
    await discardUpload({ ...server.deps, kv: conflicting }, record);
    assert.equal(tries, 5);
    const warned = server.logs.filter((l) =>
      l.level === "warn" && l.upload_id === id
    );
    assert.equal(warned.length, 1);
    assert.match(String(warned[0].message), /retention removes it/);
    // Still there for retention: its expiry index was not removed either.
    assert.ok((await getTyped(server.kv, keys.upload(id))).value);
    assert.ok(
      (await getTyped(
        server.kv,
        keys.mediaExpiry(record.expiresAt, "upload", id),
      )).versionstamp,
    );
  } finally {
    await server.close();
  }
});
