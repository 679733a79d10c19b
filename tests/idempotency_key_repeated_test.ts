/**
 * An `Idempotency-Key` given twice (HTTP joins the two as `a, b`) is 400
 * `bad_request` saying so, not "must be 1 to 255 visible ASCII characters",
 * which reads as if each key were wrong (docs/posting.md#idempotency); and
 * nothing is made.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("an Idempotency-Key given twice is 400 naming the repeat, and makes nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "twice_keyed");
    const headers = new Headers({ Authorization: `Bearer ${me.key}` });
    headers.append("Idempotency-Key", "first-key");
    headers.append("Idempotency-Key", "second-key");
    const twice = await assertJsonError(
      await fetch(`${server.url}/api/albums`, { method: "POST", headers }),
      400,
      "bad_request",
    );
    assert.equal(
      twice.message,
      "The Idempotency-Key header is given 2 times: give one key.",
    );
    const albums = await me.json("GET", "/api/albums");
    assert.deepEqual(albums.body.albums, [], "no album made");
    // A key that is wrong once keeps its own words.
    const spaced = await assertJsonError(
      await fetch(`${server.url}/api/albums`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Idempotency-Key": "a key",
        },
      }),
      400,
      "bad_request",
    );
    assert.match(String(spaced.message), /1 to 255 visible ASCII/);
  } finally {
    await server.close();
  }
});
