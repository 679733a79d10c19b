/**
 * `X-PM3K-Account` names the account a call is for
 * (docs/accounts.md#several-tiktok-accounts). An empty one, or one given
 * twice, names no account PM3K could check: 400 `bad_request` naming the
 * header, never a 409 `account_switched` about another tab, and nothing is
 * done. The same holds for the forms' empty `account` field. With an API
 * key (REST and MCP alike) the header is checked against the key's
 * account: naming another is 400 `bad_request`, never a call silently made
 * for the key's own account.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { postForm, signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import type { CookieJar } from "./_helpers/cookie_jar.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { toolCallBody } from "./_helpers/mcp_client.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import {
  PAGE_ACCOUNT_FIELD,
  PAGE_ACCOUNT_HEADER,
} from "../lib/http/page_account_names.ts";

/**
 * A call from a page of the dashboard, sending `named` as the header (each
 * given once: HTTP joins repeated fields with a comma, as here).
 */
function pageCall(
  server: TestServer,
  jar: CookieJar,
  method: string,
  path: string,
  named: string[],
): Promise<Response> {
  return visit(jar, `${server.url}${path}`, {
    method,
    headers: {
      Accept: "application/json",
      Origin: server.url,
      [PAGE_ACCOUNT_HEADER]: named.join(", "),
    },
  });
}

/** A call with an API key, sending `named` as the header (each given once). */
function keyCall(
  server: TestServer,
  key: string,
  path: string,
  named: string[],
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${key}`);
  for (const n of named) headers.append(PAGE_ACCOUNT_HEADER, n);
  return fetch(`${server.url}${path}`, { ...init, headers });
}

/** An MCP tools/call of get_limits with `named` as the header. */
function mcpCall(
  server: TestServer,
  key: string,
  named: string[],
): Promise<Response> {
  return keyCall(server, key, "/mcp", named, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
    },
    body: toolCallBody("get_limits"),
  });
}

Deno.test("a dashboard call with an empty or repeated X-PM3K-Account is 400 naming the header, and does nothing", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "empty_header", "free");
    const empty = await assertJsonError(
      await pageCall(server, jar, "POST", "/dashboard/api_key", [""]),
      400,
      "bad_request",
    );
    assert.match(String(empty.message), /X-PM3K-Account header is empty/);
    const twice = await assertJsonError(
      await pageCall(server, jar, "POST", "/dashboard/api_key", [
        openId,
        openId,
      ]),
      400,
      "bad_request",
    );
    assert.match(String(twice.message), /X-PM3K-Account header is given/);
    assert.equal(
      (await getTyped(server.kv, keys.account(openId))).value?.apiKeyHash,
      null,
      "no key issued",
    );
    await assertJsonError(
      await pageCall(server, jar, "GET", "/api/me", [""]),
      400,
      "bad_request",
    );
    // The page's own account, once: fine.
    await assertJsonOk(await pageCall(server, jar, "GET", "/api/me", [openId]));
  } finally {
    await server.close();
  }
});

Deno.test("a dashboard form with an empty account field is 400, not account_switched", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "empty_field");
    const res = await postForm(server, jar, "/dashboard/plan", {
      plan: "monthly",
      [PAGE_ACCOUNT_FIELD]: "",
    });
    const page = await res.text();
    assert.equal(res.status, 400, page);
    assert.match(page, /account field is empty/);
    assert.equal(
      (await getTyped(server.kv, keys.account(openId))).value?.plan,
      null,
      "no plan chosen",
    );
  } finally {
    await server.close();
  }
});

Deno.test("with an API key, REST and MCP refuse an X-PM3K-Account that is empty or names another account", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "key_header");
    const other = await apiClientFor(server, "key_header_other");
    for (const named of [[""], [other.openId], [me.openId, me.openId]]) {
      const rest = await assertJsonError(
        await keyCall(server, me.key, "/api/me", named),
        400,
        "bad_request",
      );
      assert.match(String(rest.message), /X-PM3K-Account/);
      const mcp = await assertJsonError(
        await mcpCall(server, me.key, named),
        400,
        "bad_request",
      );
      assert.equal(mcp.message, rest.message, "MCP answers as REST does");
    }
    // Naming the key's own account, or none, is fine.
    for (const named of [[me.openId], []]) {
      const body = await assertJsonOk(
        await keyCall(server, me.key, "/api/me", named),
      );
      assert.equal(body.open_id, me.openId);
      const mcp = await mcpCall(server, me.key, named);
      assert.equal(mcp.status, 200, await mcp.clone().text());
      assert.equal((await mcp.json()).result.isError, undefined);
    }
  } finally {
    await server.close();
  }
});
