/**
 * Uploads through the HTTP API, on the local-disk adapter and on S3
 * (s3rver): the happy path, every refusal (which leaves no record and no
 * object), plan limits, ownership, a partial PUT refused, and the /files
 * serving of local media.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  apiClientFor,
  fixture,
  localFileKey,
  putUpload,
  stagedUpload,
  startedUpload,
  uploadBytes,
} from "./_helpers/api_client.ts";
import {
  assertJsonError,
  assertVideoUploaded,
} from "./_helpers/http_asserts.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { PLANS } from "../lib/plans.ts";

/** A refused upload (`started`: its start's answer) left no record, no object. */
async function noTrace(server: TestServer, started: Record<string, unknown>) {
  assert.equal(
    (await getTyped(server.kv, keys.upload(String(started.upload_id)))).value,
    null,
    "no record",
  );
  const storageKey = server.deps.storage.keyFromPublicUrl(String(started.url))!;
  assert.equal(await server.deps.storage.head(storageKey), null, "no object");
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a video upload is checked and recorded with its public URL (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(server, `uploader_${adapter}`, "free");
      const bytes = await fixture("portrait.mp4");
      const { status, body, started } = await uploadBytes(client, bytes, {
        filename: "clip.mp4",
        contentType: "video/mp4",
      });
      const file = await assertVideoUploaded(
        server,
        client.openId,
        { status, body },
        "clip.mp4",
        bytes,
      );
      assert.equal(started.method, "PUT");
      assert.deepEqual(started.headers, { "Content-Type": "video/mp4" });
      assert.match(String(body.etag), /^"[0-9a-f-]{8,}"$/);
      assert.equal(body.width, 540);
      assert.equal(body.duration_sec, 2);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get("content-type"), "video/mp4");
      assert.equal(file.headers.get("content-length"), String(bytes.length));
      assert.equal(file.headers.get("etag"), body.etag);
      const list = await client.json("GET", "/api/uploads");
      assert.deepEqual(
        (list.body.uploads as { upload_id: string }[]).map((u) => u.upload_id),
        [body.upload_id],
      );
      const one = await client.json("GET", `/api/uploads/${body.upload_id}`);
      assert.equal(one.body.url, body.url);
    } finally {
      await server.close();
    }
  });

  Deno.test(`refused uploads leave no record and no object (${adapter})`, async (t) => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(server, `refused_${adapter}`, "free");
      const png = await fixture("photo.png");
      await t.step("bytes that are not a video", async () => {
        const r = await uploadBytes(client, png, {
          filename: "fake.mp4",
          contentType: "video/mp4",
        });
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "unsupported_file_type");
        await noTrace(server, r.started);
      });
      await t.step("fewer bytes than declared", async () => {
        const video = await fixture("portrait.mp4");
        const r = await uploadBytes(client, video, {
          filename: "a.mp4",
          contentType: "video/mp4",
          declaredSize: video.length + 10,
        });
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "size_mismatch");
        // The upload is gone: the answer says to start again, not to PUT.
        assert.equal(
          r.body.message,
          `The file has ${video.length} bytes but ${
            video.length + 10
          } were declared, and this upload is now deleted: start a new one with the file's exact size in bytes (POST /api/uploads; MCP: start_upload), PUT the file to its upload_url, then complete it.`,
        );
        await noTrace(server, r.started);
      });
      await t.step("completing before any byte arrived", async () => {
        const started = await client.json("POST", "/api/uploads", {
          filename: "x.mp4",
          content_type: "video/mp4",
          size: 100,
        });
        const r = await client.json(
          "POST",
          `/api/uploads/${started.body.upload_id}/complete`,
        );
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "upload_not_received");
        await noTrace(server, started.body);
      });
      await t.step("a declared type we do not take", async () => {
        const r = await client.json("POST", "/api/uploads", {
          filename: "x.png",
          content_type: "image/png",
          size: 100,
        });
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "unsupported_file_type");
      });
      await t.step("over the plan's file size", async () => {
        const r = await client.json("POST", "/api/uploads", {
          filename: "x.mp4",
          content_type: "video/mp4",
          size: PLANS.free.maxFileBytes + 1,
        });
        assert.equal(r.status, 413);
        assert.equal(r.body.error, "file_too_large");
      });
      await t.step("schema errors", async () => {
        const r = await client.json("POST", "/api/uploads", {
          filename: "",
          size: -1,
        });
        assert.equal(r.status, 400);
        assert.deepEqual(
          (r.body.issues as { path: string }[]).map((i) => i.path).sort(),
          ["content_type", "filename", "size"],
        );
      });
      assert.deepEqual(
        (await client.json("GET", "/api/uploads")).body.uploads,
        [],
      );
    } finally {
      await server.close();
    }
  });
}

/**
 * `count` uploads started and PUT, then completed all at once: they
 * contend for the account's count of the day, which moves at completion.
 */
async function completeAtOnce(
  client: Awaited<ReturnType<typeof apiClientFor>>,
  count: number,
) {
  const bytes = await fixture("portrait.mp4");
  const started = await Promise.all(
    Array.from(
      { length: count },
      async (_, i) => (await stagedUpload(client, bytes, `burst${i}.mp4`)).body,
    ),
  );
  const results = await Promise.all(
    started.map((s) =>
      client.json("POST", `/api/uploads/${s.upload_id}/complete`)
    ),
  );
  return results.map((r, i) => ({ ...r, started: started[i] }));
}

Deno.test("a burst of 30 completions within the day's uploads all complete", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "burst_room", "annual");
    const answers = (await completeAtOnce(client, 30)).map((r) =>
      `${r.status} ${r.body.error ?? "ok"}`
    );
    assert.deepEqual(answers, Array(30).fill("200 ok"));
  } finally {
    await server.close();
  }
});

Deno.test("a burst of completions past the day's uploads: as many as the plan allows, the rest 429 upload_limit, never 409", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "daily_burst", "free");
    const perDay = PLANS.free.uploadsPerDay;
    const results = await completeAtOnce(client, perDay * 3);
    const answers = results.map((r) => `${r.status} ${r.body.error ?? "ok"}`);
    assert.equal(
      answers.filter((a) => a === "200 ok").length,
      perDay,
      answers.join(", "),
    );
    assert.equal(
      answers.filter((a) => a === "429 upload_limit").length,
      perDay * 2,
      answers.join(", "),
    );
    for (const r of results) {
      if (r.status !== 200) {
        await noTrace(server, r.started);
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("the plan's uploads per day are enforced at start and at completion", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "daily_user", "free");
    const bytes = await fixture("portrait.mp4");
    // Start one more than the plan allows before completing any: completion holds the line.
    const started = [];
    for (let i = 0; i <= PLANS.free.uploadsPerDay; i++) {
      const s = await client.json("POST", "/api/uploads", {
        filename: `c${i}.mp4`,
        content_type: "video/mp4",
        size: bytes.length,
      });
      assert.equal(s.status, 200);
      started.push(s.body);
    }
    const results = [];
    for (const s of started) {
      const put = await fetch(String(s.upload_url), {
        method: "PUT",
        headers: s.headers as Record<string, string>,
        body: bytes,
      });
      await put.body?.cancel();
      results.push(
        await client.json("POST", `/api/uploads/${s.upload_id}/complete`),
      );
    }
    assert.equal(
      results.filter((r) => r.status === 200).length,
      PLANS.free.uploadsPerDay,
    );
    const last = results.at(-1)!;
    assert.equal(last.status, 429);
    assert.equal(last.body.error, "upload_limit");
    await noTrace(server, started.at(-1)!);
    const more = await client.json("POST", "/api/uploads", {
      filename: "late.mp4",
      content_type: "video/mp4",
      size: 10,
    });
    assert.equal(more.status, 429);
    assert.equal(more.body.error, "upload_limit");
    // The reset is an instant (the next 00:00 UTC), in the message and as
    // retry_after, so the dashboard can show it in local time.
    const now = new Date(server.clock.now());
    const reset = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    ).toISOString();
    for (const refused of [last, more]) {
      assert.equal(refused.body.retry_after, reset);
      assert.ok(
        String(refused.body.message).endsWith(`It resets at ${reset}.`),
        String(refused.body.message),
      );
    }
    server.clock.advance(24 * 3600_000);
    const tomorrow = await client.json("POST", "/api/uploads", {
      filename: "next.mp4",
      content_type: "video/mp4",
      size: 10,
    });
    assert.equal(tomorrow.status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("another account's upload answers 404 and its signed URL cannot be reused for other bytes", async () => {
  const server = await startTestServer();
  try {
    const alice = await apiClientFor(server, "alice_up", "free");
    const bob = await apiClientFor(server, "bob_up", "free");
    const bytes = await fixture("portrait.mp4");
    const up = await uploadBytes(alice, bytes, {
      filename: "a.mp4",
      contentType: "video/mp4",
    });
    for (
      const [m, p] of [["GET", `/api/uploads/${up.body.upload_id}`], [
        "POST",
        `/api/uploads/${up.body.upload_id}/complete`,
      ]]
    ) {
      const r = await bob.json(m, p);
      assert.equal(r.status, 404);
      assert.equal(r.body.error, "not_found");
    }
    const url = new URL(String(up.started.upload_url));
    const tampered = new URL(url);
    tampered.searchParams.set("max", String(10 * bytes.length));
    const res = await fetch(tampered, {
      method: "PUT",
      headers: { "Content-Type": "video/mp4" },
      body: bytes,
    });
    assert.equal(res.status, 403);
    await res.body?.cancel();
    const wrongType = await fetch(url, {
      method: "PUT",
      headers: { "Content-Type": "text/html" },
      body: "<script>",
    });
    assert.equal(wrongType.status, 403);
    await wrongType.body?.cancel();
    const tooMuch = await fetch(url, {
      method: "PUT",
      headers: { "Content-Type": "video/mp4" },
      body: new Uint8Array(bytes.length + 1),
    });
    assert.equal(tooMuch.status, 413);
    await tooMuch.body?.cancel();
    server.clock.advance(61 * 60_000);
    const late = await fetch(url, {
      method: "PUT",
      headers: { "Content-Type": "video/mp4" },
      body: bytes,
    });
    assert.equal(late.status, 403, "the signed URL expired");
    await late.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("local files support ranges, conditional requests and HEAD", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "range_user", "free");
    const bytes = await fixture("portrait.mp4");
    const up = await uploadBytes(client, bytes, {
      filename: "r.mp4",
      contentType: "video/mp4",
    });
    const url = String(up.body.url);
    const part = await fetch(url, { headers: { Range: "bytes=10-19" } });
    assert.equal(part.status, 206);
    assert.equal(
      part.headers.get("content-range"),
      `bytes 10-19/${bytes.length}`,
    );
    assert.equal(part.headers.get("content-length"), "10");
    assert.deepEqual(
      new Uint8Array(await part.arrayBuffer()),
      bytes.slice(10, 20),
    );
    const suffix = await fetch(url, { headers: { Range: "bytes=-4" } });
    assert.deepEqual(
      new Uint8Array(await suffix.arrayBuffer()),
      bytes.slice(-4),
    );
    // Range units are case-insensitive (RFC 9110 §14.1).
    const capital = await fetch(url, { headers: { Range: "Bytes=10-19" } });
    assert.equal(capital.status, 206);
    assert.deepEqual(
      new Uint8Array(await capital.arrayBuffer()),
      bytes.slice(10, 20),
    );
    const bad = await fetch(url, {
      headers: { Range: `bytes=${bytes.length}-` },
    });
    assert.equal(bad.status, 416);
    await bad.body?.cancel();
    const cached = await fetch(url, {
      headers: { "If-None-Match": String(up.body.etag) },
    });
    assert.equal(cached.status, 304);
    await cached.body?.cancel();
    const head = await fetch(url, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(bytes.length));
    assert.equal(await head.text(), "");
    const pending = await client.json("POST", "/api/uploads", {
      filename: "p.mp4",
      content_type: "video/mp4",
      size: 10,
    });
    const notYet = await fetch(String(pending.body.url));
    assert.equal(notYet.status, 404, "pending uploads are not served");
    await notYet.body?.cancel();
    const ids = await listTyped(
      server.kv,
      keys.uploadsByAccountPrefix(client.openId),
    );
    assert.equal(ids.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("a signed upload PUT sent compressed is 415 naming the coding, before anything is written", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "gzip_put", "free");
    const bytes = await fixture("portrait.mp4");
    const started = await startedUpload(me, bytes, "p.mp4");
    const url = String(started.body.upload_url);
    const stagingKey = localFileKey(url);
    const gzipped = new Uint8Array(
      await new Response(
        new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")),
      ).arrayBuffer(),
    );
    // Stored as sent, the compressed bytes would be the upload's file.
    const res = await fetch(url, {
      method: "PUT",
      headers: {
        ...started.body.headers as Record<string, string>,
        "Content-Encoding": "gzip",
      },
      body: gzipped,
    });
    const refused = await assertJsonError(res, 415, "unsupported_media_type");
    assert.match(String(refused.message), /Content-Encoding: gzip/);
    assert.equal(
      await server.deps.storage.head(stagingKey),
      null,
      "nothing written",
    );
    await putUpload(started.body, bytes).then((r) => r.body?.cancel());
    const done = await me.json(
      "POST",
      `/api/uploads/${started.body.upload_id}/complete`,
    );
    assert.equal(done.status, 200, JSON.stringify(done.body));
  } finally {
    await server.close();
  }
});

Deno.test("a signed upload PUT of another Content-Type (curl's default form type) is 403 naming the type sent, the type declared and how to send it", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "form_type_put", "free");
    const bytes = await fixture("portrait.mp4");
    const started = await startedUpload(me, bytes, "p.mp4");
    const url = String(started.body.upload_url);
    const put = (contentType: string | null, at = url) => {
      const headers = new Headers();
      if (contentType !== null) headers.set("Content-Type", contentType);
      return fetch(at, { method: "PUT", headers, body: bytes });
    };
    // curl --data-binary @p.mp4 without -H: declared a form.
    const form = await assertJsonError(
      await put("application/x-www-form-urlencoded"),
      403,
      "forbidden",
    );
    assert.equal(
      form.message,
      'This upload URL takes the Content-Type declared when the upload started, video/mp4, and only it: this PUT is declared application/x-www-form-urlencoded, as curl\'s -d and --data-binary send it. Send it with -H "Content-Type: video/mp4" (curl: --data-binary @file -H "Content-Type: video/mp4").',
    );
    const none = await assertJsonError(await put(null), 403, "forbidden");
    assert.match(
      String(none.message),
      /: this PUT declares no Content-Type\. Send it with -H "Content-Type: video\/mp4"/,
    );
    // A signature that fails otherwise says only that.
    const tampered = new URL(url);
    tampered.searchParams.set("signature", "0".repeat(64));
    const bad = await assertJsonError(
      await put("application/x-www-form-urlencoded", tampered.href),
      403,
      "forbidden",
    );
    assert.equal(
      bad.message,
      "This upload URL is invalid or expired (or the Content-Type differs from the one declared). An upload URL works for 1 hour after its start: start a new upload (POST /api/uploads; MCP: start_upload) for a fresh one.",
    );
    const right = await put("video/mp4");
    assert.equal(right.status, 200);
    await right.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("a signed upload PUT with Content-Range is refused before anything is written", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "content_range_up", "free");
    const bytes = await fixture("portrait.mp4");
    const half = Math.floor(bytes.length / 2);
    const started = await startedUpload(me, bytes, "p.mp4");
    const url = String(started.body.upload_url);
    const stagingKey = localFileKey(url);
    const put = (body: Uint8Array, range?: string) =>
      fetch(url, {
        method: "PUT",
        headers: {
          ...started.body.headers as Record<string, string>,
          ...(range ? { "Content-Range": range } : {}),
        },
        body: body as Uint8Array<ArrayBuffer>,
      });
    const first = await put(
      bytes.slice(0, half),
      `bytes 0-${half - 1}/${bytes.length}`,
    );
    const refused = await assertJsonError(first, 400, "bad_request");
    assert.match(String(refused.message), /Content-Range/);
    assert.match(String(refused.message), /whole file in one request/);
    assert.equal(
      await server.deps.storage.head(stagingKey),
      null,
      "nothing written",
    );
    // The whole file in one PUT is taken; a later part does not replace it.
    const whole = await put(bytes);
    assert.equal(whole.status, 200);
    await whole.body?.cancel();
    const second = await put(
      bytes.slice(half),
      `bytes ${half}-${bytes.length - 1}/${bytes.length}`,
    );
    await assertJsonError(second, 400, "bad_request");
    assert.equal(
      (await server.deps.storage.head(stagingKey))?.size,
      bytes.length,
      "the whole file stays",
    );
    const done = await me.json(
      "POST",
      `/api/uploads/${started.body.upload_id}/complete`,
    );
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const served = await fetch(String(done.body.url));
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes);
  } finally {
    await server.close();
  }
});

Deno.test("an upload's filename shows nothing invisible: marks with no letter, fillers, endless marks", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "odd_name_user", "monthly");
    const bytes = await fixture("portrait.mp4");
    const cases: [string, string][] = [
      // Marks with no letter of their own would sit on whatever the page
      // shows before the name.
      ["\u0301\u0301clip.mp4", "_clip.mp4"],
      ["clip.\u20DDmp4", "clip._mp4"],
      // Letters TikTok's and every font's fillers: invisible.
      ["\u3164\u3164.mp4", "_.mp4"],
      ["a\u034Fb\u00ADc.mp4", "a_b_c.mp4"],
      // A letter keeps at most 30 marks (Unicode's stream-safe text).
      [`x${"\u0300".repeat(100)}.mp4`, `x${"\u0300".repeat(30)}_.mp4`],
      // Spaces left around what is kept are dropped.
      [" \u3164 clip.mp4", "_ clip.mp4"],
      ["clip.mp4 \u200B", "clip.mp4 _"],
      [`${"a".repeat(199)} b.mp4`, "a".repeat(199)],
      // What held already: overrides, joiners, lone surrogates, emoji.
      ["\u202Egpj.mp4", "_gpj.mp4"],
      ["a\u200Db.mp4", "a_b.mp4"],
      ["\uD800clip.mp4", "_clip.mp4"],
      ["🎬".repeat(100), "_"],
    ];
    for (const [sent, shown] of cases) {
      const r = await uploadBytes(client, bytes, {
        filename: sent,
        contentType: "video/mp4",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.filename, shown, JSON.stringify(sent));
    }
  } finally {
    await server.close();
  }
});

Deno.test("an upload keeps its filename's letters in every script; controls, slashes and quotes become _", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "filename_user", "monthly");
    const bytes = await fixture("portrait.mp4");
    const cases: [string, string][] = [
      ["旅行 ビデオ.mp4", "旅行 ビデオ.mp4"],
      ["Café-día_1.mp4", "Café-día_1.mp4"],
      // Decomposed é (e + U+0301) is kept, composed.
      ["Cafe\u0301.mp4", "Café.mp4"],
      ["видео.mp4", "видео.mp4"],
      ['a\u0007b/../c"d<e>.mp4', "a_b_.._c_d_e_.mp4"],
      ["🎬🎬 clip.mp4", "_ clip.mp4"],
      // An emoji's variation selector (a mark) goes with it.
      ["❤\uFE0F love.mp4", "_ love.mp4"],
    ];
    for (const [sent, shown] of cases) {
      const r = await uploadBytes(client, bytes, {
        filename: sent,
        contentType: "video/mp4",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.filename, shown, sent);
    }
    const listed = await client.json("GET", "/api/uploads");
    assert.deepEqual(
      (listed.body.uploads as { filename: string }[])
        .map((u) => u.filename).sort(),
      cases.map(([, shown]) => shown).sort(),
    );
  } finally {
    await server.close();
  }
});
