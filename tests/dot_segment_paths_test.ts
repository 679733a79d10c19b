/**
 * A 404's message names the path as it was sent (docs/api.md#retry-after):
 * one with `.` or `..` segments, plain or escaped, is routed as sent and
 * matches no route, so it must not be said as the path a URL parser makes
 * of it ("/api/x/../me" said as "/api/me", a route that answers).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { rawRequest } from "./_helpers/raw_request.ts";

Deno.test("a path with dot segments is said as it was sent in its 404, not resolved into another route", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "dot_segments", "free");
    const auth = { Authorization: `Bearer ${client.key}` };
    // Unresolved, the path is said as sent; an API path ending in a
    // route's last segment names that route as a guess, not as an answer.
    const meant = " Did you mean /api/me?";
    for (
      const [target, hint] of [
        ["/api/x/../me", meant],
        ["/api/jobs/%2e%2e/me", meant],
        ["/api/me/.", ""],
        ["/api/x/%2E%2E/me?limit=1", meant],
        ["/dashboard/x/../nope", ""],
      ]
    ) {
      const r = await rawRequest(server.url, target, "GET", { headers: auth });
      assert.equal(r.status, 404, `${target}: ${r.body}`);
      const body = JSON.parse(r.body);
      assert.equal(body.error, "not_found");
      assert.equal(
        body.message,
        `No route for GET "${target.split("?")[0]}".${hint}`,
        target,
      );
    }
    // The route the parser would have named answers.
    const me = await rawRequest(server.url, "/api/me", "GET", {
      headers: auth,
    });
    assert.equal(me.status, 200);
  } finally {
    await server.close();
  }
});
