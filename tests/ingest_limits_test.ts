/**
 * Copies from verified domains answer within a bound and a few at a time
 * (docs/media.md#ingest-limits): a trickling source fails the post with
 * 504 `source_too_slow` once the grace period is over, a source that never
 * ends fails at the request's deadline, both leaving nothing behind; an
 * account copying as many sources as it may gets 429 `ingest_limit`, from
 * any process on the KV file, until one finishes or its lease lapses.
 */
import assert from "node:assert/strict";
import { localTmpFiles } from "./_helpers/local_tmp_files.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  initsAtTikTok,
  posterFor,
  verifySource,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import {
  INGEST_LIMITS,
  ingestHoldMs,
  ingestLimitsOf,
} from "../lib/media/ingest_limits.ts";
import { acquireIngestSlot } from "../lib/media/ingest_slots.ts";
import { runJob } from "../lib/jobs/job_run.ts";

/** Fails a test that hangs the way the bug did, instead of waiting it out. */
const CLIENT_PATIENCE_MS = 15_000;

/** direct_post of `sourceUrl` as `me`, on the server at `url`. */
async function post(
  url: string,
  me: Poster,
  sourceUrl: string,
  title: string,
): Promise<Response> {
  const patience = new AbortController();
  const timer = setTimeout(() => patience.abort(), CLIENT_PATIENCE_MS);
  try {
    return await fetch(`${url}/api/tiktok/direct_post`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ source_url: sourceUrl, title }),
      signal: patience.signal,
    });
  } finally {
    // The answer's headers come once the copy is over.
    clearTimeout(timer);
  }
}

/** Nothing of a copy is left: no upload record, no object, no slot. */
async function assertNothingLeft(server: TestServer, openId: string) {
  assert.deepEqual(
    await listTyped(server.kv, keys.uploadsByAccountPrefix(openId)),
    [],
    "no upload record",
  );
  assert.deepEqual(
    await listTyped(server.kv, keys.mediaExpiryPrefix()),
    [],
    "nothing to expire",
  );
  assert.deepEqual(
    await localTmpFiles(server, openId),
    [],
    "no object, not even a partial one",
  );
  assert.equal(
    (await getTyped(server.kv, keys.ingestSlots(openId))).value,
    null,
    "the ingest slot is given back",
  );
}

Deno.test("a source trickling below the floor rate fails direct_post with 504 source_too_slow after the grace period, leaving nothing", async () => {
  const graceMs = 500;
  const server = await startTestServer({ ingestLimits: { graceMs } });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "trickle");
    await verifySource(me, source);
    const started = performance.now();
    const res = await post(
      server.url,
      me,
      `${source.origin}/drip.mp4`,
      "a slow one",
    );
    const took = performance.now() - started;
    const body = await assertJsonError(res, 504, "source_too_slow");
    assert.equal(body.reason, "below_floor");
    assert.ok(
      took >= graceMs && took < graceMs + 3_000,
      `answered after ${Math.round(took)} ms`,
    );
    await assertNothingLeft(server, me.openId);
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a source fast enough but never done fails with source_too_slow at the request's deadline", async () => {
  const deadlineMs = 1_500;
  const server = await startTestServer({
    ingestLimits: { graceMs: 300, deadlineMs },
  });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "endless");
    await verifySource(me, source);
    const started = performance.now();
    const res = await post(
      server.url,
      me,
      `${source.origin}/paced.mp4`,
      "never done",
    );
    const took = performance.now() - started;
    const body = await assertJsonError(res, 504, "source_too_slow");
    assert.equal(body.reason, "deadline");
    assert.ok(
      took >= deadlineMs && took < deadlineMs + 3_000,
      `answered after ${Math.round(took)} ms`,
    );
    await assertNothingLeft(server, me.openId);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("one more copy than an account may run at once answers 429 ingest_limit, from another process on the KV file too, and is accepted once they finish", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-ingest-cap-" });
  const env = { KV_PATH: `${dataDir}/pm3k.kv` };
  const a = await startTestServer({ env });
  const b = await startTestServer({ env });
  const source = await startSourceServer();
  try {
    const me = await posterFor(a, "busy_copier");
    await verifySource(me, source);
    const max = INGEST_LIMITS.maxConcurrentPerAccount;
    source.holding = true;
    // Jobs copy their media at creation (validated like a post) and do
    // not clash with each other two hours apart.
    const held = Array.from(
      { length: max },
      (_, i) =>
        me.json("POST", "/api/jobs", {
          kind: "tiktok",
          source_url: `${source.origin}/held.mp4?n=${i}`,
          title: `held copy ${i}`,
          run_at: new Date(a.clock.now() + (i + 1) * 2 * 3600_000)
            .toISOString(),
        }),
    );
    await waitUntil(
      `${max} copies running`,
      () => source.hits.filter((p) => p === "/held.mp4").length === max,
    );

    const extra = await post(
      b.url,
      me,
      `${source.origin}/video.mp4`,
      "one more",
    );
    const refused = await assertJsonError(extra, 429, "ingest_limit");
    assert.equal(refused.max_concurrent, max);
    assert.ok(Number(extra.headers.get("retry-after")) >= 1, "Retry-After");
    assert.ok(!source.hits.includes("/video.mp4"), "refused before fetching");

    source.holding = false;
    for (const job of await Promise.all(held)) {
      assert.equal(job.status, 200, JSON.stringify(job.body));
    }
    const accepted = await post(b.url, me, `${source.origin}/video.mp4`, "now");
    await assertJsonOk(accepted);
    assert.equal(
      (await getTyped(a.kv, keys.ingestSlots(me.openId))).value,
      null,
      "every slot given back",
    );
  } finally {
    await source.close();
    await b.close();
    await a.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("ingest slots left by crashed requests lapse by themselves", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "crashed_copier");
    await verifySource(me, source);
    // What requests that died while copying leave: leases never released.
    for (let i = 0; i < INGEST_LIMITS.maxConcurrentPerAccount; i++) {
      await acquireIngestSlot(server.deps, me.openId);
    }
    await assertJsonError(
      await post(server.url, me, `${source.origin}/video.mp4`, "blocked"),
      429,
      "ingest_limit",
    );
    server.clock.advance(ingestHoldMs(ingestLimitsOf(undefined)));
    await assertJsonOk(
      await post(server.url, me, `${source.origin}/video.mp4`, "free"),
    );
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a scheduled job's run copies its media even when the account's ingest slots are taken", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "scheduled_copier");
    await verifySource(me, source);
    const created = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      source_url: `${source.origin}/video.mp4`,
      title: "on time",
      run_at: new Date(server.clock.now() + 2 * 3600_000).toISOString(),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    server.clock.advance(2 * 3600_000);
    for (let i = 0; i < INGEST_LIMITS.maxConcurrentPerAccount; i++) {
      await acquireIngestSlot(server.deps, me.openId);
    }
    // Refusing it would fail the job for good; it is counted, not refused.
    assert.equal(
      await runJob(server.deps, String(created.body.job_id)),
      "posted",
    );
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await source.close();
    await server.close();
  }
});
