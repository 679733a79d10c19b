/**
 * Idempotency-Key on POST /api/jobs: a retried "schedule" (n8n's Retry On
 * Fail after a lost answer) gets the first job back instead of a
 * `video_duplicate` refusal, and never makes a second job.
 */
import assert from "node:assert/strict";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { uploadWritesContended } from "./_helpers/kv_write_hook.ts";

const HOUR = 3600_000;

/** POST /api/jobs with an Idempotency-Key. */
function scheduleWithKey(
  server: TestServer,
  apiKey: string,
  idem: string,
  body: unknown,
) {
  return postWithKey(server.url, apiKey, idem, body, "/api/jobs");
}

async function jobCount(server: TestServer, openId: string) {
  return (await listTyped(server.kv, keys.jobsByAccountPrefix(openId))).length;
}

Deno.test("a schedule retried with the same key and body gets the first job back, and no second job is made", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_jobs");
    const body = {
      kind: "tiktok",
      source_url: await me.uploadVideo(),
      title: "scheduled once",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
    };
    const first = await scheduleWithKey(server, me.key, "sched-1", body);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("idempotent-replayed"), null);
    const firstBody = await first.json();
    assert.equal(firstBody.state, "scheduled");

    const again = await scheduleWithKey(server, me.key, "sched-1", body);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await again.json(), firstBody);
    assert.equal(await jobCount(server, me.openId), 1);

    // Without the key the same request is a second schedule of the video,
    // refused as the duplicate of the first job: what the key spares.
    const plain = await me.call("POST", "/api/jobs", body);
    assert.equal(plain.status, 400);
    const refusal = await plain.json();
    assert.equal(refusal.error, "video_duplicate");
    assert.equal(refusal.job_id, firstBody.job_id);

    const other = await scheduleWithKey(server, me.key, "sched-1", {
      ...body,
      title: "another caption",
    });
    assert.equal(other.status, 409);
    assert.equal((await other.json()).error, "idempotency_conflict");
    assert.equal(await jobCount(server, me.openId), 1);
  } finally {
    await server.close();
  }
});

Deno.test("concurrent schedules with one key make one job and all answer it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_jobs_race");
    const body = {
      kind: "tiktok",
      source_url: await me.uploadVideo(),
      title: "racing schedules",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
    };
    const answers = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          scheduleWithKey(server, me.key, "race-key", body).then((r) =>
            r.json()
          ),
      ),
    );
    assert.ok(answers.every((a) => a.ok === true), JSON.stringify(answers));
    assert.equal(new Set(answers.map((a) => a.job_id)).size, 1);
    assert.equal(await jobCount(server, me.openId), 1);
  } finally {
    await server.close();
  }
});

Deno.test("a refused schedule is replayed under its key, and a 429 limit is not kept", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_jobs_refused");
    const runAt = server.clock.now() + 2 * HOUR;
    const video = await me.uploadVideo();
    const past = {
      kind: "tiktok",
      source_url: video,
      title: "in the past",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() - HOUR).toISOString(),
    };
    const refused = await scheduleWithKey(server, me.key, "past", past);
    assert.equal(refused.status, 400);
    const refusedBody = await refused.json();
    const replay = await scheduleWithKey(server, me.key, "past", past);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), refusedBody);

    const held = await me.call("POST", "/api/jobs", {
      kind: "tiktok",
      source_url: await me.uploadVideo("b.mp4"),
      title: "holds the hour",
      privacy: "SELF_ONLY",
      run_at: new Date(runAt).toISOString(),
    });
    assert.equal(held.status, 200);
    const heldJob = await held.json();
    const crowded = {
      kind: "tiktok",
      source_url: video,
      title: "same hour",
      privacy: "SELF_ONLY",
      run_at: new Date(runAt + 10 * 60_000).toISOString(),
    };
    const limited = await scheduleWithKey(server, me.key, "crowd", crowded);
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).error, "interval_limit");
    // The hour frees: the same key and body now schedule, not replay.
    const cancel = await me.call("DELETE", `/api/jobs/${heldJob.job_id}`);
    assert.equal(cancel.status, 200);
    await cancel.body?.cancel();
    const later = await scheduleWithKey(server, me.key, "crowd", crowded);
    assert.equal(later.status, 200);
    assert.equal(later.headers.get("idempotent-replayed"), null);
    assert.equal((await later.json()).state, "scheduled");
  } finally {
    await server.close();
  }
});

Deno.test("one key with the same body on the other route is a conflict, never the other route's answer replayed", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "idem_jobs_route");
    const body = {
      kind: "tiktok",
      source_url: await me.uploadVideo(),
      title: "sent to the wrong route first",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
    };
    // A job's body sent to direct_post by mistake: refused there, and the
    // refusal is kept under the key.
    const wrong = await postWithKey(server.url, me.key, "route-1", body);
    assert.equal(wrong.status, 400);
    const wrongBody = await wrong.json();
    assert.equal(wrongBody.error, "bad_request");

    // The same key and body on /api/jobs is another request: direct_post's
    // "kind: unknown field" is no answer of /api/jobs.
    const jobs = await scheduleWithKey(server, me.key, "route-1", body);
    assert.equal(jobs.status, 409);
    assert.equal(jobs.headers.get("idempotent-replayed"), null);
    const conflict = await jobs.json();
    assert.equal(conflict.error, "idempotency_conflict");
    assert.match(conflict.message, /direct_post/);
    assert.equal(await jobCount(server, me.openId), 0);

    // And a job made under a key is not direct_post's answer either.
    const made = await scheduleWithKey(server, me.key, "route-2", body);
    assert.equal(made.status, 200);
    await made.body?.cancel();
    const again = await postWithKey(server.url, me.key, "route-2", body);
    assert.equal(again.status, 409);
    assert.equal((await again.json()).error, "idempotency_conflict");
    // Each route still replays its own answer.
    const replay = await postWithKey(server.url, me.key, "route-1", body);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), wrongBody);
  } finally {
    await server.close();
  }
});

Deno.test("a 409 conflict saying try again is not kept under the key: the same key and body schedule once the contention is over", async () => {
  const contention = uploadWritesContended();
  const server = await startTestServer({ wrapKv: contention.wrapKv });
  try {
    // Free keeps files 48 hours: a job 40 hours on, made 10 hours after
    // the upload, must extend the upload's expiry (the contended write).
    const me = await posterFor(server, "idem_jobs_contended", "free");
    const source_url = await me.uploadVideo();
    server.clock.advance(10 * HOUR);
    const body = {
      kind: "tiktok",
      source_url,
      title: "scheduled after a contended try",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 40 * HOUR).toISOString(),
    };
    contention.on = true;
    const refused = await scheduleWithKey(server, me.key, "busy-1", body);
    contention.on = false;
    assert.equal(refused.status, 409);
    const refusal = await refused.json();
    assert.equal(refusal.error, "conflict");
    assert.match(refusal.message, /try again/);

    // What the refusal asks for: the same request again, with its key.
    const again = await scheduleWithKey(server, me.key, "busy-1", body);
    assert.equal(again.headers.get("idempotent-replayed"), null);
    const made = await again.json();
    assert.equal(again.status, 200, JSON.stringify(made));
    assert.equal(made.state, "scheduled");
    assert.equal(await jobCount(server, me.openId), 1);
  } finally {
    await server.close();
  }
});
