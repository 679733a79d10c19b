/**
 * Several TikTok accounts in one browser session
 * (docs/accounts.md#several-tiktok-accounts), over HTTP: "Add another
 * TikTok account" joins the session with a new session id, the switcher
 * moves between the accounts, each acts with its own plan and data, a
 * switch to an account the session does not hold is refused, cross-site
 * writes are refused, and sign-out ends one account or all.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  addAccountInJar,
  consentInJar,
  postForm,
  signIn,
  visit,
} from "./_helpers/sandbox_sign_in.ts";
import { CookieJar } from "./_helpers/cookie_jar.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { MAX_SESSION_ACCOUNTS } from "../lib/sessions/sessions.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";

const SESSION = "pm3k_session";

/** "Add another TikTok account" in the same jar, as `username`. */
async function addAccount(
  server: TestServer,
  jar: CookieJar,
  username: string,
): Promise<string> {
  const { openId, login, signedIn } = await addAccountInJar(
    server,
    jar,
    username,
  );
  assert.equal(login.status, 302);
  // TikTok shows its consent page, so another TikTok account can sign in.
  assert.equal(
    new URL(login.headers.get("location")!).searchParams.get(
      "disable_auto_auth",
    ),
    "1",
  );
  assert.equal(signedIn.status, 303);
  return openId;
}

/** Who `/api/me` says the session acts for. */
async function me(server: TestServer, jar: CookieJar) {
  const res = await visit(jar, `${server.url}/api/me`, {
    headers: { Accept: "application/json" },
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("an added account joins the session under a new id, and the switcher moves between accounts with their own plans", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId: first } = await signIn(server, "multi_one", "annual");
    const firstSession = jar.get(SESSION)!;
    const second = await addAccount(server, jar, "multi_two");
    const secondSession = jar.get(SESSION)!;
    assert.notEqual(secondSession, firstSession, "a sign-in gets a new id");
    assert.equal(
      (await getTyped(server.kv, keys.session(firstSession))).value,
      null,
      "the old session id no longer works",
    );
    const row = (await getTyped(server.kv, keys.session(secondSession))).value;
    assert.equal(row?.openId, second);
    assert.deepEqual(row?.openIds, [second, first]);

    // The new account has no plan yet: the dashboard asks for one.
    const dash = await visit(jar, `${server.url}/dashboard`);
    const html = await dash.text();
    assert.match(html, /data-testid="plan-choice"/);
    assert.match(html, /data-testid="account-switcher"/);
    assert.equal((await me(server, jar)).body.open_id, second);
    const chosen = await postForm(server, jar, "/dashboard/plan", {
      plan: "free",
    });
    await chosen.body?.cancel();

    const switched = await postForm(server, jar, "/auth/switch", {
      open_id: first,
    });
    await switched.body?.cancel();
    assert.equal(switched.status, 303);
    const one = await me(server, jar);
    assert.equal(one.body.open_id, first);
    assert.equal(one.body.plan, "annual");
    await postForm(server, jar, "/auth/switch", { open_id: second })
      .then((r) => r.body?.cancel());
    const two = await me(server, jar);
    assert.equal(two.body.open_id, second);
    assert.equal(two.body.plan, "free");
  } finally {
    await server.close();
  }
});

Deno.test("a switch to an account the session does not hold, or from another site, changes nothing", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId: first } = await signIn(server, "alone_one", "free");
    const { openId: stranger } = await signIn(server, "stranger", "free");
    const refused = await postForm(server, jar, "/auth/switch", {
      open_id: stranger,
    });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /not signed in to this browser/);
    assert.equal((await me(server, jar)).body.open_id, first);

    const second = await addAccount(server, jar, "alone_two");
    const crossSite = await postForm(
      server,
      jar,
      "/auth/switch",
      { open_id: first },
      "https://evil.example",
    );
    assert.equal(crossSite.status, 403);
    await crossSite.body?.cancel();
    assert.equal((await me(server, jar)).body.open_id, second);
  } finally {
    await server.close();
  }
});

Deno.test("a plain sign-in replaces the session; only an explicit add keeps the other accounts", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "plain_one", "free");
    const before = jar.get(SESSION)!;
    // A plain sign-in (no ?add=1) in the same browser.
    const { login, callback } = await consentInJar(server, jar, "plain_two");
    assert.equal(
      new URL(login.headers.get("location")!).searchParams.has(
        "disable_auto_auth",
      ),
      false,
    );
    await visit(jar, callback).then((r) => r.body?.cancel());
    const row = (await getTyped(server.kv, keys.session(jar.get(SESSION)!)))
      .value;
    assert.equal(row?.openIds, undefined, "one account only");
    assert.equal(
      (await getTyped(server.kv, keys.session(before))).value,
      null,
      "the previous session ended",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a plain sign-in swaps the old session for the new in one commit", async () => {
  // Every write to a session row, as the commit or call that made it.
  const writes: string[] = [];
  let counting = false;
  const server = await startTestServer({
    wrapKv: (kv) => {
      const hooked = hookWritesUnder(kv, ["sessions"], async (real) => {
        const done = await real();
        if (counting) writes.push(`commit ok=${done.ok}`);
        return done;
      });
      return new Proxy(hooked, {
        get(target, name) {
          const value = Reflect.get(target, name, target);
          if (name !== "set" && name !== "delete") return value;
          return (key: Deno.KvKey, ...rest: unknown[]) => {
            if (counting && key[0] === "sessions") writes.push(String(name));
            return (value as (...a: unknown[]) => unknown).apply(
              target,
              [key, ...rest],
            );
          };
        },
      });
    },
  });
  try {
    const { jar } = await signIn(server, "swap_one", "free");
    const before = jar.get(SESSION)!;
    const { callback } = await consentInJar(server, jar, "swap_two");
    counting = true;
    const signedIn = await visit(jar, callback);
    await signedIn.body?.cancel();
    counting = false;
    assert.equal(signedIn.status, 303);
    assert.deepEqual(writes, ["commit ok=true"], "one commit, nothing else");
    assert.notEqual(jar.get(SESSION), before);
    assert.equal(
      (await getTyped(server.kv, keys.session(before))).value,
      null,
      "the old session ended",
    );
    assert.equal((await me(server, jar)).status, 200, "the new one works");
  } finally {
    await server.close();
  }
});

Deno.test("sign-out asks which: this account keeps the others, all ends the session", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId: first } = await signIn(server, "out_one", "free");
    const second = await addAccount(server, jar, "out_two");
    const third = await addAccount(server, jar, "out_three");
    assert.equal((await me(server, jar)).body.open_id, third);

    const one = await postForm(server, jar, "/auth/logout", {
      scope: "account",
    });
    await one.body?.cancel();
    assert.equal(one.status, 303);
    assert.equal(one.headers.get("location"), "/dashboard");
    const now = await me(server, jar);
    assert.equal(now.status, 200);
    assert.equal(now.body.open_id, second, "the next account is active");
    const row = (await getTyped(server.kv, keys.session(jar.get(SESSION)!)))
      .value;
    assert.deepEqual(row?.openIds, [second, first]);

    const all = await postForm(server, jar, "/auth/logout", { scope: "all" });
    await all.body?.cancel();
    assert.equal(all.headers.get("location"), "/");
    assert.equal(jar.get(SESSION), undefined, "the cookie is cleared");
    assert.equal((await me(server, jar)).status, 401);
  } finally {
    await server.close();
  }
});

Deno.test("signing the last account out ends the session", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "last_one", "free");
    const id = jar.get(SESSION)!;
    const out = await postForm(server, jar, "/auth/logout", {
      scope: "account",
    });
    await out.body?.cancel();
    assert.equal(out.headers.get("location"), "/");
    assert.equal((await getTyped(server.kv, keys.session(id))).value, null);
  } finally {
    await server.close();
  }
});

/** The start page's account notice, as the server wrote it. */
async function startPageNotice(server: TestServer, jar: CookieJar) {
  const page = await (await visit(jar, `${server.url}/`)).text();
  return page.match(/data-testid="account-notice"[^>]*>([^<]*)</)?.[1];
}

Deno.test("signing out of the browser's last account, or of all, says so on the start page, once", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "bye_last", "free");
    const name = (await me(server, jar)).body.display_name;
    await signOut(server, jar, "account");
    assert.equal(await startPageNotice(server, jar), `Signed out of ${name}.`);
    assert.equal(await startPageNotice(server, jar), undefined, "said once");

    const again = await signIn(server, "bye_one", "free");
    await addAccount(server, again.jar, "bye_two");
    await signOut(server, again.jar, "all");
    assert.equal(
      await startPageNotice(server, again.jar),
      "Signed out of all 2 TikTok accounts in this browser.",
    );
  } finally {
    await server.close();
  }
});

Deno.test("an eleventh account signs out the one added longest ago, and the next page says which", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId: first } = await signIn(server, "room_0", "free");
    for (let i = 1; i < MAX_SESSION_ACCOUNTS; i++) {
      await addAccount(server, jar, `room_${i}`);
    }
    const newest = await addAccount(server, jar, "room_new");
    const row = (await getTyped(server.kv, keys.session(jar.get(SESSION)!)))
      .value!;
    assert.equal(row.openIds?.length, MAX_SESSION_ACCOUNTS);
    assert.ok(!row.openIds?.includes(first), "the first account went");

    const name = async (openId: string) =>
      (await getAccount(server.deps, openId))?.displayName;
    const page = await (await visit(jar, `${server.url}/dashboard`)).text();
    const notice = page.match(
      /data-testid="account-notice"[^>]*>([^<]*)</,
    )?.[1];
    assert.equal(
      notice,
      `A browser holds at most ${MAX_SESSION_ACCOUNTS} TikTok accounts, so ${await name(
        first,
      )} was signed out to make room for ${await name(newest)}.`,
    );
    const again = await (await visit(jar, `${server.url}/dashboard`)).text();
    assert.doesNotMatch(again, /to make room/, "said once");
  } finally {
    await server.close();
  }
});

/**
 * A server whose next write of a session row, once armed, waits for
 * `meanwhile` first: what another tab of the browser did between the
 * request's read of its session and its write (kv_write_hook.ts).
 */
async function serverHoldingSessionWrites() {
  let meanwhile: (() => Promise<unknown>) | null = null;
  const hold = async () => {
    const run = meanwhile;
    meanwhile = null;
    if (run) await run();
  };
  const server = await startTestServer({
    wrapKv: (kv) => {
      const hooked = hookWritesUnder(kv, ["sessions"], async (real) => {
        await hold();
        return await real();
      });
      return new Proxy(hooked, {
        get(target, name) {
          const value = Reflect.get(target, name, target);
          if (name !== "set") return value;
          return async (key: Deno.KvKey, ...rest: unknown[]) => {
            if (key[0] === "sessions") await hold();
            return await (value as (...a: unknown[]) => unknown).apply(
              target,
              [key, ...rest],
            );
          };
        },
      });
    },
  });
  return {
    server,
    before(body: () => Promise<unknown>) {
      meanwhile = body;
    },
    held: () => meanwhile === null,
  };
}

/** The same browser's cookie, in another tab. */
function otherTab(jar: CookieJar): CookieJar {
  const tab = new CookieJar();
  tab.set(SESSION, jar.get(SESSION)!);
  return tab;
}

async function signOut(server: TestServer, jar: CookieJar, scope: string) {
  const res = await postForm(server, jar, "/auth/logout", { scope });
  await res.body?.cancel();
  assert.equal(res.status, 303);
}

Deno.test("signing out of all accounts is not undone by a switch in another tab at the same moment", async () => {
  const { server, before, held } = await serverHoldingSessionWrites();
  try {
    const { jar, openId: first } = await signIn(server, "race_all_a", "free");
    await addAccount(server, jar, "race_all_b");
    const id = jar.get(SESSION)!;
    before(() => signOut(server, otherTab(jar), "all"));
    const switched = await postForm(server, jar, "/auth/switch", {
      open_id: first,
    });
    await switched.body?.cancel();
    assert.ok(held(), "the sign-out ran between the switch's read and write");
    assert.equal(
      (await getTyped(server.kv, keys.session(id))).value,
      null,
      "the session stays ended",
    );
    assert.equal((await me(server, jar)).status, 401);
  } finally {
    await server.close();
  }
});

Deno.test("an account signed out is not signed back in by a switch in another tab at the same moment", async () => {
  const { server, before, held } = await serverHoldingSessionWrites();
  try {
    const { jar, openId: first } = await signIn(server, "race_one_a", "free");
    const second = await addAccount(server, jar, "race_one_b");
    // Active: the second. Another tab signs it out while this one
    // switches to the first.
    before(() => signOut(server, otherTab(jar), "account"));
    const switched = await postForm(server, jar, "/auth/switch", {
      open_id: first,
    });
    await switched.body?.cancel();
    assert.ok(held(), "the sign-out ran between the switch's read and write");
    const row = (await getTyped(server.kv, keys.session(jar.get(SESSION)!)))
      .value;
    assert.deepEqual(
      row && [row.openId, row.openIds ?? [row.openId]],
      [first, [first]],
      `${second} stays signed out`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("an account added while another tab signs out of all accounts joins a session of its own, without the accounts signed out", async () => {
  const { server, before, held } = await serverHoldingSessionWrites();
  try {
    const { jar } = await signIn(server, "race_add_a", "free");
    await addAccount(server, jar, "race_add_b");
    const tab = otherTab(jar);
    before(() => signOut(server, tab, "all"));
    const { openId: third } = await addAccountInJar(server, jar, "race_add_c");
    assert.ok(held(), "the sign-out ran before the new session was written");
    const row = (await getTyped(server.kv, keys.session(jar.get(SESSION)!)))
      .value;
    assert.deepEqual(
      row && [row.openId, row.openIds ?? [row.openId]],
      [third, [third]],
    );
  } finally {
    await server.close();
  }
});

Deno.test("signing this account out while another tab switches signs out the account the page showed, not the one switched to", async () => {
  const { server, before, held } = await serverHoldingSessionWrites();
  try {
    const { jar, openId: first } = await signIn(server, "race_out_a", "free");
    const second = await addAccount(server, jar, "race_out_b");
    // The page shows the second (active); another tab switches to the
    // first between this sign-out's read and its write.
    before(async () => {
      const res = await postForm(server, otherTab(jar), "/auth/switch", {
        open_id: first,
      });
      await res.body?.cancel();
      assert.equal(res.status, 303);
    });
    const out = await postForm(server, jar, "/auth/logout", {
      scope: "account",
      account: second,
    });
    await out.body?.cancel();
    assert.ok(held(), "the switch ran between the sign-out's read and write");
    const row = (await getTyped(server.kv, keys.session(jar.get(SESSION)!)))
      .value;
    assert.deepEqual(
      row && [row.openId, row.openIds ?? [row.openId]],
      [first, [first]],
      "the first stays signed in, the second is out",
    );
  } finally {
    await server.close();
  }
});
