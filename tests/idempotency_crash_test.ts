/**
 * An Idempotency-Key left in progress by a server process killed mid-post:
 * a retry is answered at once with 409 `idempotency_in_progress` and
 * Retry-After (not held for 30 s, nor refused as a conflict), and once the
 * dead request's own deadline has passed the retry runs and posts once,
 * even when two retries race for the key.
 */
import assert from "node:assert/strict";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { ManualClock } from "../lib/clock.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { postMaxDurationMs } from "../lib/posting/post_duration.ts";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";
import {
  initsAtTikTok,
  posterFor,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

Deno.test("a key held by a killed process answers idempotency_in_progress at once, and past the holder's deadline one of two racing retries posts once", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-idem-crash-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  const source = await startSourceServer();
  try {
    // The account and its verified domain, written to the shared KV file.
    const setup = await startTestServer({ env });
    const me = await posterFor(setup, "idem_crash");
    await verifySource(me, source);
    await setup.close();

    // A real process claims the key, then dies while copying the source.
    const body = { source_url: `${source.origin}/held.mp4`, title: "crash" };
    source.holding = true;
    const holder = await startServerProcess(freePort(), {
      ...env,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_REQUESTS: "false",
    });
    const dying = postWithKey(holder.url, me.key, "n8n-crash", body).then(
      (res) => res.body?.cancel(),
      () => {}, // the connection dies with the process: expected
    );
    await waitUntil(
      "the holder copying the source",
      () => source.hits.includes("/held.mp4"),
    );
    await stopServerProcess(holder, "SIGKILL");
    await dying;

    const server = await startTestServer({
      env,
      clock: new ManualClock(Date.now()),
    });
    try {
      const claim = (await getTyped(
        server.kv,
        keys.idempotency(me.openId, "n8n-crash"),
      )).value!;
      assert.equal(claim.state, "in_progress");
      // The holder recorded its own deadline: the longest a post can run.
      assert.equal(claim.deadline, claim.at + postMaxDurationMs(server.deps));

      const started = performance.now();
      const retry = await postWithKey(server.url, me.key, "n8n-crash", body);
      const took = performance.now() - started;
      const refused = await assertJsonError(
        retry,
        409,
        "idempotency_in_progress",
      );
      assert.ok(took < 5_000, `answered in ${Math.round(took)} ms`);
      const retryAfter = Number(retry.headers.get("retry-after"));
      assert.ok(
        retryAfter >= 1 && retryAfter <= 5,
        `Retry-After ${retryAfter}`,
      );
      assert.equal(refused.retry_after_seconds, retryAfter);
      assert.equal(
        refused.in_progress_until,
        new Date(claim.deadline!).toISOString(),
      );

      // A second before the deadline the holder might still be alive.
      server.clock.set(claim.deadline! - 1_000);
      await assertJsonError(
        await postWithKey(server.url, me.key, "n8n-crash", body),
        409,
        "idempotency_in_progress",
      );
      assert.equal(source.hits.filter((p) => p === "/held.mp4").length, 1);

      // Past it, two racing retries: one takes the key over and posts; the
      // other waits for its answer or is told it is in progress.
      source.holding = false;
      server.clock.set(claim.deadline!);
      const answers = await Promise.all(
        [1, 2].map(async () => {
          const res = await postWithKey(server.url, me.key, "n8n-crash", body);
          return { status: res.status, body: await res.json() };
        }),
      );
      const posted = answers.filter((a) => a.status === 200);
      assert.ok(posted.length >= 1, JSON.stringify(answers));
      for (const a of answers) {
        assert.ok(
          a.status === 200 || a.body.error === "idempotency_in_progress",
          JSON.stringify(a),
        );
      }
      assert.equal(new Set(posted.map((a) => a.body.publish_id)).size, 1);
      const replay = await postWithKey(server.url, me.key, "n8n-crash", body);
      assert.equal(replay.headers.get("idempotent-replayed"), "true");
      assert.equal((await replay.json()).publish_id, posted[0].body.publish_id);
      assert.equal(await initsAtTikTok(server, me), 1);
      assert.equal(
        (await listTyped(server.kv, keys.postsByAccountPrefix(me.openId)))
          .length,
        1,
      );
    } finally {
      await server.close();
    }
  } finally {
    await source.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
