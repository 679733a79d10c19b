/**
 * Sign in with TikTok over HTTP through the sandbox: PKCE + state, account
 * upsert with encrypted tokens, session cookie; and every failure path
 * shows a clear page and creates no account or session.
 */
import assert from "node:assert/strict";
import { CookieJar } from "./_helpers/cookie_jar.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  beginSignIn,
  consentCallback,
  decideConsent,
  signIn,
  visit,
} from "./_helpers/sandbox_sign_in.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { SIGN_INS_PER_MINUTE } from "../lib/auth/sign_in_rate_limit.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { decryptText } from "../lib/crypto/token_cipher.ts";
import { sha256Hex } from "../lib/crypto/hashing.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";

async function accountCount(server: TestServer): Promise<number> {
  return (await listTyped(server.kv, keys.accountsPrefix())).length;
}

async function sessionCount(server: TestServer): Promise<number> {
  let n = 0;
  for await (
    const _ of server.kv.list({ prefix: keys.session("").slice(0, 1) })
  ) n++;
  return n;
}

async function assertFailurePage(
  res: Response,
  reason: string,
): Promise<string> {
  assert.equal(res.status, 400);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assert.match(html, new RegExp(`data-reason="${reason}"`));
  assert.match(html, /Sign-in did not complete/);
  assert.equal(
    res.headers.getSetCookie().some((c) =>
      c.startsWith("pm3k_session=") && !c.startsWith("pm3k_session=;")
    ),
    false,
  );
  return html;
}

Deno.test("sign-in sends TikTok's parameters with a hex S256 challenge", async () => {
  const server = await startTestServer();
  try {
    const { authorizeUrl } = await beginSignIn(server);
    const url = new URL(authorizeUrl);
    assert.equal(url.pathname, "/_sandbox/tiktok/v2/auth/authorize/");
    const q = url.searchParams;
    assert.equal(q.get("client_key"), server.deps.config.tiktok.clientKey);
    assert.equal(q.get("client_id"), null);
    assert.equal(q.get("response_type"), "code");
    assert.equal(
      q.get("scope"),
      "user.info.basic,video.publish,video.upload,video.list",
    );
    assert.equal(q.get("redirect_uri"), `${server.url}/auth/callback`);
    assert.equal(q.get("code_challenge_method"), "S256");
    assert.match(q.get("code_challenge") ?? "", /^[0-9a-f]{64}$/);
    const attempt = await server.kv.get<{ codeVerifier: string }>(
      keys.oauthAttempt(q.get("state")!),
    );
    assert.equal(
      await sha256Hex(attempt.value!.codeVerifier),
      q.get("code_challenge"),
    );
  } finally {
    await server.close();
  }
});

Deno.test("a completed sign-in creates the account with encrypted tokens and a session", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "creator_one");
    const account = await getAccount(server.deps, openId);
    assert.ok(account);
    assert.equal(account.displayName, "Creator One");
    assert.equal(account.plan, null);
    assert.match(
      account.avatarUrl,
      /\/_sandbox\/tiktok\/avatars\/creator_one\.svg$/,
    );
    assert.equal(account.createdAt, server.clock.now());
    const sealed = account.tiktok!.accessToken;
    assert.ok(!sealed.includes("act."), "stored encrypted");
    const token = await decryptText(server.deps.tokenKey, sealed);
    assert.match(token, /^act\./);
    const info = await fetch(
      `${server.url}/_sandbox/tiktok/v2/user/info/?fields=open_id`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    assert.deepEqual((await info.json()).data.user, { open_id: openId });

    const dash = await visit(jar, `${server.url}/dashboard`);
    assert.equal(dash.status, 200);
    const html = await dash.text();
    assert.match(html, /Choose your plan/);
    assert.match(html, /Creator One/);
    const cookie = jar.get("pm3k_session");
    assert.ok(cookie);

    // A second sign-in keeps the account (plan, creation time) and adds a session.
    server.clock.advance(60_000);
    await signIn(server, "creator_one");
    assert.equal(await accountCount(server), 1);
    assert.equal(
      (await getAccount(server.deps, openId))?.createdAt,
      account.createdAt,
    );
    assert.equal(await sessionCount(server), 2);
  } finally {
    await server.close();
  }
});

Deno.test("the session cookie is HttpOnly and SameSite=Lax, and sign-out ends it", async () => {
  const server = await startTestServer();
  try {
    const { jar, callback } = await consentCallback(
      server,
      "authorize",
      "cookie_user",
    );
    const res = await visit(jar, callback);
    await res.body?.cancel();
    assert.equal(res.headers.get("location"), "/dashboard");
    const cookie = res.headers.getSetCookie().find((c) =>
      c.startsWith("pm3k_session=")
    );
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    // Plain-http localhost: no Secure flag, or browsers would drop the cookie.
    assert.doesNotMatch(cookie, /Secure/);
    const out = await visit(jar, `${server.url}/auth/logout`, {
      method: "POST",
      headers: { Origin: server.url },
    });
    assert.equal(out.status, 303);
    await out.body?.cancel();
    assert.equal(await sessionCount(server), 0);
    const dash = await visit(jar, `${server.url}/dashboard`);
    assert.equal(dash.status, 303);
    await dash.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("denied consent shows a clear page and creates no account or session", async () => {
  const server = await startTestServer();
  try {
    const { jar, callback } = await consentCallback(
      server,
      "deny",
      "deny_user",
    );
    assert.equal(new URL(callback).searchParams.get("error"), "access_denied");
    await assertFailurePage(await visit(jar, callback), "denied");
    assert.equal(await accountCount(server), 0);
    assert.equal(await sessionCount(server), 0);
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's unauthorized_client at the callback names the redirect URI and the Sandbox's Target users, for the operator", async () => {
  const server = await startTestServer();
  try {
    // What TikTok sends back for an app set up wrong for this sign-in
    // (the redirect URI not listed, or a Sandbox app and an account that
    // is not one of its Target users).
    const { jar, authorizeUrl } = await beginSignIn(server);
    const callback = new URL(`${server.url}/auth/callback`);
    callback.searchParams.set("error", "unauthorized_client");
    callback.searchParams.set("error_type", "client_key");
    callback.searchParams.set(
      "state",
      new URL(authorizeUrl).searchParams.get("state")!,
    );
    const res = await visit(jar, callback.href);
    const html = await res.clone().text();
    await assertFailurePage(res, "denied");
    const text = html.replace(/<[^>]+>/g, "").replace(/&#x27;|&#39;/g, "'");
    assert.match(
      text,
      new RegExp(
        `TikTok did not let this PM3K server's TikTok app sign this account in \\(unauthorized_client\\): TikTok answers so when the app does not list the redirect URI ${server.url}/auth/callback, or, for an app in TikTok's Sandbox, when this TikTok account is not one of its Target users`,
      ),
    );
    assert.ok(
      server.logs.some((l) =>
        l.level === "warn" &&
        String(l.message).startsWith(
          "sign-in refused by TikTok: TikTok did not let this PM3K server's",
        )
      ),
      "the operator's log says so",
    );
    assert.equal(await accountCount(server), 0);
  } finally {
    await server.close();
  }
});

Deno.test("a wrong state is refused: no account, no session", async (t) => {
  const server = await startTestServer();
  try {
    await t.step("state not matching this browser's cookie", async () => {
      const { jar, authorizeUrl } = await beginSignIn(server);
      const callback = new URL(
        await decideConsent(
          server,
          jar,
          authorizeUrl,
          "authorize",
          "state_user",
        ),
      );
      jar.set("pm3k_oauth_state", "someone-elses-state");
      await assertFailurePage(await visit(jar, callback.href), "bad_state");
    });
    await t.step(
      "no state cookie at all: the page names the address to start from",
      async () => {
        // A sign-in begun at another address than the server's own (a LAN
        // address, another name) kept its cookie there.
        const { jar, authorizeUrl } = await beginSignIn(server);
        const callback = await decideConsent(
          server,
          jar,
          authorizeUrl,
          "authorize",
          "cookieless_user",
        );
        // TikTok returns to the server's own address, where this browser
        // holds no cookie.
        const html = await assertFailurePage(
          await visit(new CookieJar(), callback),
          "bad_state",
        );
        assert.ok(
          html.includes(
            `This browser holds no sign-in begun at ${server.deps.config.publicBaseUrl}`,
          ),
          html,
        );
      },
    );
    await t.step("a forged state with a matching cookie", async () => {
      const { jar } = await beginSignIn(server);
      jar.set("pm3k_oauth_state", "forged");
      const res = await visit(
        jar,
        `${server.url}/auth/callback?code=x&state=forged`,
      );
      await assertFailurePage(res, "bad_state");
    });
    await t.step("a state used twice", async () => {
      const { jar, callback } = await consentCallback(
        server,
        "authorize",
        "twice_user",
      );
      const state = jar.get("pm3k_oauth_state")!;
      const first = await visit(jar, callback);
      assert.equal(first.status, 303);
      await first.body?.cancel();
      const before = await sessionCount(server);
      jar.set("pm3k_oauth_state", state);
      await assertFailurePage(await visit(jar, callback), "bad_state");
      assert.equal(await sessionCount(server), before);
    });
    await t.step("a state or code given twice", async () => {
      for (const param of ["state", "code"]) {
        const { jar, callback } = await consentCallback(
          server,
          "authorize",
          `given_twice_${param}`,
        );
        const url = new URL(callback);
        url.searchParams.append(param, "another");
        const res = await visit(jar, url.href);
        const html = await res.clone().text();
        await assertFailurePage(res, "bad_state");
        assert.match(html, new RegExp(`gives ${param} more than once`));
      }
    });
    assert.deepEqual(
      (await listTyped(server.kv, keys.accountsPrefix())).map((a) =>
        a.value.displayName
      ),
      ["Twice User"],
    );
  } finally {
    await server.close();
  }
});

Deno.test("a sign-in refused for missing permissions gives TikTok's grant back and says which permission, in words", async () => {
  const server = await startTestServer();
  try {
    const none = await consentCallback(server, "authorize", "posts_nothing", [
      "video.publish",
      "video.upload",
    ]);
    const res = await visit(none.jar, none.callback);
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /data-reason="missing_scope"/);
    assert.match(
      html,
      /PM3K needs your permission to post for you \(video\.publish\) or to send posts to your TikTok drafts \(video\.upload\): without it PM3K cannot post for you\./,
    );
    assert.equal(await accountCount(server), 0);
    // TikTok issued tokens before PM3K saw the scopes: PM3K revoked them,
    // so the creator's TikTok no longer lists an app that kept nothing.
    const openId = (await server.kv.get<string>(
      sandboxKeys.userByName("posts_nothing"),
    )).value;
    assert.ok(openId);
    const live = (await listTyped(server.kv, sandboxKeys.accessTokensPrefix()))
      .filter((e) => e.value.openId === openId);
    assert.deepEqual(live, []);
  } finally {
    await server.close();
  }
});

Deno.test("an expired state (over 10 minutes on the consent page) is refused", async () => {
  const server = await startTestServer();
  try {
    const { jar, callback } = await consentCallback(
      server,
      "authorize",
      "slow_user",
    );
    server.clock.advance(10 * 60_000 + 1);
    await assertFailurePage(await visit(jar, callback), "expired_state");
    assert.equal(await accountCount(server), 0);
    assert.equal(await sessionCount(server), 0);
  } finally {
    await server.close();
  }
});

Deno.test("a failing token exchange shows TikTok's error and creates nothing", async () => {
  const server = await startTestServer({
    configure: (config) => {
      config.tiktok.clientSecret = "not-the-sandbox-secret";
    },
  });
  try {
    const { jar, callback } = await consentCallback(
      server,
      "authorize",
      "exchange_user",
    );
    const res = await visit(jar, callback);
    const html = await res.clone().text();
    assert.match(html, /invalid_client/);
    assert.match(html, /log_id/);
    // A wrong secret fails every sign-in: the page names the variables to
    // fix rather than asking to try again, and the operator's log says so.
    assert.match(html, /TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET/);
    assert.doesNotMatch(html, /Please try again/);
    const warned = server.logs.filter((l) =>
      l.level === "warn" &&
      /token exchange: .*invalid_client.*TIKTOK_CLIENT_SECRET/.test(
        String(l.message),
      )
    );
    assert.equal(warned.length, 1, JSON.stringify(server.logs));
    await assertFailurePage(res, "exchange_failed");
    assert.equal(await accountCount(server), 0);
    assert.equal(await sessionCount(server), 0);
  } finally {
    await server.close();
  }
});

Deno.test("eighty sign-ins started at once from one address: twenty go on to TikTok, the rest are 429 rate_limited and store nothing", async () => {
  const server = await startTestServer();
  try {
    const answers = await Promise.all(
      Array.from({ length: 80 }, async () => {
        const res = await fetch(`${server.url}/auth/login`, {
          redirect: "manual",
          headers: { Accept: "application/json" },
        });
        if (res.status !== 429) {
          await res.body?.cancel();
          return { status: res.status, body: null };
        }
        return { status: res.status, body: await res.json() };
      }),
    );
    const started = answers.filter((a) => a.status === 302).length;
    assert.equal(started, SIGN_INS_PER_MINUTE);
    for (const a of answers.filter((a) => a.status !== 302)) {
      assert.equal(a.status, 429);
      assert.equal(a.body?.error, "rate_limited");
    }
    let attempts = 0;
    for await (
      const _ of server.kv.list({ prefix: ["oauth_attempts"] })
    ) attempts++;
    assert.equal(attempts, SIGN_INS_PER_MINUTE);
    // The address counted is the connecting one: without TRUSTED_PROXIES a
    // forwarded address (one any client can forge) does not open another
    // count (docs/deploy.md#behind-a-reverse-proxy).
    const forwarded = await fetch(`${server.url}/auth/login`, {
      redirect: "manual",
      headers: { "X-Forwarded-For": "203.0.113.7" },
    });
    await forwarded.body?.cancel();
    assert.equal(forwarded.status, 429);
  } finally {
    await server.close();
  }
});

Deno.test("behind TRUSTED_PROXIES proxies each visitor has their own twenty sign-ins a minute, counted by the address the outermost proxy saw, whatever the visitor forged", async () => {
  const server = await startTestServer({ env: { TRUSTED_PROXIES: "2" } });
  try {
    /** A sign-in through a CDN and nginx: each appends who connected to it. */
    const through = async (forwarded: string) => {
      const res = await fetch(`${server.url}/auth/login`, {
        redirect: "manual",
        headers: { "X-Forwarded-For": forwarded },
      });
      await res.body?.cancel();
      return res.status;
    };
    const visitor = (ip: string) => `${ip}, 198.51.100.9`;
    for (let i = 0; i < SIGN_INS_PER_MINUTE; i++) {
      assert.equal(await through(visitor("203.0.113.7")), 302);
    }
    assert.equal(await through(visitor("203.0.113.7")), 429);
    // What the visitor wrote in the header itself is left of the proxies'.
    assert.equal(await through(`10.9.9.9, ${visitor("203.0.113.7")}`), 429);
    // Another visitor behind the same proxies has their own count.
    assert.equal(await through(visitor("203.0.113.8")), 302);
    // A header holding fewer entries than proxies, or no address where the
    // outermost proxy writes, counts the connecting address.
    assert.equal(await through("not-an-address, 198.51.100.9"), 302);
    assert.equal(await through("198.51.100.9"), 302);
  } finally {
    await server.close();
  }
});
