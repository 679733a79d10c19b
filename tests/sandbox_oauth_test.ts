/**
 * The TikTok sandbox's OAuth endpoints (docs/sandbox.md#oauth) answer with
 * TikTok's paths, field names and error shapes (docs/tiktok.md#oauth), as
 * the real client sees them.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { beginSignIn, decideConsent } from "./_helpers/sandbox_sign_in.ts";
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from "../lib/config.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { TikTokApiError } from "../lib/tiktok/tiktok_api_error.ts";

const base = (s: TestServer) => `${s.url}/_sandbox/tiktok`;

function tokenCall(
  server: TestServer,
  fields: Record<string, string>,
  type = "application/x-www-form-urlencoded",
) {
  const body = type.includes("json")
    ? JSON.stringify(fields)
    : new URLSearchParams(fields).toString();
  return fetch(`${base(server)}/v2/oauth/token/`, {
    method: "POST",
    headers: { "Content-Type": type },
    body,
  });
}

/** A code and its verifier, obtained through the consent form. */
async function freshCode(server: TestServer, username: string) {
  const { jar, authorizeUrl } = await beginSignIn(server);
  const state = new URL(authorizeUrl).searchParams.get("state")!;
  const callback = new URL(
    await decideConsent(server, jar, authorizeUrl, "authorize", username),
  );
  const attempt = await getTyped(server.kv, keys.oauthAttempt(state));
  return {
    code: callback.searchParams.get("code")!,
    scopes: callback.searchParams.get("scopes"),
    verifier: attempt.value!.codeVerifier,
    redirectUri: `${server.url}/auth/callback`,
  };
}

function exchangeFields(
  c: { code: string; verifier: string; redirectUri: string },
) {
  return {
    client_key: SANDBOX_CLIENT_KEY,
    client_secret: SANDBOX_CLIENT_SECRET,
    code: c.code,
    grant_type: "authorization_code",
    redirect_uri: c.redirectUri,
    code_verifier: c.verifier,
  };
}

async function assertOAuthError(res: Response, error: string) {
  const body = await res.json();
  assert.equal(body.error, error);
  assert.equal(typeof body.error_description, "string");
  assert.match(body.log_id, /^\d{14}[0-9A-F]{20}$/);
  assert.equal(body.access_token, undefined);
}

Deno.test("sandbox token exchange answers TikTok's seven flat fields and a code works once", async () => {
  const server = await startTestServer();
  try {
    const c = await freshCode(server, "exchange_ok");
    assert.equal(
      c.scopes,
      "user.info.basic,video.publish,video.upload,video.list",
    );
    const res = await tokenCall(server, exchangeFields(c));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(Object.keys(body).sort(), [
      "access_token",
      "expires_in",
      "open_id",
      "refresh_expires_in",
      "refresh_token",
      "scope",
      "token_type",
    ]);
    assert.equal(body.expires_in, 86400);
    assert.equal(body.refresh_expires_in, 31536000);
    assert.equal(body.token_type, "Bearer");
    await assertOAuthError(
      await tokenCall(server, exchangeFields(c)),
      "invalid_grant",
    );
  } finally {
    await server.close();
  }
});

Deno.test("sandbox refuses what TikTok refuses at the token endpoint", async (t) => {
  const server = await startTestServer();
  try {
    await t.step(
      "a base64url (RFC 7636) challenge's verifier does not match the hex form",
      async () => {
        const c = await freshCode(server, "pkce_user");
        const res = await tokenCall(server, {
          ...exchangeFields(c),
          code_verifier: "x".repeat(43),
        });
        await assertOAuthError(res, "invalid_request");
      },
    );
    await t.step("a JSON body", async () => {
      const c = await freshCode(server, "json_user");
      await assertOAuthError(
        await tokenCall(server, exchangeFields(c), "application/json"),
        "invalid_request",
      );
    });
    await t.step("a wrong client secret", async () => {
      const c = await freshCode(server, "secret_user");
      const res = await tokenCall(server, {
        ...exchangeFields(c),
        client_secret: "nope",
      });
      assert.equal(res.status, 401);
      await assertOAuthError(res, "invalid_client");
    });
    await t.step(
      "a redirect_uri different from the authorize request",
      async () => {
        const c = await freshCode(server, "redirect_user");
        const res = await tokenCall(server, {
          ...exchangeFields(c),
          redirect_uri: `${server.url}/elsewhere`,
        });
        await assertOAuthError(res, "invalid_grant");
      },
    );
    await t.step("an unknown grant type", async () => {
      const res = await tokenCall(server, {
        client_key: SANDBOX_CLIENT_KEY,
        client_secret: SANDBOX_CLIENT_SECRET,
        grant_type: "password",
      });
      await assertOAuthError(res, "unsupported_grant_type");
    });
  } finally {
    await server.close();
  }
});

Deno.test("sandbox authorize page refuses a missing or non-hex code_challenge on its own page", async () => {
  const server = await startTestServer();
  try {
    const { authorizeUrl } = await beginSignIn(server);
    const url = new URL(authorizeUrl);
    url.searchParams.set(
      "code_challenge",
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    const res = await fetch(url);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /correct the following: code_challenge/);
    const ok = await fetch(authorizeUrl);
    assert.equal(ok.status, 200);
    const html = await ok.text();
    assert.match(html, /Authorize PM3K/);
    assert.match(html, /value="authorize"/);
    assert.match(html, /value="deny"/);
  } finally {
    await server.close();
  }
});

Deno.test("sandbox consent answered without a form body is a 400 page naming what is missing, not a 500", async () => {
  const server = await startTestServer();
  try {
    for (
      const init of [
        {},
        { headers: { "Content-Type": "application/json" }, body: "{}" },
      ]
    ) {
      const res = await fetch(`${base(server)}/v2/auth/authorize`, {
        method: "POST",
        ...init,
      });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /correct the following: client_key/);
    }
  } finally {
    await server.close();
  }
});

Deno.test("the real client refreshes (rotating the refresh token), reads user info and revokes", async () => {
  const server = await startTestServer();
  try {
    const client = server.deps.tiktokOAuth;
    const c = await freshCode(server, "client_user");
    const tokens = await client.exchangeCode({
      code: c.code,
      redirectUri: c.redirectUri,
      codeVerifier: c.verifier,
    });
    const user = await client.userInfo(tokens.accessToken);
    assert.equal(user.openId, tokens.openId);
    assert.equal(user.displayName, "Client User");

    const renewed = await client.refresh(tokens.refreshToken);
    assert.notEqual(renewed.refreshToken, tokens.refreshToken);
    await assert.rejects(
      client.refresh(tokens.refreshToken),
      (e: unknown) =>
        e instanceof TikTokApiError && e.tiktokCode === "invalid_grant",
    );
    await assert.rejects(
      client.userInfo(tokens.accessToken),
      (e: unknown) =>
        e instanceof TikTokApiError &&
        e.tiktokCode === "access_token_invalid" && e.httpStatus === 401,
    );

    await client.revoke(renewed.accessToken);
    await assert.rejects(
      client.userInfo(renewed.accessToken),
      (e: unknown) =>
        e instanceof TikTokApiError && e.tiktokCode === "access_token_invalid",
    );
    await assert.rejects(
      client.refresh(renewed.refreshToken),
      (e: unknown) =>
        e instanceof TikTokApiError && e.tiktokCode === "invalid_grant",
    );
  } finally {
    await server.close();
  }
});

Deno.test("sandbox user info needs the fields parameter, TikTok's envelope and log_id", async () => {
  const server = await startTestServer();
  try {
    const c = await freshCode(server, "fields_user");
    const tokens = await (await tokenCall(server, exchangeFields(c))).json();
    const res = await fetch(`${base(server)}/v2/user/info/`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, "invalid_params");
    assert.match(body.error.log_id, /^\d{14}/);
    const ok = await fetch(
      `${base(server)}/v2/user/info/?fields=open_id,display_name,avatar_url`,
      {
        headers: { Authorization: `Bearer ${tokens.access_token}` },
      },
    );
    const okBody = await ok.json();
    assert.equal(okBody.error.code, "ok");
    assert.equal(okBody.data.user.display_name, "Fields User");
    const avatar = await fetch(okBody.data.user.avatar_url);
    assert.equal(avatar.headers.get("content-type"), "image/svg+xml");
    await avatar.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("a consent refused for withholding every scope makes no sandbox user", async () => {
  const server = await startTestServer();
  try {
    const { authorizeUrl } = await beginSignIn(server);
    const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
    form.set("decision", "authorize");
    form.set("username", "never.made");
    for (const scope of form.get("scope")!.split(",")) {
      form.append("withhold_scope", scope);
    }
    const res = await fetch(`${base(server)}/v2/auth/authorize/`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
      },
      body: form,
      redirect: "manual",
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Keep at least one permission/);
    // The consent page lists the sandbox users there are to pick from.
    const page = await (await fetch(authorizeUrl)).text();
    assert.doesNotMatch(page, /never\.made/);
  } finally {
    await server.close();
  }
});
