/**
 * Objects under the upload folders that no upload record names (bytes PUT
 * to an S3 URL after its upload was refused, a copy or a write cut short)
 * are deleted by the retention cron once older than an upload URL's life
 * (docs/media.md#retention); younger ones, objects a record names and
 * objects outside those folders stay. A run deletes and looks at a bounded
 * number, and a cursor in KV carries the next run on. On the local disk
 * and on s3rver behind the AWS-checking gateway.
 */
import assert from "node:assert/strict";
import { ulid } from "ulid";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  apiClientFor,
  fixture,
  stagedUpload,
  uploadBytes,
} from "./_helpers/api_client.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { cronRecorder } from "./_helpers/cron_recorder.ts";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import { UPLOAD_WINDOW_MS } from "../lib/media/upload_start.ts";
import {
  ORPHAN_PREFIXES,
  sweepOrphanedObjects,
} from "../lib/media/orphan_sweep.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { withBusyRetry } from "../lib/kv_busy_retry.ts";
import { listsBusyWhile } from "./_helpers/busy_kv.ts";

const bytes = (n: number) => new Uint8Array(n).fill(9);

/** Writes an object straight into storage, as a crash or a stray PUT leaves it. */
async function leave(server: TestServer, key: string): Promise<string> {
  await server.deps.storage.put(key, bytes(4), { contentType: "video/mp4" });
  return key;
}

/** Every key under the swept folders, in the order the sweep walks them. */
async function sweptKeys(server: TestServer) {
  const out = [];
  for (const prefix of ORPHAN_PREFIXES) {
    for await (const o of server.deps.storage.list(prefix)) out.push(o);
  }
  return out;
}

async function exists(server: TestServer, key: string): Promise<boolean> {
  for await (const o of server.deps.storage.list(key)) {
    if (o.key === key) return true;
  }
  return false;
}

async function lastModifiedOf(server: TestServer, key: string) {
  return (await sweptKeys(server)).find((o) => o.key === key)!.lastModified;
}

/**
 * A moment, by the storage's clock (as its listings date objects: to the
 * second on S3), later than every object written so far and not later
 * than any written next.
 */
async function tickOfStorage(server: TestServer, probe: string) {
  const before = Math.max(
    ...(await sweptKeys(server)).map((o) => o.lastModified),
  );
  for (;;) {
    await leave(server, probe);
    const tick = await lastModifiedOf(server, probe);
    await server.deps.storage.delete(probe);
    if (tick > before) return tick;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`the retention cron deletes objects no upload names once older than an upload URL's life, and keeps the rest (${adapter})`, async () => {
    await withRecordedCronsOn(adapter, async (server, crons) => {
      const client = await apiClientFor(server, `orphans_${adapter}`, "free");
      const me = client.openId;
      const portrait = await fixture("portrait.mp4");
      const done = await uploadBytes(client, portrait, {
        filename: "kept.mp4",
        contentType: "video/mp4",
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const doneKey = server.deps.storage.keyFromPublicUrl(
        String(done.body.url),
      )!;
      const orphans = [
        await leave(server, `tmp/${me}/${ulid()}.mp4`),
        await leave(server, `uploads/${me}/2026-01-01/${ulid()}.mp4`),
      ];
      const refused = await uploadBytes(client, bytes(portrait.length), {
        filename: "refused.mp4",
        contentType: "video/mp4",
      });
      assert.equal(refused.body.error, "unsupported_file_type");
      if (adapter === "s3") {
        // The case: the refused upload's URL still takes a PUT.
        const again = await fetch(String(refused.started.upload_url), {
          method: "PUT",
          headers: refused.started.headers as Record<string, string>,
          body: portrait,
        });
        assert.equal(again.status, 200);
        await again.body?.cancel();
        const stray = (await sweptKeys(server)).find((o) =>
          o.key.includes(String(refused.started.upload_id))
        );
        assert.ok(stray, "the stray PUT is in the bucket");
        orphans.push(stray.key);
      } else {
        // A temporary file left by a write that died mid-way.
        const dir = `${server.deps.config.dataDir}/media/uploads-staging/${me}`;
        await Deno.mkdir(dir, { recursive: true });
        const name = `${ulid()}.mp4.part-${crypto.randomUUID()}`;
        await Deno.writeFile(`${dir}/${name}`, bytes(10));
        orphans.push(`uploads-staging/${me}/${name}`);
      }
      const outside = await leave(server, `elsewhere/${ulid()}.mp4`);
      const cut = await tickOfStorage(server, `tmp/${me}/probe.bin`);
      const young = await leave(server, `uploads-staging/${me}/${ulid()}.mp4`);

      // An upload URL's life after the oldest orphan: none is older yet.
      const oldest = Math.min(
        ...await Promise.all(orphans.map((k) => lastModifiedOf(server, k))),
      );
      server.clock.set(oldest + UPLOAD_WINDOW_MS);
      await crons.tick("pm3k-media-retention");
      for (const key of orphans) assert.ok(await exists(server, key), key);

      server.clock.set(cut + UPLOAD_WINDOW_MS);
      await crons.tick("pm3k-media-retention");
      for (const key of orphans) {
        assert.equal(await exists(server, key), false, `${key} deleted`);
      }
      for (const key of [doneKey, young, outside]) {
        assert.ok(await exists(server, key), `${key} kept`);
      }
      const served = await fetch(String(done.body.url));
      assert.equal(served.status, 200, "the completed upload is still served");
      assert.deepEqual(new Uint8Array(await served.arrayBuffer()), portrait);
    });
  });

  Deno.test(`the orphan sweep looks at and deletes a bounded number per run, and carries on from a cursor in KV (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(server, `bounded_${adapter}`, "free");
      const me = client.openId;
      // A pending upload's staged bytes: named by its record, so kept.
      const pending = await stagedUpload(client, bytes(4), "p.mp4");
      const staged = (await sweptKeys(server)).find((o) =>
        o.key.includes(String(pending.body.upload_id))
      )!.key;
      assert.ok(staged.startsWith("uploads-staging/"), staged);
      const orphans = new Set<string>();
      for (const prefix of ["tmp", "uploads-staging", "uploads"]) {
        for (let i = 0; i < 2; i++) {
          orphans.add(await leave(server, `${prefix}/${me}/${ulid()}.mp4`));
        }
      }
      const cut = await tickOfStorage(server, `tmp/${me}/probe.bin`);
      server.clock.set(cut + UPLOAD_WINDOW_MS);
      const all = (await sweptKeys(server)).map((o) =>
        o.key
      );
      assert.equal(all.length, 7);
      const cursor = async () =>
        (await getTyped(server.kv, keys.orphanSweepCursor())).value;

      // Three objects a run, each run after the last one's cursor.
      for (let run = 0; run * 3 < all.length; run++) {
        const seen = all.slice(run * 3, run * 3 + 3);
        const result = await sweepOrphanedObjects(server.deps, {
          maxScanned: 3,
        });
        assert.deepEqual(result, {
          scanned: seen.length,
          removed: seen.filter((k) => orphans.has(k)).length,
        }, `run ${run}`);
        // The last run reached the end: the next starts over.
        assert.equal(
          await cursor(),
          seen.length === 3 ? seen[2] : null,
          `cursor after run ${run}`,
        );
      }
      for (const key of all) {
        assert.equal(await exists(server, key), !orphans.has(key), key);
      }

      // At most two deletions a run, whatever the run could look at.
      const more = [];
      for (let i = 0; i < 3; i++) {
        more.push(await leave(server, `uploads/${me}/${ulid()}.mp4`));
      }
      server.clock.set(Date.now() + UPLOAD_WINDOW_MS + 60_000);
      assert.deepEqual(
        await sweepOrphanedObjects(server.deps, { maxRemoved: 2 }),
        { scanned: 3, removed: 2 },
        "stops at the second deletion, the staged upload seen first",
      );
      assert.deepEqual(
        await sweepOrphanedObjects(server.deps, { maxRemoved: 2 }),
        { scanned: 1, removed: 1 },
      );
      assert.equal(await cursor(), null);
      assert.deepEqual(
        await sweepOrphanedObjects(server.deps, { maxRemoved: 2 }),
        { scanned: 1, removed: 0 },
      );
      for (const key of more) assert.equal(await exists(server, key), false);
      assert.ok(await exists(server, staged), "the pending upload's bytes");
    } finally {
      await server.close();
    }
  });
}

Deno.test("an expiry sweep that fails does not stop the same round's orphan sweep", async () => {
  const server = await startTestServer();
  // The expiry sweep walks KV's expiry index; the orphan sweep reads
  // records by key: that index's list failing busy stops only the first.
  const expiryIndex = keys.mediaExpiryPrefix()[0];
  const kv = withBusyRetry(
    listsBusyWhile(
      server.kv,
      (selector) =>
        ("prefix" in selector ? selector.prefix : selector.start)?.[0] ===
          expiryIndex,
    ),
    {
      deadlineMs: 50,
      firstBackoffMs: 5,
      maxBackoffMs: 10,
      retryAfterSeconds: 1,
    },
  );
  const crons = cronRecorder();
  const work = startBackgroundWork({ ...server.deps, kv }, {
    crons: true,
    cron: crons.cron,
  });
  try {
    const orphan = await leave(server, `tmp/sbx-nobody/${ulid()}.mp4`);
    server.clock.set(
      (await lastModifiedOf(server, orphan)) + UPLOAD_WINDOW_MS + 1_000,
    );
    await crons.tick("pm3k-media-retention");
    assert.ok(
      server.logs.some((l) =>
        l.cron === "pm3k-media-retention" && /database is busy/.test(
          String(l.error),
        )
      ),
      "the failed expiry sweep is logged",
    );
    assert.equal(await exists(server, orphan), false, "the orphan is gone");
  } finally {
    work.stop();
    await server.close();
  }
});
