/** Cookie-authenticated writes must come from our own origin. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";

Deno.test("a cross-origin POST with the session cookie is refused and changes nothing", async (t) => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "csrf_user", "free");

    await t.step("issuing a key from another origin", async () => {
      const res = await visit(jar, `${server.url}/dashboard/api_key`, {
        method: "POST",
        headers: { Accept: "application/json", Origin: "https://evil.example" },
      });
      await assertJsonError(res, 403, "csrf_rejected");
      assert.equal((await getAccount(server.deps, openId))?.apiKeyHash, null);
    });

    await t.step(
      "a form post of another site (no Origin, Sec-Fetch-Site cross-site)",
      async () => {
        const res = await visit(jar, `${server.url}/dashboard/plan`, {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "cross-site",
          },
          body: "plan=annual",
        });
        assert.equal(res.status, 403);
        await res.body?.cancel();
        assert.equal((await getAccount(server.deps, openId))?.plan, "free");
      },
    );

    await t.step("signing out from another origin", async () => {
      const res = await visit(jar, `${server.url}/auth/logout`, {
        method: "POST",
        headers: { Origin: "http://127.0.0.1:1" },
      });
      assert.equal(res.status, 403);
      await res.body?.cancel();
      const dash = await visit(jar, `${server.url}/dashboard`);
      assert.equal(dash.status, 200, "still signed in");
      await dash.body?.cancel();
    });

    await t.step("the same requests from our origin work", async () => {
      const res = await visit(jar, `${server.url}/dashboard/plan`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: server.url,
        },
        body: "plan=annual",
      });
      assert.equal(res.status, 303);
      await res.body?.cancel();
      assert.equal((await getAccount(server.deps, openId))?.plan, "annual");
    });
  } finally {
    await server.close();
  }
});
