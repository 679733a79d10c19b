/**
 * The retention cron's cursor among pending deletions
 * (`erasures_pending_cursor`, docs/accounts.md#a-deletion-cut-short) and a
 * process dying at its worst points: right after the commit removing an
 * account's mark, and right after the round set the cursor on the mark of
 * a deletion it had just finished. Neither leaves the cursor naming the
 * deleted account (docs/architecture.md#how-long-each-record-lives), so
 * nothing of it remains however long no round runs.
 */
import assert from "node:assert/strict";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { entriesNaming } from "./_helpers/account_traces.ts";
import {
  diesAfterAccountRecordGoes,
  diesAfterWriteUnder,
} from "./_helpers/dying_kv.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import {
  eraseAccount,
  ERASURE_CLAIM_MS,
} from "../lib/erasure/account_erasure.ts";
import { finishPendingErasures } from "../lib/erasure/pending_erasures.ts";

async function cursorOf(server: TestServer): Promise<string | null> {
  return (await getTyped(server.kv, keys.erasuresCronCursor())).value;
}

Deno.test("a process dying right after a deletion removed its mark leaves no cursor naming the account", async () => {
  await withRecordedCronsOn("local", async (server) => {
    const me = await posterFor(server, "cur_crash_own", "monthly");
    // A round left the cursor on this account's mark (held by its run).
    await server.kv.set(keys.erasuresCronCursor(), me.openId);
    // What the run does after that commit fails, and is only logged.
    await eraseAccount(
      {
        ...server.deps,
        kv: diesAfterWriteUnder(
          server.kv,
          keys.erasuresPendingPrefix(),
          async (kv) =>
            (await getTyped(kv, keys.erasurePending(me.openId))).value ===
              null,
        ),
      },
      me.openId,
    ).catch(() => {}); // the dead process's own failure: what it left counts
    assert.equal(await cursorOf(server), null);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  });
});

Deno.test("a process dying right after a round set its cursor leaves it on no finished deletion", async () => {
  await withRecordedCronsOn("local", async (server) => {
    const ids: string[] = [];
    for (const name of ["cur_crash_a", "cur_crash_b"]) {
      const p = await posterFor(server, name, "monthly");
      ids.push(p.openId);
      // Cut short right after the account record went: the mark stays.
      const cut = await eraseAccount(
        { ...server.deps, kv: diesAfterAccountRecordGoes(server.kv, p.openId) },
        p.openId,
      ).then(() => null, (e) => e);
      assert.match(String(cut), /the process died after its commit/);
    }
    ids.sort();
    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
    // One deletion a round: the round finishes the first and sets the
    // cursor on it; the process dies right after that commit.
    const died = await finishPendingErasures(
      {
        ...server.deps,
        kv: diesAfterWriteUnder(
          server.kv,
          keys.erasuresCronCursor(),
          async (kv) =>
            (await getTyped(kv, keys.erasuresCronCursor())).value !== null,
        ),
      },
      { batch: 1 },
    ).then(() => null, (e) => e);
    assert.ok(died === null || /died/.test(String(died)), String(died));
    assert.deepEqual(await entriesNaming(server, [ids[0]]), []);
    assert.notEqual(await cursorOf(server), ids[0]);
    // The next round finishes the other.
    await finishPendingErasures(server.deps, { batch: 1 });
    assert.deepEqual(await entriesNaming(server, ids), []);
    assert.equal(await cursorOf(server), null);
  });
});
