/**
 * An image sent without an album, where a video is expected, is refused as
 * `unsupported_file_type` naming what its bytes are (`detected_type`),
 * however it was sent or named: a body sent as `application/octet-stream`
 * (an automation's download), a link with no extension. A file that is no
 * image gets no such field (docs/media.md#uploads).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import { publicNetworkTo } from "./_helpers/source_server.ts";

/**
 * The refusal's documented words (docs/dashboard.md), kept for scripts; the
 * type received follows them.
 */
const WITHOUT_ALBUM =
  "Upload a video (video/mp4, video/quicktime, video/webm); images go into a photo album (image/jpeg, image/webp): create one first (REST POST /api/albums, MCP create_album) and give its album_id with each image.";

Deno.test("an image uploaded without album_id is refused with detected_type naming its type, sent as a file or fetched from a link without an extension; other bytes have none", async () => {
  const photo = await fixture("photo2.jpg");
  const text = new TextEncoder().encode(
    "plain words, neither a video nor an image",
  );
  // The media host: a loopback server answering the files as octet-stream.
  const source = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      const path = new URL(req.url).pathname;
      const body = path === "/photo" ? photo : path === "/text" ? text : null;
      return body
        ? new Response(body, {
          headers: { "Content-Type": "application/octet-stream" },
        })
        : new Response("not found", { status: 404 });
    },
  );
  const server = await startTestServer({
    fetchOptions: publicNetworkTo(`http://127.0.0.1:${source.addr.port}`),
  });
  try {
    const me = await apiClientFor(server, "image_no_album");
    const auth = { Authorization: `Bearer ${me.key}` };
    const sent = async (body: Uint8Array<ArrayBuffer>, contentType: string) => {
      const res = await fetch(`${server.url}/api/uploads?filename=file`, {
        method: "POST",
        headers: { ...auth, "Content-Type": contentType },
        body,
      });
      return [res.status, await res.json()] as const;
    };
    const fetched = async (path: string) => {
      const res = await fetch(`${server.url}/api/uploads/from_url`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify({ url: `https://cdn.example.com${path}?v=1` }),
      });
      return [res.status, await res.json()] as const;
    };
    for (
      const [[status, body], received] of [
        [
          await sent(photo, "application/octet-stream"),
          "application/octet-stream",
        ],
        [await sent(photo, "image/jpeg"), "image/jpeg"],
        [await fetched("/photo"), "application/octet-stream"],
      ] as const
    ) {
      assert.equal(status, 400);
      assert.equal(body.error, "unsupported_file_type");
      // Says how: an album first, its album_id with the image, both ways
      // (an upload, or one from a URL as MCP's upload_media_from_url).
      assert.equal(body.message, `${WITHOUT_ALBUM} Received: "${received}".`);
      assert.equal(body.detected_type, "image/jpeg", JSON.stringify(body));
    }
    for (
      const [status, body] of [
        await sent(text, "application/octet-stream"),
        await fetched("/text"),
      ]
    ) {
      assert.equal(status, 400);
      assert.equal(body.error, "unsupported_file_type");
      assert.equal("detected_type" in body, false, JSON.stringify(body));
    }
  } finally {
    await server.close();
    await source.shutdown();
  }
});

Deno.test("a PNG or GIF uploaded without album_id, sent as octet-stream or fetched from a link without an extension, is refused naming image/png or image/gif in detected_type, the message saying photo posts take JPEG or WebP only", async () => {
  const png = await fixture("photo.png");
  // A 1×1 GIF: its signature is what is read.
  const gif = new Uint8Array([
    ...new TextEncoder().encode("GIF89a"),
    1,
    0,
    1,
    0,
    0x80,
    0,
    0,
    0,
    0,
    0,
    0xff,
    0xff,
    0xff,
    0x21,
    0xf9,
    4,
    1,
    0,
    0,
    0,
    0,
    0x2c,
    0,
    0,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    2,
    2,
    0x44,
    1,
    0,
    0x3b,
  ]);
  const source = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      const path = new URL(req.url).pathname;
      const body = path === "/png" ? png : path === "/gif" ? gif : null;
      return body
        ? new Response(body, {
          headers: { "Content-Type": "application/octet-stream" },
        })
        : new Response("not found", { status: 404 });
    },
  );
  const server = await startTestServer({
    fetchOptions: {
      resolve: () => Promise.resolve(["93.184.216.34"]),
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(
          `http://127.0.0.1:${source.addr.port}${
            new URL(String(input)).pathname
          }`,
          init,
        ),
    },
  });
  try {
    const me = await apiClientFor(server, "png_no_album");
    const auth = { Authorization: `Bearer ${me.key}` };
    for (
      const [path, bytes, type] of [["/png", png, "image/png"], [
        "/gif",
        gif,
        "image/gif",
      ]] as const
    ) {
      const sent = await fetch(`${server.url}/api/uploads?filename=file`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/octet-stream" },
        body: bytes,
      });
      const fetched = await fetch(`${server.url}/api/uploads/from_url`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify({ url: `https://cdn.example.com${path}?v=1` }),
      });
      for (const res of [sent, fetched]) {
        assert.equal(res.status, 400);
        const body = await res.json();
        assert.equal(body.error, "unsupported_file_type");
        assert.equal(body.detected_type, type, JSON.stringify(body));
        assert.match(
          body.message,
          /images go into a photo album.*photo posts take JPEG or WebP only/,
        );
      }
    }
  } finally {
    await server.close();
    await source.shutdown();
  }
});

Deno.test("a presigned upload of a type no upload takes, with no album, keeps the documented words naming the accepted types and adds the type received", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "presigned_other_type");
    for (
      const [contentType, received] of [
        ["application/pdf", `"application/pdf"`],
        ["image/png", `"image/png"`],
        // The client's text, spelt out and cut as every echo is.
        [`text/${"x".repeat(95)}`, `"text/${"x".repeat(75)}…"`],
      ]
    ) {
      const res = await me.json("POST", "/api/uploads", {
        filename: "file",
        content_type: contentType,
        size: 1000,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, "unsupported_file_type");
      // The words scripts match on (docs/dashboard.md), as they were.
      assert.equal(
        res.body.message,
        `${WITHOUT_ALBUM} Received: ${received}.`,
        contentType,
      );
    }
  } finally {
    await server.close();
  }
});
