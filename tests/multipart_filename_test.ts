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

Deno.test("a file name of 255 UTF-16 units is taken, shown cut at 200, and one of 256 refused alike as a form's file part, ?filename= and a started upload's filename", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_filename_max", "monthly");
    const video = await fixture("portrait.mp4");
    const atLimit = `${"a".repeat(251)}.mp4`;
    const overLimit = `${"a".repeat(252)}.mp4`;
    // Counted as UTF-16 units, as the JSON's filename is: an emoji is two.
    const emojiOver = `${"a".repeat(250)}🎬.mp4`;
    assert.equal(atLimit.length, 255);
    assert.equal(overLimit.length, 256);
    assert.equal(emojiOver.length, 256);
    const asForm = (filename: string) => {
      const form = new FormData();
      form.append("file", new File([video], filename, { type: "video/mp4" }));
      return fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: { Authorization: `Bearer ${client.key}` },
        body: form,
      });
    };
    const asBody = (filename: string) =>
      fetch(
        `${server.url}/api/uploads?filename=${encodeURIComponent(filename)}`,
        {
          method: "POST",
          headers: {
            Authorization: `Bearer ${client.key}`,
            "Content-Type": "video/mp4",
          },
          body: video,
        },
      );
    const started = (filename: string) =>
      client.call("POST", "/api/uploads", {
        filename,
        content_type: "video/mp4",
        size: video.length,
      });
    const completed: string[] = [];
    for (
      const [way, send] of [
        ["form", asForm],
        ["body", asBody],
        ["start", started],
      ] as const
    ) {
      const taken = await send(atLimit);
      const body = await taken.json();
      assert.equal(taken.status, 200, `${way}: ${JSON.stringify(body)}`);
      // A started upload's answer has no name: its record shows it.
      const shown = await client.json("GET", `/api/uploads/${body.upload_id}`);
      assert.equal(shown.body.filename, "a".repeat(200), way);
      if (way !== "start") completed.push(body.upload_id);
      for (const name of [overLimit, emojiOver]) {
        const refused = await send(name);
        const error = await refused.json();
        assert.equal(refused.status, 400, `${way}: ${JSON.stringify(error)}`);
        assert.equal(error.error, "bad_request", way);
        assert.deepEqual(
          error.issues,
          [{
            path: "filename",
            message:
              "at most 255 characters (UTF-16 units: most emoji count 2)",
          }],
          `${way}: ${JSON.stringify(error)}`,
        );
      }
    }
    // Nothing of a refused file was kept: the list holds the two taken
    // files (a started upload is listed once completed).
    const listed = await client.json("GET", "/api/uploads");
    assert.equal(listed.status, 200);
    assert.deepEqual(
      (listed.body.uploads as { upload_id: string }[])
        .map((u) => u.upload_id).sort(),
      completed.sort(),
    );
  } finally {
    await server.close();
  }
});
