/**
 * A static file answers methods other than GET and HEAD with 405
 * `method_not_allowed` and `Allow: GET, HEAD`, as other routes do; a path
 * naming no file stays a 404.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("PUT, POST, PATCH, DELETE and OPTIONS on a static file are 405 with Allow: GET, HEAD", async () => {
  const server = await startTestServer();
  try {
    for (const method of ["PUT", "POST", "PATCH", "DELETE", "OPTIONS"]) {
      const res = await fetch(`${server.url}/static/styles.css`, {
        method,
        headers: { Accept: "application/json" },
      });
      assert.equal(res.headers.get("allow"), "GET, HEAD", method);
      await assertJsonError(res, 405, "method_not_allowed");
      // A browser gets the page, with the same Allow.
      const page = await fetch(`${server.url}/static/styles.css`, { method });
      await page.body?.cancel();
      assert.equal(page.status, 405, method);
      assert.equal(page.headers.get("allow"), "GET, HEAD", method);
    }
    const missing = await fetch(`${server.url}/static/no-such-file.css`, {
      method: "PUT",
      headers: { Accept: "application/json" },
    });
    await assertJsonError(missing, 404, "not_found");
    const up = await fetch(`${server.url}/static/../deno.json`, {
      method: "DELETE",
      headers: { Accept: "application/json" },
    });
    assert.notEqual(up.status, 405);
    await up.body?.cancel();
    const get = await fetch(`${server.url}/static/styles.css`);
    await get.body?.cancel();
    assert.equal(get.status, 200);
  } finally {
    await server.close();
  }
});
