/**
 * The TikTok simulator's FILE_UPLOAD through HTTP (docs/sandbox.md#file-upload):
 * init refuses declarations that break TikTok's chunk rules, and the
 * upload_url refuses chunks with bad headers, sizes or order, and takes
 * nothing once expired. PM3K's planner (lib/tiktok/file_upload.ts) agrees
 * with the simulator's rules for every size tried.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor, publishAtTikTok } from "./_helpers/posting_setup.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import type { SandboxToken } from "../sandbox/tiktok/sandbox_records.ts";
import { chunkPlan } from "../lib/tiktok/file_upload.ts";
import { declarationProblem } from "../sandbox/tiktok/sandbox_chunk_rules.ts";

const MB = 1024 * 1024;

async function tokenOf(server: TestServer, openId: string): Promise<string> {
  const prefix = sandboxKeys.accessToken("").slice(0, 1);
  for await (const e of server.kv.list<SandboxToken>({ prefix })) {
    if (e.value.openId === openId) return String(e.key[1]);
  }
  throw new Error("no sandbox token");
}

/** A FILE_UPLOAD video init straight to the simulator. */
async function init(
  server: TestServer,
  token: string,
  sizes: { video_size: number; chunk_size: number; total_chunk_count: number },
) {
  const res = await fetch(
    `${server.url}/_sandbox/tiktok/v2/post/publish/video/init/`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({
        post_info: { title: "t", privacy_level: "SELF_ONLY" },
        source_info: { source: "FILE_UPLOAD", ...sizes },
      }),
    },
  );
  return { status: res.status, body: await res.json() };
}

async function put(
  uploadUrl: string,
  bytes: Uint8Array,
  headers: Record<string, string>,
) {
  const res = await fetch(uploadUrl, {
    method: "PUT",
    headers,
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  const text = await res.text();
  return {
    status: res.status,
    range: res.headers.get("content-range"),
    text,
  };
}

Deno.test("the simulator's init refuses chunk plans that break TikTok's rules", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "chunk_rules_init");
    const token = await tokenOf(server, me.openId);
    const refused = [
      // under 5 MB must go whole
      { video_size: 4 * MB, chunk_size: 2 * MB, total_chunk_count: 2 },
      // chunks under 5 MB
      { video_size: 20 * MB, chunk_size: 4 * MB, total_chunk_count: 5 },
      // chunks over 64 MB
      { video_size: 200 * MB, chunk_size: 100 * MB, total_chunk_count: 2 },
      // count not floor(size / chunk)
      { video_size: 50_000_123, chunk_size: 10_000_000, total_chunk_count: 6 },
      // a last chunk over 128 MB: one chunk of 64 MB for 200 MB
      { video_size: 200 * MB, chunk_size: 64 * MB, total_chunk_count: 1 },
      { video_size: 0, chunk_size: 0, total_chunk_count: 0 },
    ];
    for (const sizes of refused) {
      const r = await init(server, token, sizes);
      assert.equal(r.status, 400, JSON.stringify(sizes));
      assert.equal(r.body.error.code, "invalid_param");
    }
    server.clock.advance(60_000); // past TikTok's 6 inits a minute
    // TikTok's own example: 50,000,123 bytes in 10,000,000 → 5 chunks.
    const ok = await init(server, token, {
      video_size: 50_000_123,
      chunk_size: 10_000_000,
      total_chunk_count: 5,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.match(ok.body.data.publish_id, /^v_pub_file~v2-1\.\d+$/);
    assert.match(ok.body.data.upload_url, /\/_sandbox\/tiktok\/upload\/\?/);
  } finally {
    await server.close();
  }
});

Deno.test("the simulator's upload_url checks every chunk's headers, size and order", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "chunk_rules_put");
    const token = await tokenOf(server, me.openId);
    const size = 11 * MB;
    const r = await init(server, token, {
      video_size: size,
      chunk_size: 5 * MB,
      total_chunk_count: 2,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const url = String(r.body.data.upload_url);
    const bytes = new Uint8Array(size);
    bytes.set(new TextEncoder().encode("\0\0\0\x18ftypmp42"));
    const first = bytes.subarray(0, 5 * MB);
    const mp4 = { "Content-Type": "video/mp4" };

    const badType = await put(url, first, {
      "Content-Type": "application/octet-stream",
      "Content-Range": `bytes 0-${5 * MB - 1}/${size}`,
    });
    assert.equal(badType.status, 400, badType.text);
    const noRange = await put(url, first, mp4);
    assert.equal(noRange.status, 400, noRange.text);
    const wrongTotal = await put(url, first, {
      ...mp4,
      "Content-Range": `bytes 0-${5 * MB - 1}/${size + 1}`,
    });
    assert.equal(wrongTotal.status, 400, wrongTotal.text);
    const outOfStep = await put(url, bytes.subarray(5 * MB), {
      ...mp4,
      "Content-Range": `bytes ${5 * MB}-${size - 1}/${size}`,
    });
    assert.equal(outOfStep.status, 416, outOfStep.text);
    const tooSmall = await put(url, bytes.subarray(0, 4 * MB), {
      ...mp4,
      "Content-Range": `bytes 0-${4 * MB - 1}/${size}`,
    });
    assert.equal(tooSmall.status, 400, tooSmall.text);
    assert.match(tooSmall.text, /must be bytes 0-5242879/);
    const lengthMismatch = await put(url, bytes.subarray(0, 6 * MB), {
      ...mp4,
      "Content-Range": `bytes 0-${5 * MB - 1}/${size}`,
    });
    assert.equal(lengthMismatch.status, 400, lengthMismatch.text);
    assert.match(lengthMismatch.text, /Content-Length must be 5242880/);
    assert.equal(
      (await publishAtTikTok(server, r.body.data.publish_id)).upload?.received,
      0,
      "no refused chunk counted",
    );

    const one = await put(url, first, {
      ...mp4,
      "Content-Range": `bytes 0-${5 * MB - 1}/${size}`,
    });
    assert.deepEqual([one.status, one.range], [
      206,
      `bytes 0-${5 * MB - 1}/${size}`,
    ]);
    const again = await put(url, first, {
      ...mp4,
      "Content-Range": `bytes 0-${5 * MB - 1}/${size}`,
    });
    assert.deepEqual([again.status, again.range], [
      416,
      `bytes 0-${5 * MB - 1}/${size}`,
    ], "a repeated chunk is out of step; the range says what TikTok holds");
    // The last chunk takes the trailing bytes: 6 MB here.
    const last = await put(url, bytes.subarray(5 * MB), {
      ...mp4,
      "Content-Range": `bytes ${5 * MB}-${size - 1}/${size}`,
    });
    assert.deepEqual([last.status, last.range], [
      201,
      `bytes 0-${size - 1}/${size}`,
    ]);

    const unknown = await put(
      url.replace(/upload_id=[^&]+/, "upload_id=nope"),
      first,
      { ...mp4, "Content-Range": `bytes 0-${5 * MB - 1}/${size}` },
    );
    assert.equal(unknown.status, 404, unknown.text);

    const expiring = await init(server, token, {
      video_size: 1000,
      chunk_size: 1000,
      total_chunk_count: 1,
    });
    server.clock.advance(3600_000);
    const expired = await put(
      String(expiring.body.data.upload_url),
      bytes.subarray(0, 1000),
      { ...mp4, "Content-Range": "bytes 0-999/1000" },
    );
    assert.equal(expired.status, 403, expired.text);
  } finally {
    await server.close();
  }
});

Deno.test("PM3K's chunk plan passes the simulator's rules for sizes from 1 byte to 4 GB", () => {
  const sizes = [
    1,
    5 * MB - 1,
    5 * MB,
    16 * MB,
    16 * MB + 1,
    32 * MB - 1,
    64 * MB,
    64 * MB + 1,
    50_000_123,
    500 * MB,
    4096 * MB,
  ];
  for (const size of sizes) {
    for (const preferred of [1, 5 * MB, 16 * MB, 64 * MB, 1000 * MB]) {
      const plan = chunkPlan(size, preferred);
      assert.equal(
        declarationProblem(plan),
        null,
        `${size} bytes, preferring ${preferred}: ${JSON.stringify(plan)}`,
      );
    }
  }
});

Deno.test("the simulator's inbox init takes FILE_UPLOAD by the same chunk rules; settle finishes a file upload only once every chunk is in", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "inbox_file");
    const token = await tokenOf(server, me.openId);
    const inboxInit = async (source: Record<string, unknown>) => {
      const res = await fetch(
        `${server.url}/_sandbox/tiktok/v2/post/publish/inbox/video/init/`,
        {
          method: "POST",
          headers: {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
          },
          body: JSON.stringify({ source_info: source }),
        },
      );
      return { status: res.status, body: await res.json() };
    };
    const bad = await inboxInit({
      source: "FILE_UPLOAD",
      video_size: 12 * MB,
      chunk_size: 4 * MB,
      total_chunk_count: 3,
    });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.code, "invalid_param");

    const size = 6 * MB;
    const r = await inboxInit({
      source: "FILE_UPLOAD",
      video_size: size,
      chunk_size: size,
      total_chunk_count: 1,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const publishId = String(r.body.data.publish_id);
    assert.match(publishId, /^v_inbox_file~v2-1\.\d+$/);
    const settle = async () => {
      const res = await fetch(
        `${server.url}/_sandbox/tiktok/_admin/publishes/${
          encodeURIComponent(publishId)
        }/settle`,
        { method: "POST" },
      );
      return await res.json();
    };
    // Without the file TikTok cannot finish: nothing changes.
    assert.deepEqual(
      [
        (await settle()).status,
        (await publishAtTikTok(server, publishId))
          .status,
      ],
      ["PROCESSING_UPLOAD", "PROCESSING_UPLOAD"],
    );
    const bytes = new Uint8Array(size);
    bytes.set(new TextEncoder().encode("\0\0\0\x18ftypmp42"));
    const whole = await put(String(r.body.data.upload_url), bytes, {
      "Content-Type": "video/mp4",
      "Content-Range": `bytes 0-${size - 1}/${size}`,
    });
    assert.equal(whole.status, 201, whole.text);
    const settled = await settle();
    assert.deepEqual([settled.status, settled.fail_reason], [
      "SEND_TO_USER_INBOX",
      null,
    ]);
    const atTikTok = await publishAtTikTok(server, publishId);
    assert.equal(atTikTok.mode, "MEDIA_UPLOAD");
    assert.equal(typeof atTikTok.upload?.sha256, "string", "file processed");
    // Already final: settling again changes nothing.
    assert.equal((await settle()).status, "SEND_TO_USER_INBOX");
  } finally {
    await server.close();
  }
});
