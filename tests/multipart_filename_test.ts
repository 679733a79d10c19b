/**
 * A multipart upload's file name is read as a browser or a client wrote it
 * (docs/api.md#uploads-in-one-request): the `%22`, `%0D` and `%0A` escapes
 * of WHATWG's form encoding and the quoted-string's backslash escapes are
 * decoded before the shown-name rule (docs/media.md#uploads) applies, so
 * `say "hi".mp4` shows as `say _hi_.mp4`, never `say _22hi_22.mp4`. Over
 * loopback against the real server.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";

const BOUNDARY = "pm3k-filename-boundary";

Deno.test("a multipart upload's file name sent by fetch's FormData (quotes as %22) shows its quotes as the shown-name rule says", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_filename_fd", "monthly");
    const video = await fixture("portrait.mp4");
    const form = new FormData();
    form.append(
      "file",
      new File([video], 'say "hi".mp4', { type: "video/mp4" }),
    );
    const res = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: { Authorization: `Bearer ${client.key}` },
      body: form,
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.filename, "say _hi_.mp4");
  } finally {
    await server.close();
  }
});

Deno.test("a multipart upload's file name decodes WHATWG's %22, %0D, %0A and quoted-string backslashes, and keeps every other % as sent", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_filename_raw", "monthly");
    const video = await fixture("portrait.mp4");
    const cases: [string, string][] = [
      ['"say %22hi%22.mp4"', "say _hi_.mp4"],
      ['"say \\"hi\\".mp4"', "say _hi_.mp4"],
      ['"two%0D%0Alines.mp4"', "two_lines.mp4"],
      // WHATWG escapes no other character: a % is the file's own.
      ['"100%25 done.mp4"', "100_25 done.mp4"],
      ['"50%.mp4"', "50_.mp4"],
    ];
    for (const [given, shown] of cases) {
      const head = new TextEncoder().encode(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=${given}\r\nContent-Type: video/mp4\r\n\r\n`,
      );
      const tail = new TextEncoder().encode(`\r\n--${BOUNDARY}--\r\n`);
      const res = await fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${client.key}`,
          "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
        },
        body: new Blob([head, video, tail]),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.filename, shown, given);
    }
  } finally {
    await server.close();
  }
});
