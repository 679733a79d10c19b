/**
 * An account deletion in a real server process killed (SIGKILL) in the
 * middle of its sweep (docs/accounts.md#a-deletion-cut-short): once the
 * dead run's hold has run out, the retention cron of a server on the same
 * KV file and data folder finishes it, and nothing of the account is left
 * in KV (the cron's cursor included) or on disk.
 */
import assert from "node:assert/strict";
import { ManualClock } from "../lib/clock.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { startTestServer, TEST_SECRET_KEY } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { postForm } from "./_helpers/sandbox_sign_in.ts";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import { finishAfterDeadHold } from "./_helpers/dead_erasure_hold.ts";

const UPLOADS = 10;
/** Browser sessions of the account: signing them all out takes seconds. */
const SESSIONS = 3000;

Deno.test("a deletion killed mid-sweep in a real process is finished by the cron once its hold runs out, leaving nothing", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-erase-kill-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  try {
    // An account with stored files, signed in to many browsers: its sweep
    // takes seconds, its first step signing each out.
    const setup = await startTestServer({ env });
    const me = await posterFor(setup, "erase_kill", "monthly");
    for (let i = 0; i < UPLOADS; i++) await me.uploadVideo();
    const own = (await getTyped(
      setup.kv,
      keys.session(me.jar.get("pm3k_session")!),
    )).value!;
    for (let i = 0; i < SESSIONS; i += 500) {
      const op = setup.kv.atomic();
      for (let j = i; j < i + 500; j++) {
        op.set(keys.session(`browser-${String(j).padStart(5, "0")}`), own);
      }
      assert.ok((await op.commit()).ok);
    }
    await setup.close();

    const proc = await startServerProcess(freePort(), {
      ...env,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_REQUESTS: "false",
    });
    const viaProc = { url: proc.url } as unknown as TestServer;
    const look = await Deno.openKv(env.KV_PATH);
    let cut: { uploadsLeft: number; marked: boolean } | null = null;
    try {
      const deleting = postForm(viaProc, me.jar, "/dashboard/delete_account", {
        [PAGE_ACCOUNT_FIELD]: me.openId,
      }).then((res) => res.body?.cancel(), () => {}); // dies with the process
      // Killed once the account record went, while it signs browsers out.
      for (;;) {
        const account = await look.get(keys.account(me.openId));
        const uploads = await listTyped(
          look,
          keys.uploadsByAccountPrefix(me.openId),
        );
        if (account.value === null) {
          await stopServerProcess(proc, "SIGKILL");
          cut = {
            uploadsLeft: uploads.length,
            marked:
              (await getTyped(look, keys.erasurePending(me.openId))).value !==
                null,
          };
          break;
        }
      }
      await deleting;
    } finally {
      look.close();
    }
    assert.deepEqual(cut, { uploadsLeft: UPLOADS, marked: true });

    // A server on the same files, its crons ticked by the test.
    await withRecordedCronsOn("local", async (server, crons) => {
      // The dead run's hold first runs out; then one round finishes it.
      await finishAfterDeadHold(server, crons, me.openId);
    }, { env, clock: new ManualClock(Date.now()) });
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
