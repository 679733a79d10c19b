/**
 * Account deletion across two real server processes on one KV file
 * (docs/accounts.md#deleting-an-account): the account deleted through
 * process A, its browser sessions and its API key stop working at once on
 * process B, which used both just before (its entry cache warm); and
 * so they do once its deletion is only marked, before TikTok's revoke.
 */
import assert from "node:assert/strict";
import { withProcessPair } from "./_helpers/process_pair.ts";
import type { ProcessPair } from "./_helpers/process_pair.ts";
import { holdMark } from "../lib/erasure/account_erasure.ts";
import { runAdminCommand } from "../lib/admin/admin_commands.ts";
import { systemClock } from "../lib/clock.ts";
import { postForm, signIn } from "./_helpers/sandbox_sign_in.ts";
import { keyAndSessionAnswers } from "./_helpers/account_answers.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";

/**
 * `username` signed in through A with a key, both used on B just before
 * (the key's, the account's and its mark's entries cached there).
 */
async function usedOnB(pair: ProcessPair, username: string) {
  const [a, b] = pair.procs;
  const viaA = { url: a.url, kv: pair.kv } as unknown as TestServer;
  const me = await signIn(viaA, username, "monthly");
  const deps = { config: pair.config, kv: pair.kv, clock: systemClock };
  const key = (await runAdminCommand(deps, ["issue-key", me.openId])).at(-1)!;
  const auth = {
    Authorization: `Bearer ${key}`,
    "Content-Type": "application/json",
  };
  const before = await keyAndSessionAnswers(b.url, auth, me.jar);
  assert.equal(before.keyMe, 200, JSON.stringify(before));
  assert.equal(before.cookieMe, 200, JSON.stringify(before));
  assert.equal(before.dashboard, 200, JSON.stringify(before));
  assert.notEqual(before.keyStatus, 401, JSON.stringify(before));
  return { me, auth, viaA };
}

Deno.test("an account whose deletion is marked (its process died at TikTok's revoke): its key and sessions stop at once on the other process", async () => {
  await withProcessPair("pm3k-erase-mark-", "off", async (pair) => {
    const { me, auth } = await usedOnB(pair, "erase_marked_procs");
    // The deletion's first step, by a process that then died.
    const mark = await getTyped(pair.kv, keys.erasurePending(me.openId));
    const deps = { kv: pair.kv, clock: systemClock };
    assert.ok(await holdMark(deps, me.openId, mark, "a-dead-run"));

    const after = await keyAndSessionAnswers(pair.procs[1].url, auth, me.jar);
    assert.deepEqual(after, {
      keyMe: 401,
      keyStatus: 401,
      cookieMe: 401,
      dashboard: 303,
    });
    assert.ok(
      (await getTyped(pair.kv, keys.account(me.openId))).value,
      "the account is still there, its deletion not finished",
    );
  });
});

Deno.test("an account deleted through one process: its sessions and API key stop working at once on the other", async () => {
  await withProcessPair("pm3k-erase-procs-", "off", async (pair) => {
    const b = pair.procs[1];
    const { me, auth, viaA } = await usedOnB(pair, "erase_two_procs");

    // Deleted from Settings in another browser, through A.
    const other = await signIn(viaA, "erase_two_procs");
    const deleted = await postForm(
      viaA,
      other.jar,
      "/dashboard/delete_account",
      { [PAGE_ACCOUNT_FIELD]: me.openId },
    );
    await deleted.body?.cancel();
    assert.equal(deleted.status, 303);

    // At once, on B: the key is unknown, the browser signed out.
    const after = await keyAndSessionAnswers(b.url, auth, me.jar);
    assert.deepEqual(
      { keyMe: after.keyMe, keyStatus: after.keyStatus },
      { keyMe: 401, keyStatus: 401 },
    );
    assert.equal(after.cookieMe, 401, JSON.stringify(after));
    assert.notEqual(after.dashboard, 200, JSON.stringify(after));
    const sessions = await listTyped(pair.kv, keys.sessionsPrefix());
    assert.ok(
      sessions.every((s) => !JSON.stringify(s.value).includes(me.openId)),
      "no session names the deleted account",
    );
  });
});
