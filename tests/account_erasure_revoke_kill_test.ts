/**
 * An account deletion in a real server process killed (SIGKILL) while
 * TikTok's revoke call is in flight, before the commit deleting the
 * account (docs/accounts.md#a-deletion-cut-short): the deletion was marked
 * pending before TikTok was asked, so once the dead run's hold has run
 * out the retention cron of a server on the same KV file and data folder
 * finishes it (revoking again: the simulator, as TikTok, takes a token
 * revoked twice), and nothing of the account is left, nor its grant.
 * Until then its API key and its browser session are refused: the mark
 * is there (docs/accounts.md#deleting-an-account).
 */
import assert from "node:assert/strict";
import { ManualClock } from "../lib/clock.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
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
import { keyAndSessionAnswers } from "./_helpers/account_answers.ts";

const REVOKE_PATH = /\/_sandbox\/tiktok\/v2\/oauth\/revoke\/?$/;

/**
 * The process's public address: a proxy forwarding to it, through which
 * its calls to its own sandbox go, that holds TikTok's revoke unanswered
 * until `release` (then answers 503).
 */
function holdingProxy(target: () => string) {
  let released!: () => void;
  const release = new Promise<void>((r) => released = r);
  let revokeAsked!: () => void;
  const revoking = new Promise<void>((r) => revokeAsked = r);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const url = new URL(req.url);
      if (REVOKE_PATH.test(url.pathname)) {
        await req.body?.cancel();
        revokeAsked();
        await release;
        return new Response("held", { status: 503 });
      }
      const headers = new Headers(req.headers);
      headers.delete("host");
      const body = req.body ? await req.arrayBuffer() : undefined;
      return await fetch(`${target()}${url.pathname}${url.search}`, {
        method: req.method,
        headers,
        body,
        redirect: "manual",
      });
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}`,
    revoking,
    async close() {
      released();
      await server.shutdown();
    },
  };
}

Deno.test("a deletion killed during TikTok's revoke in a real process is finished by the cron, leaving nothing", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-revoke-kill-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  try {
    const setup = await startTestServer({ env });
    const me = await posterFor(setup, "revoke_kill", "monthly");
    await me.uploadVideo();
    await setup.close();

    const port = freePort();
    const proxy = holdingProxy(() => `http://127.0.0.1:${port}`);
    let cut: { account: boolean; marked: boolean } | null = null;
    try {
      const proc = await startServerProcess(port, {
        ...env,
        SECRET_KEY: TEST_SECRET_KEY,
        LOG_REQUESTS: "false",
      }, { publicBaseUrl: proxy.url });
      const viaProc = { url: proc.url } as unknown as TestServer;
      const deleting = postForm(
        viaProc,
        me.jar,
        "/dashboard/delete_account",
        { [PAGE_ACCOUNT_FIELD]: me.openId },
        proxy.url,
      ).then((res) => res.body?.cancel(), () => {}); // dies with the process
      // Killed while TikTok's revoke is held: before the deleting commit.
      await proxy.revoking;
      await stopServerProcess(proc, "SIGKILL");
      await deleting;
      const look = await Deno.openKv(env.KV_PATH);
      try {
        cut = {
          account: (await getTyped(look, keys.account(me.openId))).value !==
            null,
          marked: (await getTyped(look, keys.erasurePending(me.openId)))
            .value !== null,
        };
      } finally {
        look.close();
      }
    } finally {
      await proxy.close();
    }
    // Still there, but the deletion asked is recorded.
    assert.deepEqual(cut, { account: true, marked: true });

    await withRecordedCronsOn("local", async (server, crons) => {
      // The dead run's hold first runs out; then one round finishes it.
      await finishAfterDeadHold(server, crons, me.openId, async () => {
        assert.ok(
          (await getTyped(server.kv, keys.account(me.openId))).value,
          "left to the dead run for its hold",
        );
        // Meanwhile nothing acts for it: marked, its key and its browser
        // are refused at once, not when the hold runs out.
        const auth = {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        };
        assert.deepEqual(
          await keyAndSessionAnswers(server.url, auth, me.jar),
          { keyMe: 401, keyStatus: 401, cookieMe: 401, dashboard: 303 },
        );
        const refused = await (await fetch(`${server.url}/api/me`, {
          headers: auth,
        })).json();
        assert.equal(refused.error, "unauthorized");
        assert.match(String(refused.message), /being deleted/);
      });
      const grants = (await listTyped(
        server.kv,
        sandboxKeys.accessTokensPrefix(),
      )).filter((e) => e.value.openId === me.openId);
      assert.deepEqual(grants, [], "its TikTok grant is revoked");
    }, { env, clock: new ManualClock(Date.now()) });
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
