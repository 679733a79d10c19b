/**
 * The follower's status calls stay inside TikTok's per-token minute limit:
 * slots are taken from one KV entry per account, racing processes included,
 * and a publish that finds no slot waits for one without losing its place.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { takeStatusCallSlot } from "../lib/posting/tiktok_call_budget.ts";
import { followDuePublishes } from "../lib/posting/follow_publishes.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";

Deno.test("racing takers never get more status-call slots than the minute allows", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = { kv, statusCallsPerMinute: 25 };
    const now = Date.UTC(2026, 10, 30, 12, 0, 0);
    const raced = await Promise.all(
      Array.from({ length: 40 }, () => takeStatusCallSlot(budget, "u1", now)),
    );
    const won = raced.filter((s) => s.ok).length;
    assert.ok(won >= 1 && won <= 25, `${won} slots taken in the race`);
    // Whatever the race left, the minute holds exactly 25 calls.
    let more = 0;
    while ((await takeStatusCallSlot(budget, "u1", now + 10)).ok) more++;
    assert.equal(won + more, 25);
    const refused = await takeStatusCallSlot(budget, "u1", now + 20);
    assert.deepEqual(refused, { ok: false, retryAt: now + 60_001 });
    // Another account has its own budget.
    assert.equal((await takeStatusCallSlot(budget, "u2", now)).ok, true);
    // The window slides: one minute after the first calls, slots are free.
    assert.equal(
      (await takeStatusCallSlot(budget, "u1", now + 60_001)).ok,
      true,
    );
  } finally {
    kv.close();
  }
});

Deno.test("publishes beyond the minute's status calls wait for a slot, all still finish, and TikTok never sees more than the budget in a minute", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "busy_poster");
    const publishIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(`clip${i}.mp4`),
        title: `Clip number ${i} of the day`,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      publishIds.push(String(res.body.publish_id));
      server.clock.advance(61 * 60_000); // the plan's one post an hour
    }
    const deps = { ...server.deps, statusCallsPerMinute: 4 };
    const posts = async () =>
      await Promise.all(publishIds.map(async (id) => {
        const ref = await getTyped(server.kv, keys.postByPublishId(id));
        return (await getTyped(server.kv, keys.post(ref.value!.postId))).value!;
      }));

    // All six are due at once: four are asked about, two wait.
    const t0 = server.clock.now();
    assert.equal(await followDuePublishes(deps), 4);
    const after = await posts();
    const asked = after.filter((p) => p.checks === 1);
    const waiting = after.filter((p) => p.checks === 0);
    assert.equal(asked.length, 4);
    assert.equal(waiting.length, 2);
    for (const p of waiting) {
      assert.equal(p.state, "pending");
      assert.equal(p.nextCheckAt, t0 + 60_001, "waits for the first free slot");
    }
    // Within the same minute nothing more is asked, even when due.
    server.clock.advance(30_000);
    assert.equal(await followDuePublishes(deps), 0);

    // Minute by minute every publish gets its two calls and finishes.
    for (let minute = 0; minute < 5; minute++) {
      server.clock.advance(31_000);
      await followDuePublishes(deps);
    }
    const final = await posts();
    assert.deepEqual(final.map((p) => p.state), Array(6).fill("done"));
    assert.deepEqual(final.map((p) => p.checks), Array(6).fill(2));
    assert.equal(await me.sandboxPosts(), 6);

    // TikTok (the sandbox) counted at most 4 status calls in any minute.
    let windows = 0;
    for await (
      const w of server.kv.list<Deno.KvU64>({
        prefix: sandboxKeys.rateWindowsPrefix(),
      })
    ) {
      if (w.key[2] !== "status") continue;
      windows++;
      assert.ok(w.value.value <= 4n, `${w.value.value} calls in one minute`);
    }
    assert.ok(windows >= 3, "the twelve calls spread over several minutes");
  } finally {
    await server.close();
  }
});
