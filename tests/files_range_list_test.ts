/**
 * A local file's Range is read by RFC 9110's list rule for recipients
 * (§5.6.1.2; docs/media.md#local-disk-adapter): whitespace next to a comma
 * and empty items are taken, whitespace the grammar has not (after `=`
 * with no comma, inside a range) is not. Over loopback, real server.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture, uploadBytes } from "./_helpers/api_client.ts";

Deno.test("a local file's Range takes whitespace and empty items next to its commas, as RFC 9110's list rule does", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "range_list", "free");
    const bytes = await fixture("portrait.mp4");
    const up = await uploadBytes(client, bytes, {
      filename: "r.mp4",
      contentType: "video/mp4",
    });
    const url = String(up.body.url);
    const served: [string, number, number][] = [
      ["bytes=0-9 ,", 0, 9],
      ["bytes=0-9\t,", 0, 9],
      ["bytes=, 0-9", 0, 9],
      ["bytes=,\t0-9", 0, 9],
      ["bytes=,,0-9, ,", 0, 9],
      ["bytes=, -4", bytes.length - 4, bytes.length - 1],
      ["bytes=10- ,", 10, bytes.length - 1],
      // A field's own leading and trailing whitespace is not its value.
      [" bytes=0-9 ", 0, 9],
    ];
    for (const [range, first, last] of served) {
      const res = await fetch(url, { headers: { Range: range } });
      assert.equal(res.status, 206, range);
      assert.equal(
        res.headers.get("content-range"),
        `bytes ${first}-${last}/${bytes.length}`,
        range,
      );
      assert.deepEqual(
        new Uint8Array(await res.arrayBuffer()),
        bytes.slice(first, last + 1),
        range,
      );
    }
    // Past the end after an empty item: parsed, so 416 as bytes=N- is.
    const past = await fetch(url, {
      headers: { Range: `bytes=, ${bytes.length}-` },
    });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get("content-range"), `bytes */${bytes.length}`);
    await past.body?.cancel();
    // Several ranges, with or without whitespace, and whitespace where the
    // grammar has none: ignored, the whole file.
    for (
      const range of [
        "bytes=0-9 , 20-29",
        "bytes=0-9,20-29",
        "bytes= 0-9",
        "bytes=0 -9",
        "bytes=0- 9",
        "bytes =0-9",
        "bytes=,",
      ]
    ) {
      const res = await fetch(url, { headers: { Range: range } });
      assert.equal(res.status, 200, range);
      assert.equal(
        (await res.arrayBuffer()).byteLength,
        bytes.length,
        range,
      );
    }
  } finally {
    await server.close();
  }
});
