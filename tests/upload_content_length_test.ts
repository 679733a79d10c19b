/**
 * POST /api/uploads refuses a body too large for the plan from its
 * Content-Length alone (docs/api.md#uploads-in-one-request): over a raw
 * socket, the head is sent and no byte of the body, and the refusal comes
 * back. With `Expect: 100-continue` too: Deno's server itself answers
 * `100 Continue` as soon as it has read the head, whatever the handler does
 * (docs/api.md#uploads-in-one-request), and the refusal follows it at once.
 * A form may hold its file and 64 KiB around it, whatever its framing.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import { uploadsCounted } from "./_helpers/upload_day_count.ts";
import { PLANS } from "../lib/plans.ts";
import { PHOTO_MAX_BYTES } from "../lib/media/photo_rules.ts";

const FORM_OVERHEAD = 64 * 1024;
const BOUNDARY = "pm3k-length-boundary";
const encoder = new TextEncoder();

/**
 * Sends a request head (no body byte) and reads what the server answers
 * within `waitMs`: "" when it waits for the body.
 */
async function headOnly(
  server: TestServer,
  lines: string[],
  waitMs = 3000,
): Promise<string> {
  const url = new URL(server.url);
  const conn = await Deno.connect({
    hostname: url.hostname,
    port: Number(url.port),
  });
  const head = [...lines, `Host: ${url.host}`, "", ""].join("\r\n");
  const bytes = encoder.encode(head);
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
  let text = "";
  const timer = setTimeout(() => conn.close(), waitMs);
  const buf = new Uint8Array(16 * 1024);
  try {
    while (!complete(text)) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
  } catch {
    // Closed by the timer: the server had not answered in full.
  } finally {
    clearTimeout(timer);
  }
  try {
    conn.close();
  } catch {
    // Already closed by the timer.
  }
  return text;
}

/** Whether `text` holds a final answer (not 1xx) and all its body. */
function complete(text: string): boolean {
  const heads = text.split("\r\n\r\n");
  for (let i = 0; i < heads.length - 1; i++) {
    if (/^HTTP\/1\.1 1\d\d /.test(heads[i])) continue;
    const length = /\r\ncontent-length: *(\d+)/i.exec(heads[i]);
    const body = heads.slice(i + 1).join("\r\n\r\n");
    return length !== null && encoder.encode(body).length >= Number(length[1]);
  }
  return false;
}

/** The final answer's JSON error, past any 1xx, of {@link headOnly}'s text. */
function errorOf(text: string): { status: number; error: string } {
  text = text.replace(/^(HTTP\/1\.1 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, "");
  const at = text.indexOf("\r\n\r\n");
  return {
    status: Number(text.split(" ")[1]),
    error: JSON.parse(text.slice(at + 4)).error,
  };
}

async function stored(server: TestServer): Promise<string[]> {
  const out = await storedObjects(server, ["uploads/", "uploads-staging/"]);
  for await (const e of server.kv.list({ prefix: ["uploads"] })) {
    out.push(e.key.join("/"));
  }
  return out;
}

Deno.test("an upload's Content-Length over the plan's size is refused from the header, before a body byte, Expect: 100-continue or not", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "length_refused", "free");
    const album = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const cap = PLANS.free.maxFileBytes;
    const request = (target: string, type: string, length: number) => [
      `POST ${target} HTTP/1.1`,
      `Authorization: Bearer ${client.key}`,
      `Content-Type: ${type}`,
      `Content-Length: ${length}`,
    ];
    const form = `multipart/form-data; boundary=${BOUNDARY}`;
    const cases = [
      {
        name: "raw",
        lines: request("/api/uploads?filename=big.mp4", "video/mp4", cap + 1),
        error: "file_too_large",
      },
      {
        name: "multipart",
        lines: request("/api/uploads", form, cap + FORM_OVERHEAD + 1),
        error: "file_too_large",
      },
      {
        name: "raw album image",
        lines: request(
          `/api/uploads?filename=big.jpg&album_id=${album}`,
          "image/jpeg",
          PHOTO_MAX_BYTES + 1,
        ),
        error: "image_too_large",
      },
      {
        name: "multipart album image",
        lines: request(
          `/api/uploads?album_id=${album}`,
          form,
          PHOTO_MAX_BYTES + FORM_OVERHEAD + 1,
        ),
        error: "image_too_large",
      },
    ];
    for (const { name, lines, error } of cases) {
      for (const expect of [[], ["Expect: 100-continue"]]) {
        const label = `${name}${expect.length ? " with Expect" : ""}`;
        const text = await headOnly(server, [...lines, ...expect]);
        assert.ok(complete(text), `${label}: no answer`);
        if (expect.length === 0) {
          assert.doesNotMatch(text, /^HTTP\/1\.1 100/m, label);
        }
        const answer = errorOf(text);
        assert.equal(answer.error, error, label);
        assert.equal(answer.status, error === "file_too_large" ? 413 : 400);
      }
    }
    assert.deepEqual(await stored(server), []);
    // The album counted as one upload; no file did.
    assert.equal(await uploadsCounted(server, client.openId), 1);
  } finally {
    await server.close();
  }
});

Deno.test("a Content-Length at the plan's size (a form's: and 64 KiB) is not refused from the header: the server waits for the body", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "length_taken", "free");
    const cap = PLANS.free.maxFileBytes;
    for (
      const [target, type, length] of [
        ["/api/uploads?filename=big.mp4", "video/mp4", cap],
        [
          "/api/uploads",
          `multipart/form-data; boundary=${BOUNDARY}`,
          cap + FORM_OVERHEAD,
        ],
      ] as const
    ) {
      const text = await headOnly(server, [
        `POST ${target} HTTP/1.1`,
        `Authorization: Bearer ${client.key}`,
        `Content-Type: ${type}`,
        `Content-Length: ${length}`,
      ], 1000);
      assert.equal(text, "", type);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a chunked form is cut once past its file's cap and 64 KiB, even when the excess is outside the file", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "form_cut", "free");
    const album = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const photo = await fixture("photo2.jpg");
    const head = encoder.encode(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const close = encoder.encode(`\r\n--${BOUNDARY}--\r\n`);
    // What follows the closing boundary (an epilogue) is no part of the
    // form: it was read to its end, however long.
    let epilogue = PHOTO_MAX_BYTES + FORM_OVERHEAD;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(head);
        c.enqueue(photo);
        c.enqueue(close);
      },
      pull(c) {
        if (epilogue <= 0) return c.close();
        const n = Math.min(1024 * 1024, epilogue);
        c.enqueue(new Uint8Array(n).fill(0x61));
        epilogue -= n;
      },
    });
    const res = await fetch(`${server.url}/api/uploads?album_id=${album}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${client.key}`,
        "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body,
    });
    const answer = await res.json();
    assert.equal(res.status, 400, JSON.stringify(answer));
    assert.equal(answer.error, "image_too_large");
    assert.deepEqual(await stored(server), []);
    const got = await client.json("GET", `/api/albums/${album}`);
    assert.deepEqual(got.body.photo_images, []);
  } finally {
    await server.close();
  }
});
