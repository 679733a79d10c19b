/**
 * A real server process killed (SIGKILL) in the middle of two copies from
 * a URL (docs/media.md#uploads-from-a-url), one sent with an
 * Idempotency-Key and one without, then a server started again on the same
 * KV file and data folder: what a retry gets, and what the dead copies
 * leave behind once their leases and the retention sweep have run.
 */
import assert from "node:assert/strict";
import { ManualClock } from "../lib/clock.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { INGEST_LIMITS, ingestHoldMs } from "../lib/media/ingest_limits.ts";
import { postMaxDurationMs } from "../lib/posting/post_duration.ts";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import { pathsNaming } from "./_helpers/account_traces.ts";

const FROM_URL = "/api/uploads/from_url";

function unkeyedInit(key: string, body: unknown): RequestInit {
  return {
    method: "POST",
    headers: {
      Authorization: `Bearer ${key}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
  };
}

/** A copy from a URL without an Idempotency-Key: its status and body. */
async function copyUnkeyed(
  url: string,
  key: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${FROM_URL}`, unkeyedInit(key, body));
  return { status: res.status, body: await res.json() };
}

/** Every file under `paths` (folders walked, files as they are). */
async function filesUnder(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (!(await Deno.stat(path)).isDirectory) {
      files.push(path);
      continue;
    }
    for await (const e of Deno.readDir(path)) {
      files.push(...await filesUnder([`${path}/${e.name}`]));
    }
  }
  return files;
}

Deno.test("copies from a URL cut by a killed process: a keyed retry waits then copies once, an unkeyed one copies afresh, and nothing of the dead copies outlives their leases and the sweep", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-copy-crash-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  const source = await startSourceServer();
  try {
    const setup = await startTestServer({ env });
    const me = await posterFor(setup, "copy_crash");
    await setup.close();

    // A real process copies two endless sources, then dies mid-copy.
    const holder = await startServerProcess(freePort(), {
      ...env,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_REQUESTS: "false",
    });
    // Both stream fast and never end; the keyed one's source sends the
    // whole video once no longer held.
    source.holding = true;
    const keyed = { url: `${source.origin}/paced-held.mp4` };
    const unkeyed = { url: `${source.origin}/paced.mp4` };
    const dying = [
      postWithKey(holder.url, me.key, "copy-crash", keyed, FROM_URL),
      fetch(`${holder.url}${FROM_URL}`, unkeyedInit(me.key, unkeyed)),
    ].map((p) =>
      p.then(
        (res) => res.body?.cancel(),
        () => {}, // the connection dies with the process: expected
      )
    );
    await waitUntil(
      "both copies under way",
      () =>
        source.hits.includes("/paced-held.mp4") &&
        source.hits.includes("/paced.mp4"),
    );
    // Both have started their uploads (read from the KV file beside the
    // process).
    const look = await Deno.openKv(env.KV_PATH);
    try {
      await waitUntil(
        "both uploads started",
        async () =>
          (await listTyped(look, keys.uploadsByAccountPrefix(me.openId)))
            .length === 2,
        9_000,
      );
    } finally {
      look.close();
    }
    await stopServerProcess(holder, "SIGKILL");
    await Promise.all(dying);

    // A server on the same files, its crons ticked by the test.
    await withRecordedCronsOn("local", async (server, crons) => {
      const left = await listTyped(
        server.kv,
        keys.uploadsByAccountPrefix(me.openId),
      );
      const slots = (await getTyped(server.kv, keys.ingestSlots(me.openId)))
        .value;
      const claim = (await getTyped(
        server.kv,
        keys.idempotency(me.openId, "copy-crash"),
      )).value!;
      assert.equal(claim.state, "in_progress");
      const facts = {
        uploadsLeft: left.length,
        slotsHeld: slots?.leases.length ?? 0,
      };
      assert.deepEqual(facts, { uploadsLeft: 2, slotsHeld: 2 });
      // Their partial files are on disk (so the check at the end sees files).
      const deadIds = left.map((e) => e.value);
      const partial = await filesUnder(await pathsNaming(server, me.openId));
      for (const id of deadIds) {
        assert.ok(partial.some((f) => f.includes(id)), JSON.stringify(partial));
      }

      // The keyed retry: told to wait while the dead copy might still run.
      await assertJsonError(
        await postWithKey(server.url, me.key, "copy-crash", keyed, FROM_URL),
        409,
        "idempotency_in_progress",
      );
      // Unkeyed, a retry copies again at once: a slot is still free.
      const plain = await copyUnkeyed(server.url, me.key, {
        url: `${source.origin}/video.mp4`,
      });
      assert.equal(plain.status, 200, JSON.stringify(plain.body));

      // Past the leases' lapse the account has all its slots back.
      server.clock.set(
        server.clock.now() + ingestHoldMs(INGEST_LIMITS) + 1_000,
      );
      const third = await copyUnkeyed(server.url, me.key, {
        url: `${source.origin}/video.mp4?again`,
      });
      assert.equal(third.status, 200, JSON.stringify(third.body));
      const slotsAfter = (await getTyped(
        server.kv,
        keys.ingestSlots(me.openId),
      )).value;
      assert.equal(
        (slotsAfter?.leases ?? []).filter((l) => l.until > server.clock.now())
          .length,
        0,
      );

      // Past the dead request's deadline the keyed retry copies, once.
      server.clock.set(claim.deadline!);
      assert.ok(claim.deadline! - claim.at === postMaxDurationMs(server.deps));
      source.holding = false;
      const retried = await postWithKey(
        server.url,
        me.key,
        "copy-crash",
        keyed,
        FROM_URL,
      );
      const first = { status: retried.status, body: await retried.json() };
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const again = await postWithKey(
        server.url,
        me.key,
        "copy-crash",
        keyed,
        FROM_URL,
      );
      assert.equal(again.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(
        { status: again.status, body: await again.json() },
        first,
      );

      // Hours later the retention sweep has taken the dead copies' records
      // and their partial files; the three good uploads stay.
      server.clock.set(server.clock.now() + 2 * 3600_000);
      await crons.tick("pm3k-media-retention");
      const kept = (await listTyped(
        server.kv,
        keys.uploadsByAccountPrefix(me.openId),
      )).map((e) => e.value);
      const records = await Promise.all(
        kept.map(async (id) =>
          (await getTyped(server.kv, keys.upload(id))).value
        ),
      );
      assert.deepEqual(
        records.map((r) => r?.state).sort(),
        ["complete", "complete", "complete"],
        JSON.stringify(records),
      );
      // The dead copies spent none of the days' uploads (counted once
      // complete, docs/media.md#uploads).
      const counts = await listTyped(
        server.kv,
        keys.uploadDayCountsPrefix(me.openId),
      );
      assert.equal(
        counts.reduce((n, e) => n + Number(e.value.value), 0),
        3,
      );
      const goodIds = records.map((r) => r!.id);
      const strays = (await filesUnder(
        await pathsNaming(server, me.openId),
      )).filter((f) => !goodIds.some((id) => f.includes(id)));
      assert.deepEqual(strays, []);
    }, { env, clock: new ManualClock(Date.now()) });
  } finally {
    await source.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
