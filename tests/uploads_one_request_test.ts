/**
 * Uploads in one request (docs/api.md#uploads-in-one-request), on the
 * local-disk adapter and on S3 (s3rver behind the gateway): a raw media
 * body or a multipart form answers as `/complete` does and the URL serves
 * the bytes; the type is judged by the bytes; the plan's cap cuts a body
 * mid-stream; every refusal leaves nothing in storage or KV; the day's
 * upload count is spent.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { asNewUpload, assertVideoUploaded } from "./_helpers/http_asserts.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { sendUntilAnswered } from "./_helpers/raw_http.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { keys } from "../lib/kv_keys.ts";
import {
  setUploadsCounted,
  uploadsCounted,
} from "./_helpers/upload_day_count.ts";
import { PLANS } from "../lib/plans.ts";
import { PHOTO_MAX_BYTES } from "../lib/media/photo_rules.ts";

/** POSTs `body` to /api/uploads as `contentType`, with `query`. */
async function postFile(
  client: ApiClient,
  server: TestServer,
  body: BodyInit,
  contentType: string | null,
  query = "",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/uploads${query}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${client.key}`,
      ...(contentType ? { "Content-Type": contentType } : {}),
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** `bytes` as a stream of 64 KiB chunks: fetch sends it chunked. */
function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

/** What an upload may leave behind: stored objects and KV entries. */
async function traces(server: TestServer): Promise<string[]> {
  const out = (await storedObjects(server, ["uploads/", "uploads-staging/"]))
    .map((key) => `object ${key}`);
  for (
    const prefix of [
      ["uploads"],
      ["uploads_by_account"],
      ["uploads_by_storage_key"],
      keys.mediaExpiryPrefix(),
    ]
  ) {
    for await (const e of server.kv.list({ prefix: prefix as Deno.KvKey })) {
      // Albums expire too: only an upload's own entries count here.
      if (e.key.includes("album")) continue;
      out.push(`kv ${e.key.join("/")}`);
    }
  }
  return out;
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a raw body or a multipart form uploads in one request, answered as /complete answers (${adapter})`, async (t) => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(server, `one_req_${adapter}`, "free");
      const video = await fixture("portrait.mp4");
      const expectVideo = async (
        r: { status: number; body: Record<string, unknown> },
        filename: string,
      ) => {
        const file = await assertVideoUploaded(
          server,
          client.openId,
          r,
          filename,
          video,
        );
        assert.equal(r.body.width, 540);
        assert.equal(r.body.duration_sec, 2);
        assert.equal(r.body.album_id, null);
        assert.equal(file.status, 200);
        assert.equal(file.headers.get("etag"), r.body.etag);
        const one = await client.json(
          "GET",
          `/api/uploads/${r.body.upload_id}`,
        );
        assert.deepEqual(one.body, asNewUpload(r.body));
      };

      await t.step("a raw body with its Content-Length", async () => {
        await expectVideo(
          await postFile(
            client,
            server,
            video,
            "video/mp4",
            "?filename=clip.mp4",
          ),
          "clip.mp4",
        );
      });
      await t.step(
        "a raw body sent chunked, without Content-Length",
        async () => {
          await expectVideo(
            await postFile(
              client,
              server,
              chunked(video),
              "video/mp4",
              "?filename=chunked.mp4",
            ),
            "chunked.mp4",
          );
        },
      );
      await t.step("application/octet-stream: the bytes tell", async () => {
        await expectVideo(
          await postFile(
            client,
            server,
            video,
            "application/octet-stream",
            "?filename=raw.bin",
          ),
          "raw.bin",
        );
      });
      await t.step("a multipart form with a file part", async () => {
        const form = new FormData();
        form.append("file", new Blob([video]), "form.mp4");
        await expectVideo(
          await postFile(client, server, form, null),
          "form.mp4",
        );
      });
      await t.step("a multipart form sent chunked", async () => {
        const boundary = "pm3k-test-boundary";
        const form = new Uint8Array(
          await new Blob([
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.mp4"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            video,
            `\r\n--${boundary}--\r\n`,
          ]).arrayBuffer(),
        );
        await expectVideo(
          await postFile(
            client,
            server,
            chunked(form),
            `multipart/form-data; boundary=${boundary}`,
          ),
          "stream.mp4",
        );
      });
      await t.step("album images, raw and multipart", async () => {
        const album = await client.json("POST", "/api/albums");
        const albumId = String(album.body.album_id);
        const photo = await fixture("photo2.jpg");
        const raw = await postFile(
          client,
          server,
          photo,
          "image/jpeg",
          `?filename=one.jpg&album_id=${albumId}`,
        );
        assert.equal(raw.status, 200, JSON.stringify(raw.body));
        const form = new FormData();
        form.append("album_id", albumId);
        form.append(
          "file",
          new Blob([await fixture("photo3.webp")], { type: "image/webp" }),
          "two.webp",
        );
        const multi = await postFile(client, server, form, null);
        assert.equal(multi.status, 200, JSON.stringify(multi.body));
        // A form that cannot send album_id first puts it in the query.
        const queried = new FormData();
        queried.append("file", new Blob([photo]), "three.jpg");
        const third = await postFile(
          client,
          server,
          queried,
          null,
          `?album_id=${albumId}`,
        );
        assert.equal(third.status, 200, JSON.stringify(third.body));
        assert.equal(third.body.album_id, albumId);
        for (const [r, type] of [[raw, "image/jpeg"], [multi, "image/webp"]]) {
          const body = (r as typeof raw).body;
          assert.equal(body.kind, "image");
          assert.equal(body.album_id, albumId);
          assert.equal(body.content_type, type);
        }
        const got = await client.json("GET", `/api/albums/${albumId}`);
        assert.deepEqual(got.body.photo_images, [
          raw.body.url,
          multi.body.url,
          third.body.url,
        ]);
        assert.deepEqual(
          new Uint8Array(
            await (await fetch(String(raw.body.url))).arrayBuffer(),
          ),
          photo,
        );
      });
      // Five videos, one album: six of the day's uploads.
      assert.equal(await uploadsCounted(server, client.openId), 6);
    } finally {
      await server.close();
    }
  });

  Deno.test(`files refused in one request leave nothing in storage or KV (${adapter})`, async (t) => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(
        server,
        `one_req_no_${adapter}`,
        "free",
      );
      const png = await fixture("photo.png");
      const video = await fixture("portrait.mp4");
      const expectRefused = async (
        r: { status: number; body: Record<string, unknown> },
        status: number,
        error: string,
      ) => {
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.error, error);
        assert.deepEqual(await traces(server), []);
      };
      await t.step("a declared type uploads do not take", async () => {
        await expectRefused(
          await postFile(client, server, png, "image/png", "?filename=a.png"),
          400,
          "unsupported_file_type",
        );
      });
      await t.step("bytes that are not a video, declared as one", async () => {
        const r = await postFile(
          client,
          server,
          png,
          "video/mp4",
          "?filename=fake.mp4",
        );
        await expectRefused(r, 400, "unsupported_file_type");
        assert.match(String(r.body.message), /not an MP4, MOV or WebM video/);
      });
      await t.step("untyped bytes that are no media", async () => {
        await expectRefused(
          await postFile(
            client,
            server,
            new Uint8Array([0x00, 0x01, 0x02, 0x03, 0x04]),
            "application/octet-stream",
          ),
          400,
          "unsupported_file_type",
        );
      });
      // A share page downloaded in the file's place (docs/media.md#web-pages-in-place-of-a-file).
      const page = new TextEncoder().encode(
        "\n  <!DOCTYPE html><html><head><title>Google Drive</title></head></html>",
      );
      await t.step("a web page sent as a video, said so", async () => {
        for (const type of ["application/octet-stream", "video/mp4"]) {
          const r = await postFile(
            client,
            server,
            page,
            type,
            "?filename=view",
          );
          await expectRefused(r, 400, "unsupported_file_type");
          assert.match(
            String(r.body.message),
            /^The file is a web page \(HTML\), not a video: .* POST \/api\/uploads\/from_url/,
          );
        }
      });
      await t.step("a multipart file that is not a video", async () => {
        const form = new FormData();
        form.append("file", new Blob([png], { type: "image/png" }), "a.png");
        await expectRefused(
          await postFile(client, server, form, null),
          400,
          "unsupported_file_type",
        );
      });
      await t.step("a compressed file, raw or multipart, said so", async () => {
        const gzipped = new Uint8Array(
          await new Response(
            new Blob([video]).stream().pipeThrough(
              new CompressionStream("gzip"),
            ),
          ).arrayBuffer(),
        );
        const form = new FormData();
        form.append(
          "file",
          new Blob([gzipped], { type: "video/mp4" }),
          "a.mp4",
        );
        for (
          const [body, type] of [
            [gzipped, "video/mp4"],
            [form, null],
          ] as const
        ) {
          // A raw body is named by the query; a form names its file.
          const query = type ? "?filename=a.mp4" : "";
          const res = await fetch(
            `${server.url}/api/uploads${query}`,
            {
              method: "POST",
              headers: {
                Authorization: `Bearer ${client.key}`,
                "Content-Encoding": "gzip",
                ...(type ? { "Content-Type": type } : {}),
              },
              body,
            },
          );
          const r = { status: res.status, body: await res.json() };
          await expectRefused(r, 415, "unsupported_media_type");
          assert.match(String(r.body.message), /Content-Encoding: gzip/);
        }
        assert.equal(await uploadsCounted(server, client.openId), 0);
      });
      await t.step("a video or a web page put into an album", async () => {
        const album = await client.json("POST", "/api/albums");
        await expectRefused(
          await postFile(
            client,
            server,
            video,
            "video/mp4",
            `?album_id=${album.body.album_id}`,
          ),
          400,
          "unsupported_image_type",
        );
        const r = await postFile(
          client,
          server,
          page,
          "image/jpeg",
          `?album_id=${album.body.album_id}`,
        );
        await expectRefused(r, 400, "unsupported_image_type");
        assert.match(
          String(r.body.message),
          /^Only JPEG\/WebP allowed\. The file is a web page \(HTML\), not an image/,
        );
      });
      await t.step("a body of another type: 415", async () => {
        await expectRefused(
          await postFile(client, server, "title=x", "text/plain"),
          415,
          "unsupported_media_type",
        );
      });
      await t.step(
        "a download's type saying nothing of the file: 415 naming application/octet-stream",
        async () => {
          const r = await postFile(
            client,
            server,
            video,
            "application/binary",
            "?filename=clip.mp4",
          );
          await expectRefused(r, 415, "unsupported_media_type");
          assert.match(
            String(r.body.message),
            /application\/octet-stream to let the bytes tell/,
          );
          assert.match(
            String(r.body.message),
            /This body is declared application\/binary\.$/,
          );
        },
      );
      await t.step(
        "curl -d's form type, with ?filename=: 415 saying how to send the file",
        async () => {
          const r = await postFile(
            client,
            server,
            video,
            "application/x-www-form-urlencoded",
            "?filename=clip.mp4",
          );
          await expectRefused(r, 415, "unsupported_media_type");
          assert.match(
            String(r.body.message),
            /declared application\/x-www-form-urlencoded, as curl's -d and --data-binary send it: use --data-binary @file with -H "Content-Type: video\/mp4", or -F "file=@file"\.$/,
          );
        },
      );
      await t.step("an empty body", async () => {
        await expectRefused(
          await postFile(client, server, new Uint8Array(0), "video/mp4"),
          400,
          "bad_request",
        );
      });
      await t.step("multipart forms without a file, or with more", async () => {
        const none = new FormData();
        none.append("album_id", "x");
        await expectRefused(
          await postFile(client, server, none, null),
          400,
          "bad_request",
        );
        const unknown = new FormData();
        unknown.append("public", "true");
        unknown.append("file", new Blob([video]), "a.mp4");
        const r = await postFile(client, server, unknown, null);
        await expectRefused(r, 400, "bad_request");
        assert.match(String(r.body.message), /public: unknown field/);
        const after = new FormData();
        after.append("file", new Blob([video]), "a.mp4");
        after.append("album_id", "x");
        const late = await postFile(client, server, after, null);
        await expectRefused(late, 400, "bad_request");
        assert.match(
          String(late.body.message),
          /"album_id" comes after the file/,
        );
        const two = new FormData();
        two.append("file", new Blob([video]), "a.mp4");
        two.append("file", new Blob([video]), "b.mp4");
        await expectRefused(
          await postFile(client, server, two, null),
          400,
          "bad_request",
        );
        // Which album was meant would be a guess, as for a query
        // parameter or a JSON name given twice.
        const twice = new FormData();
        twice.append("album_id", "album-one");
        twice.append("album_id", "album-two");
        twice.append("file", new Blob([await fixture("photo2.jpg")]), "a.jpg");
        const r2 = await postFile(client, server, twice, null);
        await expectRefused(r2, 400, "bad_request");
        assert.match(String(r2.body.message), /"album_id" is given twice/);
      });
      await t.step(
        "query fields unknown, misplaced or contradicting",
        async () => {
          await expectRefused(
            await postFile(
              client,
              server,
              video,
              "video/mp4",
              "?filename=a.mp4&public=1",
            ),
            400,
            "bad_request",
          );
          const named = new FormData();
          named.append("file", new Blob([video]), "a.mp4");
          await expectRefused(
            await postFile(client, server, named, null, "?filename=b.mp4"),
            400,
            "bad_request",
          );
          const twice = new FormData();
          twice.append("album_id", "one");
          twice.append("file", new Blob([video]), "a.mp4");
          await expectRefused(
            await postFile(client, server, twice, null, "?album_id=two"),
            400,
            "bad_request",
          );
          const res = await fetch(`${server.url}/api/uploads?filename=a.mp4`, {
            method: "POST",
            headers: {
              Authorization: `Bearer ${client.key}`,
              "Content-Type": "application/json",
            },
            body: JSON.stringify({
              filename: "a.mp4",
              content_type: "video/mp4",
              size: 10,
            }),
          });
          await expectRefused(
            { status: res.status, body: await res.json() },
            400,
            "bad_request",
          );
        },
      );
      await t.step("an album image over 20 MB, cut mid-stream", async () => {
        const album = await client.json("POST", "/api/albums");
        const answer = await sendUntilAnswered({
          url: `${server.url}/api/uploads?album_id=${album.body.album_id}`,
          method: "POST",
          headers: {
            Authorization: `Bearer ${client.key}`,
            "Content-Type": "image/jpeg",
          },
          totalBytes: PHOTO_MAX_BYTES + 64 * 1024 * 1024,
          chunked: true,
        });
        assert.equal(answer.status, 400);
        assert.equal(answer.finished, false, "cut before the end");
        assert.deepEqual(await traces(server), []);
      });
      // Nothing was counted: only the albums, one upload each.
      assert.equal(await uploadsCounted(server, client.openId), 2);
    } finally {
      await server.close();
    }
  });
}

Deno.test("a file over the plan's size is refused: from its Content-Length, or cut mid-stream", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "one_req_cap", "free");
    const auth = { Authorization: `Bearer ${client.key}` };
    const cap = PLANS.free.maxFileBytes;
    for (const chunkedBody of [false, true]) {
      const answer = await sendUntilAnswered({
        url: `${server.url}/api/uploads?filename=big.mp4`,
        method: "POST",
        headers: { ...auth, "Content-Type": "video/mp4" },
        totalBytes: cap + 64 * 1024 * 1024,
        chunkBytes: 1024 * 1024,
        chunked: chunkedBody,
      });
      assert.equal(answer.status, 413, `chunked: ${chunkedBody}`);
      assert.equal(answer.finished, false, `chunked: ${chunkedBody}`);
      // From the header, before any byte of it is stored.
      if (!chunkedBody) assert.ok(answer.sent < cap / 2, String(answer.sent));
      assert.deepEqual(await traces(server), []);
    }
    assert.equal(await uploadsCounted(server, client.openId), 0);
  } finally {
    await server.close();
  }
});

Deno.test("one-request uploads spend the day's uploads and stop at the plan's limit", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "one_req_daily", "free");
    const video = await fixture("portrait.mp4");
    await setUploadsCounted(
      server,
      client.openId,
      PLANS.free.uploadsPerDay - 1,
    );
    const last = await postFile(client, server, video, "video/mp4");
    assert.equal(last.status, 200, JSON.stringify(last.body));
    assert.equal(
      await uploadsCounted(server, client.openId),
      PLANS.free.uploadsPerDay,
    );
    const before = await traces(server);
    const form = new FormData();
    form.append("file", new Blob([video]), "a.mp4");
    for (
      const r of [
        await postFile(client, server, video, "video/mp4"),
        await postFile(client, server, form, null),
      ]
    ) {
      assert.equal(r.status, 429, JSON.stringify(r.body));
      assert.equal(r.body.error, "upload_limit");
    }
    assert.deepEqual(await traces(server), before);
  } finally {
    await server.close();
  }
});

/** Bytes written so far under `uploads-staging/` (partial files included). */
async function stagedBytes(server: TestServer): Promise<number> {
  let total = 0;
  for await (const o of server.deps.storage.list("uploads-staging/")) {
    total += o.size;
  }
  return total;
}

Deno.test("a file sent in one request reaches storage while it is still arriving, raw or multipart", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "one_req_streams", "free");
    const head = await fixture("portrait.mp4");
    const first = 8 * 1024 * 1024;
    const boundary = "pm3k-stream-boundary";
    const encoder = new TextEncoder();
    for (const multipart of [false, true]) {
      // The first 8 MB, then nothing until storage holds half of them:
      // a server that waited for the whole body would wait forever.
      let release!: () => void;
      const released = new Promise<void>((r) => release = r);
      const video = new Uint8Array(2 * first);
      video.set(head);
      const parts = [
        ...(multipart
          ? [encoder.encode(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.mp4"\r\n\r\n`,
          )]
          : []),
        video.subarray(0, first),
        "wait",
        video.subarray(first),
        ...(multipart ? [encoder.encode(`\r\n--${boundary}--\r\n`)] : []),
      ] as const;
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(c) {
          let part = parts[next++];
          if (part === "wait") {
            await released;
            part = parts[next++];
          }
          if (part === undefined) c.close();
          else c.enqueue((part as Uint8Array).slice());
        },
      });
      const answer = postFile(
        client,
        server,
        body,
        multipart ? `multipart/form-data; boundary=${boundary}` : "video/mp4",
        multipart ? "" : "?filename=s.mp4",
      );
      await waitUntil(
        "half the bytes sent so far in storage",
        async () => await stagedBytes(server) >= first / 2,
      );
      release();
      const r = await answer;
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.size, video.length);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a client that goes away mid-upload leaves nothing behind, raw or multipart", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "one_req_gone", "free");
    const head = await fixture("portrait.mp4");
    const encoder = new TextEncoder();
    const url = new URL(server.url);
    for (const multipart of [false, true]) {
      const boundary = "pm3k-gone-boundary";
      const conn = await Deno.connect({
        hostname: url.hostname,
        port: Number(url.port),
      });
      const request = [
        `POST /api/uploads${multipart ? "" : "?filename=gone.mp4"} HTTP/1.1`,
        `Host: ${url.host}`,
        `Authorization: Bearer ${client.key}`,
        `Content-Type: ${
          multipart ? `multipart/form-data; boundary=${boundary}` : "video/mp4"
        }`,
        `Content-Length: ${16 * 1024 * 1024}`,
        "",
        multipart
          ? `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gone.mp4"\r\n\r\n`
          : "",
      ].join("\r\n");
      const part = new Uint8Array(4 * 1024 * 1024);
      part.set(head);
      for (const bytes of [encoder.encode(request), part]) {
        let at = 0;
        while (at < bytes.length) at += await conn.write(bytes.subarray(at));
      }
      await waitUntil(
        "the upload streaming to storage",
        async () => await stagedBytes(server) > 0,
      );
      conn.close();
      await waitUntil(
        "nothing left of the upload",
        async () => (await traces(server)).length === 0,
      );
    }
    assert.equal(await uploadsCounted(server, client.openId), 0);
  } finally {
    await server.close();
  }
});

Deno.test("a multipart form that ends inside its file part is 400 bad_request, leaves nothing behind, and the server stays up", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "multipart_cut_off", "monthly");
    const video = await fixture("portrait.mp4");
    const boundary = "pm3kcut";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    for (const part of [new Uint8Array(0), video.slice(0, 3), video]) {
      // The form's closing boundary never comes: the file part is cut
      // off, and then the form is too. This used to throw an "error" event
      // with no listener left, uncaught, which ends the process.
      const r = await postFile(
        client,
        server,
        new Uint8Array([...head, ...part]),
        `multipart/form-data; boundary=${boundary}`,
      );
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "bad_request");
      // Let the form's own failure arrive after the answer.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await traces(server), []);
    const form = new FormData();
    form.append("file", new Blob([video], { type: "video/mp4" }), "a.mp4");
    const ok = await postFile(client, server, form, null);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  } finally {
    await server.close();
  }
});
