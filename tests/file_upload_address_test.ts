/**
 * TikTok's upload_url passes the address rules of every outbound request
 * (docs/media.md#server-side-fetches) before a chunk is sent: outside the
 * sandbox a loopback, private or IPv4-carrying IPv6 address is refused,
 * and nothing reaches it.
 */
import assert from "node:assert/strict";
import {
  chunkPlan,
  FileUploadError,
  uploadChunks,
} from "../lib/tiktok/file_upload.ts";

const BYTES = new Uint8Array(1024).fill(7);

/** A receiver on loopback that answers 201 and counts what reached it. */
function receiver() {
  let received = 0;
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      received += (await req.arrayBuffer()).byteLength;
      return new Response(null, {
        status: 201,
        headers: {
          "Content-Range": `bytes 0-${BYTES.length - 1}/${BYTES.length}`,
        },
      });
    },
  );
  return {
    port: server.addr.port,
    received: () => received,
    close: () => server.shutdown(),
  };
}

function upload(uploadUrl: string, allowLoopback: boolean) {
  return uploadChunks({
    uploadUrl,
    allowLoopback,
    plan: chunkPlan(BYTES.length),
    contentType: "video/mp4",
    read: () => Promise.resolve(new Blob([BYTES]).stream()),
    attempts: 1,
  });
}

Deno.test("outside the sandbox an upload_url on loopback, private or IPv4-carrying IPv6 addresses is refused before any byte", async () => {
  const sink = receiver();
  try {
    const refused = [
      `http://127.0.0.1:${sink.port}/upload/?upload_id=x`,
      `https://127.0.0.1:${sink.port}/upload/?upload_id=x`,
      `https://localhost:${sink.port}/upload/?upload_id=x`,
      `https://[::ffff:127.0.0.1]:${sink.port}/upload/?upload_id=x`,
      `https://[::ffff:7f00:1]:${sink.port}/upload/?upload_id=x`,
      "https://10.1.2.3/upload/?upload_id=x",
      "https://[64:ff9b::a01:203]/upload/?upload_id=x",
      "https://[2002:a01:203::1]/upload/?upload_id=x",
      "not a url",
    ];
    for (const url of refused) {
      await assert.rejects(
        () => upload(url, false),
        (error) =>
          error instanceof FileUploadError &&
          error.reason === "unsafe_upload_url" &&
          /^TikTok's upload_url was not used: /.test(error.message),
        url,
      );
    }
    assert.equal(sink.received(), 0, "nothing reached the address");
  } finally {
    await sink.close();
  }
});

Deno.test("in the sandbox an upload_url on loopback is used, and the chunk arrives", async () => {
  const sink = receiver();
  try {
    await upload(`http://127.0.0.1:${sink.port}/upload/?upload_id=x`, true);
    assert.equal(sink.received(), BYTES.length);
    // A private address stays refused even in the sandbox.
    await assert.rejects(
      () => upload("http://192.168.1.20/upload/?upload_id=x", true),
      (error) =>
        error instanceof FileUploadError &&
        error.reason === "unsafe_upload_url",
    );
  } finally {
    await sink.close();
  }
});
