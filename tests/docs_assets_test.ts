/**
 * /docs/assets serves Swagger UI's two files and nothing else: a name
 * every object inherits ("constructor", "toString") is 404, not a read of
 * a file that does not exist (500).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("docs assets: Swagger UI's files are served; inherited names and others are 404", async () => {
  const server = await startTestServer();
  try {
    const css = await fetch(`${server.url}/docs/assets/swagger-ui.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
    await css.body?.cancel();
    for (
      const name of ["constructor", "toString", "hasOwnProperty", "nope.js"]
    ) {
      const res = await fetch(`${server.url}/docs/assets/${name}`, {
        headers: { Accept: "application/json" },
      });
      await assertJsonError(res, 404, "not_found");
    }
  } finally {
    await server.close();
  }
});
