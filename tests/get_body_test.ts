/**
 * A GET (and HEAD) of the API takes no body
 * (docs/api.md#limits-on-every-request): one sent anyway, such as
 * `{"limit": 5}` to `GET /api/jobs` by a tool that can send a body with
 * any method, is 400 `bad_request` saying where parameters go, never
 * ignored for the default page. An empty body (`Content-Length: 0`) is no
 * body, and `{}` or a blank of two bytes at most is taken as none: it can
 * name no parameter.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { rawRequest } from "./_helpers/raw_request.ts";

Deno.test("a GET or HEAD of the API with a body is 400 bad_request; with an empty one, {} or a new line it is answered", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "get_body");
    const auth = {
      Authorization: `Bearer ${me.key}`,
      "Content-Type": "application/json",
    };
    for (const path of ["/api/jobs", "/api/me", "/api/tiktok/posts"]) {
      const got = await rawRequest(server.url, path, "GET", {
        headers: auth,
        body: JSON.stringify({ limit: 5 }),
      });
      assert.equal(got.status, 400, `${path}: ${got.head}`);
      const body = JSON.parse(got.body);
      assert.equal(body.error, "bad_request");
      assert.match(body.message, /takes no body/);
      assert.match(body.message, /query/);
      const head = await rawRequest(server.url, path, "HEAD", {
        headers: auth,
        body: '{"x": 1}',
      });
      assert.equal(head.status, 400, `HEAD ${path}: ${head.head}`);
      const empty = await rawRequest(server.url, path, "GET", {
        headers: auth,
        body: "",
      });
      assert.equal(empty.status, 200, `${path} empty: ${empty.body}`);
      // axios and others send `{}` with a GET to keep a Content-Type: it
      // names nothing, as `{}` to an operation that takes no body.
      for (const nothing of ["{}", "\n"]) {
        const got = await rawRequest(server.url, path, "GET", {
          headers: auth,
          body: nothing,
        });
        assert.equal(got.status, 200, `${path} ${nothing}: ${got.body}`);
      }
      const named = await rawRequest(server.url, path, "GET", {
        headers: auth,
        body: '{"":1}',
      });
      assert.equal(named.status, 400, `${path} {"":1}: ${named.head}`);
    }
  } finally {
    await server.close();
  }
});
