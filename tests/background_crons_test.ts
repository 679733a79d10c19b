/**
 * What startBackgroundWork registers with Deno.cron: the six crons by name
 * and schedule, each with the signal stop() aborts; the registered retention
 * handler, run as a tick would, deletes expired media (object, KV record,
 * URL answers 404) on both adapters; and with the real Deno.cron the crons
 * are really taken by name while the app serves, and freed by stop().
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, uploadPortrait } from "./_helpers/api_client.ts";
import { cronRecorder } from "./_helpers/cron_recorder.ts";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";

const CRONS = [
  ["pm3k-media-retention", "* * * * *"],
  ["pm3k-follow-publishes", "* * * * *"],
  ["pm3k-webhooks", "* * * * *"],
  ["pm3k-tiktok-events", "* * * * *"],
  ["pm3k-token-refresh", "* * * * *"],
  ["pm3k-run-jobs", "* * * * *"],
];

Deno.test("startBackgroundWork registers the six crons with their names and schedules, and stop() aborts the signal they were given", async () => {
  const server = await startTestServer();
  const crons = cronRecorder();
  const work = startBackgroundWork(server.deps, {
    crons: true,
    cron: crons.cron,
  });
  try {
    assert.deepEqual(
      crons.registered.map((c) => [c.name, c.schedule]),
      CRONS,
    );
    const signals = crons.registered.map((c) => c.signal);
    assert.ok(signals.every((s) => s instanceof AbortSignal));
    assert.ok(signals.every((s) => !s!.aborted), "running until stop()");
    // Every handler runs against the app's KV without throwing.
    for (const [name] of CRONS) await crons.tick(name);
    work.stop();
    assert.ok(signals.every((s) => s!.aborted), "stop() aborts every cron");
  } finally {
    work.stop();
    await server.close();
    await work.done;
  }
});

Deno.test("a queue listener that stops in error is logged, and work.done resolves: the crons carry on", async () => {
  const server = await startTestServer({ env: { QUEUES: "on" } });
  const refusing = new Proxy(server.kv, {
    get(target, name) {
      if (name === "listenQueue") {
        return () => Promise.reject(new TypeError("database is locked"));
      }
      const value = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const crons = cronRecorder();
  const work = startBackgroundWork({ ...server.deps, kv: refusing }, {
    crons: true,
    cron: crons.cron,
  });
  try {
    assert.equal(server.deps.config.queues, true);
    await work.done;
    const logged = server.logs.find((l) =>
      /queue listener stopped/.test(String(l.message))
    );
    assert.equal(logged?.level, "error", JSON.stringify(server.logs));
    assert.match(String(logged?.error), /database is locked/);
    assert.equal(crons.registered.length, CRONS.length, "the crons stay");
  } finally {
    work.stop();
    await server.close();
  }
});

Deno.test("without crons: true no cron is registered", async () => {
  const server = await startTestServer();
  const crons = cronRecorder();
  const work = startBackgroundWork(server.deps, {
    crons: false,
    cron: crons.cron,
  });
  try {
    assert.deepEqual(crons.registered, []);
  } finally {
    work.stop();
    await server.close();
    await work.done;
  }
});

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`the registered retention cron deletes an expired upload's object and KV record, and its URL answers 404 (${adapter})`, async () => {
    await withRecordedCronsOn(adapter, async (server, crons) => {
      const client = await apiClientFor(server, `cron_${adapter}`, "free");
      const video = await uploadPortrait(client, "v.mp4");
      assert.equal(video.status, 200, JSON.stringify(video.body));
      const uploadId = String(video.body.upload_id);
      const url = String(video.body.url);
      const storage = server.deps.storage;
      const objectKey = storage.keyFromPublicUrl(url)!;
      const expiresAt = Date.parse(String(video.body.expires_at));

      // A tick before the expiry keeps everything.
      server.clock.set(expiresAt - 1);
      await crons.tick("pm3k-media-retention");
      assert.ok(await storage.head(objectKey), "live object kept");
      assert.ok((await getTyped(server.kv, keys.upload(uploadId))).value);
      const live = await fetch(url);
      assert.equal(live.status, 200);
      await live.body?.cancel();

      // A tick past the expiry deletes the object, then its records.
      server.clock.set(expiresAt + 1);
      await crons.tick("pm3k-media-retention");
      assert.equal(await storage.head(objectKey), null, "object deleted");
      assert.equal(
        (await getTyped(server.kv, keys.upload(uploadId))).value,
        null,
        "KV record deleted",
      );
      assert.deepEqual(
        await listTyped(server.kv, keys.uploadsByAccountPrefix(client.openId)),
        [],
      );
      assert.deepEqual(
        await listTyped(server.kv, keys.mediaExpiryPrefix()),
        [],
      );
      // On S3 the URL is the bucket's: a 404 there means the object is gone.
      const gone = await fetch(url);
      assert.equal(gone.status, 404);
      await gone.body?.cancel();
    });
  });
}

/** Whether Deno.cron already has a cron called `name` in this process. */
function cronNameTaken(name: string): boolean {
  const probe = new AbortController();
  try {
    Deno.cron(name, "* * * * *", { signal: probe.signal }, () => {});
    return false;
  } catch (error) {
    if (error instanceof TypeError && /already exists/.test(error.message)) {
      return true;
    }
    throw error;
  } finally {
    probe.abort();
  }
}

Deno.test("with the real Deno.cron the app serves with its four crons registered, and stop() unregisters them", async () => {
  const server = await startTestServer();
  const names = CRONS.map(([name]) => name);
  assert.deepEqual(names.filter(cronNameTaken), [], "free before the start");
  const work = startBackgroundWork(server.deps, { crons: true });
  try {
    assert.deepEqual(names.filter(cronNameTaken), names);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    work.stop();
    assert.deepEqual(names.filter(cronNameTaken), [], "freed by stop()");
  } finally {
    work.stop();
    await server.close();
    await work.done;
  }
});
