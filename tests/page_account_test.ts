/**
 * A dashboard page acts only for the account it shows
 * (docs/accounts.md#several-tiktok-accounts): a page opened for one
 * account, left open while the browser switched to another (another tab),
 * or signed out of it, names its account in every write (the islands'
 * `X-PM3K-Account` header, the forms' `account` field); a write naming an
 * account that is no longer the active one answers 409 `account_switched`
 * and changes nothing on the active account.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  addAccountInJar,
  postForm,
  signIn,
  visit,
} from "./_helpers/sandbox_sign_in.ts";
import type { CookieJar } from "./_helpers/cookie_jar.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import {
  PAGE_ACCOUNT_FIELD,
  PAGE_ACCOUNT_HEADER,
} from "../lib/http/page_account_names.ts";

/** "Add another TikTok account" in the same jar: its open_id. */
async function addAccount(
  server: TestServer,
  jar: CookieJar,
  username: string,
): Promise<string> {
  return (await addAccountInJar(server, jar, username)).openId;
}

/** A call the page's islands make: same origin, naming the page's account. */
async function pageCall(
  server: TestServer,
  jar: CookieJar,
  pageAccount: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await visit(jar, `${server.url}${path}`, {
    method,
    headers: {
      Accept: "application/json",
      Origin: server.url,
      [PAGE_ACCOUNT_HEADER]: pageAccount,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The account a dashboard page says it acts for, as its islands read it. */
async function accountOfPage(server: TestServer, jar: CookieJar, path: string) {
  const html = await (await visit(jar, `${server.url}${path}`)).text();
  const meta = html.match(/<meta name="pm3k-account" content="([^"]+)"/);
  assert.ok(meta, `${path} names its account`);
  const field = html.match(
    new RegExp(`name="${PAGE_ACCOUNT_FIELD}" value="([^"]+)"`),
  );
  assert.equal(field?.[1], meta[1], "its forms name the same account");
  return meta[1];
}

Deno.test("a page left open for one account writes nothing to the account the browser switched to", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId: a } = await signIn(server, "tab_one", "annual");
    const b = await addAccount(server, jar, "tab_two");
    await postForm(server, jar, "/dashboard/plan", { plan: "free" })
      .then((r) => r.body?.cancel());
    const key = await pageCall(server, jar, b, "POST", "/dashboard/api_key");
    assert.equal(key.status, 200, JSON.stringify(key.body));

    // Tab 1 shows account A; tab 2 then switches the browser to B.
    await postForm(server, jar, "/auth/switch", { open_id: a })
      .then((r) => r.body?.cancel());
    const pageA = await accountOfPage(server, jar, "/dashboard/settings");
    assert.equal(pageA, a);
    await postForm(server, jar, "/auth/switch", { open_id: b })
      .then((r) => r.body?.cancel());

    const revoke = await pageCall(
      server,
      jar,
      pageA,
      "DELETE",
      "/dashboard/api_key",
    );
    assert.equal(revoke.status, 409, JSON.stringify(revoke.body));
    assert.equal(revoke.body.error, "account_switched");
    const stillKeyed = await fetch(`${server.url}/api/me`, {
      headers: { Authorization: `Bearer ${key.body.api_key}` },
    });
    assert.equal(stillKeyed.status, 200, "B's key is not revoked");
    await stillKeyed.body?.cancel();

    const hook = await pageCall(server, jar, pageA, "PUT", "/api/webhook", {
      url: "https://hooks.example.com/pm3k",
    });
    assert.equal(hook.status, 409, JSON.stringify(hook.body));
    assert.equal(hook.body.error, "account_switched");
    // The browser still holds A: the page's account is named, and
    // switching back (in any tab) is a way on that keeps this page.
    assert.equal(
      hook.body.message,
      "This page is for Tab One, but this browser now acts for Tab Two (switched in another tab). Nothing was changed. To go on here as Tab One, switch back to it in another tab and try again; or reload the page to act for Tab Two.",
    );
    assert.equal(revoke.body.message, hook.body.message, "the same words");
    assert.equal(
      (await getTyped(server.kv, keys.webhook(b))).value,
      null,
      "no webhook set on B",
    );

    const plan = await postForm(server, jar, "/dashboard/plan", {
      plan: "monthly",
      [PAGE_ACCOUNT_FIELD]: pageA,
    });
    assert.equal(plan.status, 409);
    await plan.body?.cancel();
    assert.equal(
      (await getTyped(server.kv, keys.account(b))).value?.plan,
      "free",
    );

    const out = await postForm(server, jar, "/auth/logout", {
      scope: "account",
      [PAGE_ACCOUNT_FIELD]: pageA,
    });
    assert.equal(out.status, 409);
    await out.body?.cancel();
    // Named in the islands' header instead, as the plan and privacy forms
    // take it too.
    const outByHeader = await visit(jar, `${server.url}/auth/logout`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
        Accept: "application/json",
        [PAGE_ACCOUNT_HEADER]: pageA,
      },
      body: new URLSearchParams({ scope: "account" }),
    });
    assert.equal(outByHeader.status, 409);
    assert.equal((await outByHeader.json()).error, "account_switched");
    const me = await pageCall(server, jar, b, "GET", "/api/me");
    assert.equal(me.status, 200, "B is still signed in");
    assert.equal(me.body.open_id, b);

    // Switched back in another tab, A's page works again as it is.
    await postForm(server, jar, "/auth/switch", { open_id: a })
      .then((r) => r.body?.cancel());
    const onA = await pageCall(server, jar, pageA, "GET", "/api/webhook");
    assert.equal(onA.status, 200, JSON.stringify(onA.body));
    await postForm(server, jar, "/auth/switch", { open_id: b })
      .then((r) => r.body?.cancel());

    // B's own page works as before.
    const pageB = await accountOfPage(server, jar, "/dashboard/settings");
    assert.equal(pageB, b);
    const chosen = await postForm(server, jar, "/dashboard/plan", {
      plan: "monthly",
      [PAGE_ACCOUNT_FIELD]: pageB,
    });
    assert.equal(chosen.status, 303);
    await chosen.body?.cancel();
    assert.equal(
      (await getTyped(server.kv, keys.account(b))).value?.plan,
      "monthly",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a page of an account signed out since answers account_switched; with no account left, 401", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId: a } = await signIn(server, "gone_one", "free");
    const b = await addAccount(server, jar, "gone_two");
    await postForm(server, jar, "/dashboard/plan", { plan: "free" })
      .then((r) => r.body?.cancel());
    const pageB = await accountOfPage(server, jar, "/dashboard/settings");
    assert.equal(pageB, b);
    // Another tab signs B out: A becomes active.
    await postForm(server, jar, "/auth/logout", {
      scope: "account",
      [PAGE_ACCOUNT_FIELD]: pageB,
    }).then((r) => r.body?.cancel());
    assert.equal(
      (await pageCall(server, jar, a, "GET", "/api/me")).status,
      200,
    );
    const stale = await pageCall(
      server,
      jar,
      pageB,
      "POST",
      "/dashboard/api_key",
    );
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    assert.equal(stale.body.error, "account_switched");
    // B is no longer held: not named, and no way back but a reload.
    assert.equal(
      stale.body.message,
      "This page was opened for another TikTok account; this browser now acts for Gone One (switched or signed out in another tab). Nothing was changed: reload the page.",
    );
    assert.equal(
      (await getTyped(server.kv, keys.account(a))).value?.apiKeyHash,
      null,
      "no key issued for A",
    );
    await postForm(server, jar, "/auth/logout", { scope: "all" })
      .then((r) => r.body?.cancel());
    const none = await pageCall(
      server,
      jar,
      pageB,
      "POST",
      "/dashboard/api_key",
    );
    assert.equal(none.status, 401);
    assert.equal(none.body.error, "unauthorized");
  } finally {
    await server.close();
  }
});
