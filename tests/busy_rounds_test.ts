/**
 * Background work on a busy KV file: a cron round that meets a file held
 * busy past the retry deadline is logged (not thrown), and the next round
 * does the work.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture, uploadBytes } from "./_helpers/api_client.ts";
import { cronRecorder } from "./_helpers/cron_recorder.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";

Deno.test("a retention round on a KV file held busy is logged as such, and the next round sweeps", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-rounds-" });
  const kvPath = `${dataDir}/pm3k.kv`;
  const server = await startTestServer({ env: { KV_PATH: kvPath } });
  const crons = cronRecorder();
  const work = startBackgroundWork(server.deps, {
    crons: true,
    cron: crons.cron,
  });
  try {
    const client = await apiClientFor(server, "busy_rounds", "free");
    const video = await uploadBytes(client, await fixture("portrait.mp4"), {
      filename: "v.mp4",
      contentType: "video/mp4",
    });
    assert.equal(video.status, 200, JSON.stringify(video.body));
    const uploadId = String(video.body.upload_id);
    server.clock.set(Date.parse(String(video.body.expires_at)) + 1);

    // Another process (here, SQLite itself) holds the write lock.
    const holder = new DatabaseSync(kvPath);
    holder.exec("BEGIN EXCLUSIVE");
    try {
      await crons.tick("pm3k-media-retention");
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    const logged = server.logs.find((line) =>
      line.cron === "pm3k-media-retention"
    );
    assert.equal(logged?.level, "warn", JSON.stringify(logged));
    assert.match(String(logged?.error), /database is busy/);
    assert.ok((await getTyped(server.kv, keys.upload(uploadId))).value);

    await crons.tick("pm3k-media-retention");
    assert.equal(
      (await getTyped(server.kv, keys.upload(uploadId))).value,
      null,
      "the next round swept the expired upload",
    );
  } finally {
    work.stop();
    await server.close();
    await work.done;
    await Deno.remove(dataDir, { recursive: true });
  }
});
