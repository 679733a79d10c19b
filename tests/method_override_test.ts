/**
 * A method override header naming another method
 * (docs/api.md#limits-on-every-request) is refused before any route runs,
 * on the API and on the dashboard: the POST it rides on is not done in
 * place of the DELETE or GET it asked for.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";

Deno.test("a method override header naming another method is 400 and the request is not done", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "override");
    const auth = { Authorization: `Bearer ${me.key}` };
    for (
      const header of [
        "X-HTTP-Method-Override",
        "X-HTTP-Method",
        "X-Method-Override",
      ]
    ) {
      const res = await fetch(`${server.url}/api/albums`, {
        method: "POST",
        headers: { ...auth, [header]: "get" },
      });
      const body = await assertJsonError(res, 400, "bad_request");
      assert.equal(
        body.message,
        `PM3K does not read ${header} (get): send the request with that method itself. This POST was not done.`,
      );
    }
    const albums = await me.json("GET", "/api/albums");
    assert.deepEqual(albums.body.albums, [], "no album made");
    // MCP too: its POST is not done either.
    const mcp = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        ...auth,
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        "X-HTTP-Method-Override": "DELETE",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    await assertJsonError(mcp, 400, "bad_request");
    // Naming the request's own method changes nothing.
    await assertJsonOk(
      await fetch(`${server.url}/api/me`, {
        headers: { ...auth, "X-HTTP-Method-Override": "GET" },
      }),
    );
    // The dashboard's key: a POST meant as its DELETE issues no new key.
    const before = (await getAccount(server.deps, me.openId))?.apiKeyHash;
    const page = await visit(me.jar, `${server.url}/dashboard/api_key`, {
      method: "POST",
      headers: {
        Origin: server.url,
        Accept: "application/json",
        "X-HTTP-Method-Override": "DELETE",
      },
    });
    await assertJsonError(page, 400, "bad_request");
    const after = (await getAccount(server.deps, me.openId))?.apiKeyHash;
    assert.ok(before);
    assert.equal(after, before, "the key stays");
  } finally {
    await server.close();
  }
});

Deno.test("a refused method override header's value is echoed cut with …, its controls spelt out", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "override_echo");
    const res = await fetch(`${server.url}/api/albums`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        // A Latin-1 control (NEL, a line break) and more than 20 characters.
        "X-HTTP-Method-Override": `DEL\u0085ETE${"E".repeat(40)}`,
      },
    });
    const body = await assertJsonError(res, 400, "bad_request");
    assert.equal(
      body.message,
      `PM3K does not read X-HTTP-Method-Override (DEL\\u{85}ETE${
        "E".repeat(13)
      }…): send the request with that method itself. This POST was not done.`,
    );
  } finally {
    await server.close();
  }
});
