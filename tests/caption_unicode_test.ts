/**
 * Captions in every Unicode form a client may send (docs/posting.md#fields):
 * ZWJ sequences, right-to-left text and marks reach TikTok exactly; a lone
 * surrogate (an emoji cut in two), which has no UTF-8 form, and a control
 * character (NUL, ESC…), which TikTok does not show, are refused with 400
 * `bad_request` on `title` wherever a caption is taken. Bytes
 * that are not UTF-8 are refused too, never read as U+FFFD.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  posterFor,
  publishAtTikTok,
} from "./_helpers/posting_setup.ts";

/** The JSON text of a body whose title ends in `escape` (JSON). */
function withTitleEnding(
  body: Record<string, unknown>,
  escape: string,
): string {
  return JSON.stringify({ ...body, title: "Odd ending " }).replace(
    /"title":"Odd ending "/,
    `"title":"Odd ending ${escape}"`,
  );
}

Deno.test("a caption with a lone surrogate or a control character is 400 bad_request on title, and nothing is posted or scheduled", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "lone_surrogate");
    const url = await me.uploadVideo();
    const runAt = new Date(server.clock.now() + 3 * 3600_000).toISOString();
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: runAt,
      source_url: url,
      title: "A fine caption",
    });
    assert.equal(job.status, 200);
    const send = (method: string, path: string, body: string) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body,
      });
    const endings: [string, RegExp][] = [
      ["\\ud83d", /half of a surrogate pair/],
      ["\\u0000", /control character \(U\+0000, character 12\)/],
      ["\\u001b[0m", /control character \(U\+001B, character 12\)/],
      ["\\u0085", /control character \(U\+0085, character 12\)/],
    ];
    for (const [escape, says] of endings) {
      const body = (fields: Record<string, unknown>) =>
        withTitleEnding(fields, escape);
      const cases: [string, string, string][] = [
        ["POST", "/api/tiktok/direct_post", body({ source_url: url })],
        [
          "POST",
          "/api/jobs",
          body({ kind: "tiktok", run_at: runAt, source_url: url }),
        ],
        ["PATCH", `/api/jobs/${job.body.job_id}`, body({})],
        ["POST", "/api/caption/check", body({})],
      ];
      for (const [method, path, text] of cases) {
        const res = await send(method, path, text);
        const answer = await res.json();
        const what = `${escape} ${method} ${path}: ${JSON.stringify(answer)}`;
        assert.equal(res.status, 400, what);
        assert.equal(answer.error, "bad_request", what);
        assert.equal(answer.issues[0].path, "title", what);
        assert.match(answer.issues[0].message, says, what);
      }
    }
    assert.equal(await me.sandboxPosts(), 0);
    const kept = await me.json("GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(kept.body.title, "A fine caption", "the job is unchanged");
    const jobs = await me.json("GET", "/api/jobs");
    assert.equal((jobs.body.jobs as unknown[]).length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("ZWJ emoji, right-to-left text, direction marks, line breaks and tabs reach TikTok exactly", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "rtl_zwj");
    const url = await me.uploadVideo();
    const title = "👨‍👩‍👧‍👦 مرحبا \u202Eabc\u202C 🏳️‍🌈\r\nline two\tend #pm3k";
    const res = await directPost(me, { source_url: url, title });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal((await publishAtTikTok(server, body.publish_id)).title, title);
  } finally {
    await server.close();
  }
});

Deno.test("a body with bytes that are not UTF-8 is 400 bad_request, with or without an Idempotency-Key, and nothing is posted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "not_utf8");
    const url = await me.uploadVideo();
    // A marker no upload URL can hold (their ULIDs may hold "XY").
    const [head, tail] = JSON.stringify({
      source_url: url,
      title: "Bad <title>",
    }).split("<title>");
    const enc = new TextEncoder();
    // 0xFF and 0xFE never occur in UTF-8: they used to reach TikTok as
    // two U+FFFD in the caption.
    const body = new Uint8Array([
      ...enc.encode(head),
      0xff,
      0xfe,
      ...enc.encode(tail),
    ]);
    for (const idempotencyKey of [null, "utf8-retry-1"]) {
      const res = await fetch(`${server.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
          ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
        },
        body,
      });
      const answer = await res.json();
      assert.equal(res.status, 400, JSON.stringify(answer));
      assert.equal(answer.error, "bad_request");
      assert.equal(answer.message, "The request body is not valid UTF-8.");
    }
    const job = await fetch(`${server.url}/api/jobs`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "application/json",
      },
      body: new Uint8Array([
        ...enc.encode('{"kind":"tiktok","title":"'),
        0xc3, // a lead byte with no continuation
        ...enc.encode('"}'),
      ]),
    });
    assert.equal(job.status, 400);
    assert.equal(
      (await job.json()).message,
      "The request body is not valid UTF-8.",
    );
    assert.equal(await me.sandboxPosts(), 0);
    assert.deepEqual((await me.json("GET", "/api/jobs")).body.jobs, []);
  } finally {
    await server.close();
  }
});
