/**
 * A JSON body that is `null` (a template's empty variable) is refused
 * saying the body is null and an object is wanted, not "leave the field
 * out", which names no field (docs/api.md#limits-on-every-request).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

Deno.test("a body of null is 400 saying the body is null, for an object", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "null_body");
    for (const path of ["/api/caption/check", "/api/tiktok/direct_post"]) {
      const refused = await assertJsonError(
        await fetch(`${server.url}${path}`, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${me.key}`,
            "Content-Type": "application/json",
          },
          body: "null",
        }),
        400,
        "bad_request",
      );
      assert.deepEqual(refused.issues, [{
        path: "",
        message: "the body is null: send a JSON object of the fields",
      }], path);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a body that is a string, a JSON string holding the object, an array or a number is said to be so", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "not_an_object_body");
    const cases: [string, string][] = [
      [
        JSON.stringify(JSON.stringify({ title: "Holiday" })),
        "the body is a JSON string holding an object (encoded twice): send the object itself",
      ],
      ['"Holiday"', "the body is a string: send a JSON object of the fields"],
      [
        '[{"title": "Holiday"}]',
        "the body is an array: send one JSON object of the fields (one request per item)",
      ],
      ["42", "the body is a number: send a JSON object of the fields"],
      ["true", "the body is a boolean: send a JSON object of the fields"],
    ];
    for (const path of ["/api/caption/check", "/api/jobs"]) {
      for (const [body, message] of cases) {
        const refused = await assertJsonError(
          await fetch(`${server.url}${path}`, {
            method: "POST",
            headers: {
              Authorization: `Bearer ${me.key}`,
              "Content-Type": "application/json",
            },
            body,
          }),
          400,
          "bad_request",
        );
        assert.deepEqual(refused.issues, [{ path: "", message }], body);
        assert.equal(refused.message, `Invalid request: ${message}`);
      }
    }
  } finally {
    await server.close();
  }
});
