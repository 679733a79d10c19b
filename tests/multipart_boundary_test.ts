/**
 * A multipart upload whose Content-Type gives an empty boundary, or the
 * boundary twice, is 400 `bad_request` saying so
 * (docs/api.md#uploads-in-one-request), not "Unexpected end of multipart
 * data" about a body that was never read with the boundary meant, and
 * nothing is stored or counted.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";

/** A form holding `video` as its file part, with boundary `x`. */
function formOf(video: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const head = encoder.encode(
    '--x\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\nContent-Type: video/mp4\r\n\r\n',
  );
  const tail = encoder.encode("\r\n--x--\r\n");
  const out = new Uint8Array(
    new ArrayBuffer(head.length + video.length + tail.length),
  );
  out.set(head);
  out.set(video, head.length);
  out.set(tail, head.length + video.length);
  return out;
}

Deno.test("a multipart upload with an empty or repeated boundary is 400 saying so, and keeps nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "boundaries");
    const body = formOf(await fixture("portrait.mp4"));
    const cases: [string, RegExp][] = [
      ["multipart/form-data; boundary=", /names no boundary/],
      ["multipart/form-data; boundary=x; boundary=y", /boundary 2 times/],
      ["multipart/form-data; boundary=x; BOUNDARY=x", /boundary 2 times/],
    ];
    for (const [type, words] of cases) {
      const refused = await assertJsonError(
        await fetch(`${server.url}/api/uploads`, {
          method: "POST",
          headers: { Authorization: `Bearer ${me.key}`, "Content-Type": type },
          body,
        }),
        400,
        "bad_request",
      );
      assert.match(String(refused.message), words, type);
    }
    const uploads = await me.json("GET", "/api/uploads");
    assert.deepEqual(uploads.body.uploads, [], "nothing kept");
    // The same form with one boundary is taken.
    const taken = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "multipart/form-data; boundary=x",
      },
      body,
    });
    assert.equal(taken.status, 200, await taken.text());
  } finally {
    await server.close();
  }
});
