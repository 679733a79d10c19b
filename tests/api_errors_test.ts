/**
 * The JSON error envelope and statuses (docs/api.md#errors) on API paths,
 * against the real server on a loopback port.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { probeManifest } from "./_helpers/probe_routes.ts";
import { issueKeyFromDashboard, signIn } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { MAX_JSON_BODY_BYTES } from "../lib/http/api_app.ts";

Deno.test("API errors answer the documented JSON envelope with the right status", async (t) => {
  const server = await startTestServer({ manifest: probeManifest });
  try {
    const { jar } = await signIn(server, "errors_user", "free");
    const issued = await issueKeyFromDashboard(server, jar);
    const key = String(issued.body.api_key);
    const auth = { Authorization: `Bearer ${key}` };

    await t.step("401 unauthorized without a key", async () => {
      await assertJsonError(
        await fetch(`${server.url}/api/me`),
        401,
        "unauthorized",
      );
    });
    await t.step("401 unauthorized for a malformed key", async () => {
      const res = await fetch(`${server.url}/api/me`, {
        headers: { Authorization: "Bearer not-a-pm3k-key" },
      });
      await assertJsonError(res, 401, "unauthorized");
    });
    await t.step(
      "401 unauthorized for an unknown key of the right shape",
      async () => {
        const res = await fetch(`${server.url}/api/me`, {
          headers: { Authorization: `Bearer pm3k_${"A".repeat(43)}` },
        });
        await assertJsonError(res, 401, "unauthorized");
      },
    );
    await t.step("401 unauthorized for a non-Bearer scheme", async () => {
      const res = await fetch(`${server.url}/api/me`, {
        headers: { Authorization: `Basic ${key}` },
      });
      await assertJsonError(res, 401, "unauthorized");
    });
    await t.step("404 not_found for an unknown API route", async () => {
      const res = await fetch(`${server.url}/api/no/such/route`, {
        headers: auth,
      });
      await assertJsonError(res, 404, "not_found");
      // The path as sent, in quotes: its trailing slashes and escapes
      // kept (a decoded U+202E would turn the sentence around), a long
      // one cut.
      for (
        const [sent, said, hint] of [
          ["/api/nope/", '"/api/nope/"'],
          // Its route, without the slashes, is named.
          ["/api/me//", '"/api/me//"', " Did you mean /api/me?"],
          ["/api/%E2%80%AE%00x", '"/api/%E2%80%AE%00x"'],
          [`/api/${"a".repeat(300)}`, `"/api/${"a".repeat(195)}…"`],
        ]
      ) {
        const body = await assertJsonError(
          await fetch(`${server.url}${sent}`, { headers: auth }),
          404,
          "not_found",
        );
        assert.equal(body.message, `No route for GET ${said}.${hint ?? ""}`);
      }
      // An id is echoed with its invisible characters spelt out: a
      // right-to-left override would turn the sentence around.
      const id = await assertJsonError(
        await fetch(`${server.url}/api/jobs/%E2%80%AEx%E2%80%8B%00`, {
          headers: auth,
        }),
        404,
        "not_found",
      );
      assert.equal(
        id.message,
        'No job "\\u{202E}x\\u{200B}\\u{0}" on this account.',
      );
      const publish = await assertJsonError(
        await fetch(`${server.url}/api/tiktok/status`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/json" },
          body: JSON.stringify({ publish_id: "\u202eX" }),
        }),
        404,
        "not_found",
      );
      assert.equal(
        publish.message,
        'No publish_id "\\u{202E}X" on this account.',
      );
      const domain = await assertJsonError(
        await fetch(`${server.url}/api/domains`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/json" },
          body: JSON.stringify({ domain: "a\u202e.example.com" }),
        }),
        400,
        "bad_request",
      );
      assert.match(
        String(domain.message),
        /^"a\\u\{202E\}\.example\.com" is not/,
      );
      // A path missing or adding a segment names the route it most likely
      // meant; one that could mean several, or none, is not guessed at.
      for (
        const [path, said] of [
          ["/api/direct_post", " Did you mean /api/tiktok/direct_post?"],
          ["/api/tiktok/jobs", " Did you mean /api/jobs?"],
          ["/api/v1/status", " Did you mean /api/tiktok/status?"],
          ["/api/nothing_like_it", ""],
        ]
      ) {
        const missed = await assertJsonError(
          await fetch(`${server.url}${path}`, {
            method: "POST",
            headers: auth,
          }),
          404,
          "not_found",
        );
        assert.equal(missed.message, `No route for POST "${path}".${said}`);
      }
      // A base URL given with /api (a tool's credential) doubles it.
      const doubled = await assertJsonError(
        await fetch(`${server.url}/api/api/me`, { headers: auth }),
        404,
        "not_found",
      );
      assert.equal(
        doubled.message,
        'No route for GET "/api/api/me". The path holds /api twice: give the base URL without /api (e.g. https://pm3k.org).',
      );
    });
    await t.step(
      "405 method_not_allowed with Allow for a wrong method",
      async () => {
        const res = await fetch(`${server.url}/api/me`, {
          method: "DELETE",
          headers: auth,
        });
        assert.equal(res.headers.get("allow"), "GET, HEAD");
        await assertJsonError(res, 405, "method_not_allowed");
      },
    );
    await t.step(
      "a browser's preflight, which carries no key, is 405 with Allow, no CORS and no 401",
      async () => {
        const res = await fetch(`${server.url}/api/tiktok/direct_post`, {
          method: "OPTIONS",
          headers: {
            Origin: "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
          },
        });
        assert.equal(res.headers.get("allow"), "POST");
        assert.equal(res.headers.get("access-control-allow-origin"), null);
        await assertJsonError(res, 405, "method_not_allowed");
      },
    );
    await t.step("415 unsupported_media_type for a non-JSON body", async () => {
      const res = await fetch(`${server.url}/api/probe/echo`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "text/plain" },
        body: "name=x",
      });
      await assertJsonError(res, 415, "unsupported_media_type");
    });
    await t.step(
      "a 415 names the type the body was declared as and the one read, on a posting route too",
      async () => {
        const accepted =
          "send it as JSON, with Content-Type: application/json (or a +json type)";
        const cases: [Record<string, string>, string][] = [
          [
            { "Content-Type": "text/plain; charset=utf-8" },
            `This body is declared text/plain: ${accepted}.`,
          ],
          [
            { "Content-Type": "application/x-www-form-urlencoded" },
            `This body is declared application/x-www-form-urlencoded, as curl's -d and --data-binary send it: ${accepted} (curl: add -H "Content-Type: application/json").`,
          ],
          [
            { "Content-Type": "multipart/form-data; boundary=x" },
            `This body is declared multipart/form-data: ${accepted}.`,
          ],
          [
            { "Content-Type": `application/${"x".repeat(120)}` },
            `This body is declared application/${
              "x".repeat(68)
            }…: ${accepted}.`,
          ],
          // No Content-Type at all: fetch sends none for a byte body.
          [{}, `This body declares no Content-Type: ${accepted}.`],
        ];
        for (const path of ["/api/probe/echo", "/api/tiktok/direct_post"]) {
          for (const [headers, message] of cases) {
            const declared = headers["Content-Type"];
            const res = await fetch(`${server.url}${path}`, {
              method: "POST",
              headers: { ...auth, ...headers },
              body: declared === undefined
                ? new TextEncoder().encode("{}")
                : "title=x",
            });
            const body = await assertJsonError(
              res,
              415,
              "unsupported_media_type",
            );
            assert.equal(
              body.message,
              message,
              `${path} ${declared ?? "(no Content-Type)"}`,
            );
          }
        }
      },
    );
    await t.step("400 bad_request for malformed JSON", async () => {
      const res = await fetch(`${server.url}/api/probe/echo`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: '{"name": "x",',
      });
      await assertJsonError(res, 400, "bad_request");
    });
    await t.step(
      "400 bad_request lists every schema issue with its path",
      async () => {
        const res = await fetch(`${server.url}/api/probe/echo`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/json" },
          body: JSON.stringify({
            name: "",
            count: 1.5,
            nested: { flag: "yes" },
          }),
        });
        const body = await assertJsonError(res, 400, "bad_request");
        const issues = body.issues as { path: string; message: string }[];
        assert.deepEqual(issues.map((i) => i.path).sort(), [
          "count",
          "name",
          "nested.flag",
        ]);
        for (const issue of issues) assert.ok(issue.message.length > 0);
      },
    );
    await t.step("a valid JSON body passes the same pipeline", async () => {
      const res = await fetch(`${server.url}/api/probe/echo`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ name: "n8n", count: 2 }),
      });
      const body = await assertJsonOk(res);
      assert.deepEqual(body.echo, { name: "n8n", count: 2 });
    });
    await t.step("413 payload_too_large over 64 KiB", async () => {
      const res = await fetch(`${server.url}/api/probe/echo`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify({
          name: "x".repeat(MAX_JSON_BODY_BYTES),
          count: 1,
        }),
      });
      await assertJsonError(res, 413, "payload_too_large");
    });
    await t.step(
      "500 internal_error carries request_id and never the stack",
      async () => {
        const res = await fetch(`${server.url}/api/probe/crash`, {
          headers: auth,
        });
        const body = await assertJsonError(res, 500, "internal_error");
        assert.equal(body.request_id, res.headers.get("x-request-id"));
        assert.ok(!JSON.stringify(body).includes("secret internal detail"));
        assert.ok(!JSON.stringify(body).includes(".ts:"));
        const logged = server.logs.find((l) => l.level === "error");
        assert.equal(logged?.request_id, body.request_id);
      },
    );
    await t.step(
      "every response has an X-Request-Id and one JSON log line",
      async () => {
        const before = server.logs.length;
        const res = await fetch(`${server.url}/api/me`, { headers: auth });
        await assertJsonOk(res);
        const id = res.headers.get("x-request-id");
        assert.equal(
          res.headers.get("content-security-policy"),
          "default-src 'none'; frame-ancestors 'none'",
        );
        assert.equal(res.headers.get("x-content-type-options"), "nosniff");
        assert.match(id ?? "", /^[0-9a-f-]{36}$/);
        const lines = server.logs.slice(before).filter((l) =>
          l.request_id === id
        );
        assert.equal(lines.length, 1);
        assert.equal(lines[0].status, 200);
        assert.equal(lines[0].path, "/api/me");
        assert.equal(typeof lines[0].ms, "number");
        assert.ok(
          !JSON.stringify(server.logs).includes(key),
          "the key is never logged",
        );
      },
    );
    await t.step("404 on a page path is an HTML page, not JSON", async () => {
      const res = await fetch(`${server.url}/no-such-page`);
      assert.equal(res.status, 404);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(await res.text(), /Page not found/);
    });
  } finally {
    await server.close();
  }
});

Deno.test("a 404 for an id of any length quotes at most 80 of its characters", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "long_ids", "monthly");
    const id = "x".repeat(5000);
    for (
      const [method, path, what] of [
        ["GET", `/api/jobs/${id}`, "job"],
        ["DELETE", `/api/jobs/${id}`, "job"],
        ["GET", `/api/uploads/${id}`, "upload"],
        ["GET", `/api/albums/${id}`, "album"],
      ] as const
    ) {
      const body = await assertJsonError(
        await me.call(method, path),
        404,
        "not_found",
      );
      assert.equal(
        body.message,
        `No ${what} "${"x".repeat(80)}…" on this account.`,
        `${method} ${path.slice(0, 20)}`,
      );
    }
    // A short id is quoted whole.
    const short = await assertJsonError(
      await me.call("GET", "/api/jobs/nope"),
      404,
      "not_found",
    );
    assert.equal(short.message, 'No job "nope" on this account.');
  } finally {
    await server.close();
  }
});

Deno.test("a body with thousands of problems answers the first 20 and counts the rest; a long or invisible field name is cut and spelt out", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "many_issues");
    const bad = JSON.stringify({
      media_type: "PHOTO",
      title: "t",
      photo_images: Array(5000).fill("x"),
    });
    const sent = new TextEncoder().encode(bad).length;
    const res = await fetch(`${server.url}/api/tiktok/direct_post`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "application/json",
      },
      body: bad,
    });
    const text = await res.clone().text();
    const body = await assertJsonError(res, 400, "bad_request");
    const issues = body.issues as { path: string; message: string }[];
    assert.equal(issues.length, 21);
    assert.equal(issues[19].path, "photo_images.19");
    assert.deepEqual(issues[20], {
      path: "",
      message: "and 4980 more problems, not listed: fix these first",
    });
    assert.ok(text.length < sent, `${text.length} bytes for ${sent} sent`);
    // An unknown field's name is the client's: cut, controls spelt out.
    const named = await me.json("POST", "/api/caption/check", {
      title: "a",
      [`\u202e${"k".repeat(1000)}`]: 1,
    });
    assert.equal(named.status, 400);
    const [issue] = named.body.issues as { path: string }[];
    assert.equal(issue.path, `\\u{202E}${"k".repeat(99)}…`);
  } finally {
    await server.close();
  }
});

Deno.test("a fixed value left out says the field is missing, not only what it expects", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "kind_missing");
    const run = new Date(server.clock.now() + 48 * 3600_000).toISOString();
    const missing = await me.json("POST", "/api/jobs", {
      source_url: "https://example.com/a.mp4",
      title: "t",
      run_at: run,
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.issues, [{
      path: "kind",
      message: 'required field missing (expected "tiktok")',
    }]);
    // Given, but not the one: zod's words stand.
    const wrong = await me.json("POST", "/api/jobs", {
      kind: "youtube",
      source_url: "https://example.com/a.mp4",
      title: "t",
      run_at: run,
    });
    assert.deepEqual(wrong.body.issues, [{
      path: "kind",
      message: 'Invalid input: expected "tiktok"',
    }]);
  } finally {
    await server.close();
  }
});

Deno.test("a field with its own message (run_at) or a choice, left out or null, is said missing or null, as every field is", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "run_at_missing");
    const job = {
      kind: "tiktok",
      source_url: "https://example.com/a.mp4",
      title: "t",
    };
    const missing = await me.json("POST", "/api/jobs", job);
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.issues, [{
      path: "run_at",
      message: "required field missing (expected string)",
    }]);
    const nulls = await me.json("POST", "/api/jobs", {
      ...job,
      run_at: null,
      privacy: null,
      if_taken: null,
    });
    assert.equal(nulls.status, 400);
    assert.deepEqual(nulls.body.issues, [
      {
        path: "privacy",
        message:
          'null is not a value here (expected "PUBLIC_TO_EVERYONE" or "MUTUAL_FOLLOW_FRIENDS" or "FOLLOWER_OF_CREATOR" or "SELF_ONLY"): leave the field out to give none',
      },
      {
        path: "run_at",
        message:
          "null is not a value here (expected string): leave the field out to give none",
      },
      {
        path: "if_taken",
        message:
          'null is not a value here (expected "fail" or "next_free"): leave the field out to give none',
      },
    ]);
    const run = new Date(server.clock.now() + 48 * 3600_000).toISOString();
    const made = await me.json("POST", "/api/jobs", {
      ...job,
      source_url: await me.uploadVideo(),
      run_at: run,
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const patched = await me.json(
      "PATCH",
      `/api/jobs/${made.body.job_id}`,
      { run_at: null },
    );
    assert.equal(patched.status, 400);
    assert.deepEqual(patched.body.issues, [{
      path: "run_at",
      message:
        "null is not a value here (expected string): leave the field out to give none",
    }]);
    // Given, but no date-time: the field's own message stands.
    const wrong = await me.json("POST", "/api/jobs", {
      ...job,
      run_at: "tomorrow",
    });
    assert.deepEqual(wrong.body.issues, [{
      path: "run_at",
      message:
        "run_at must be a date and time that exist, in ISO 8601 to the second with a zone, e.g. 2026-12-01T12:30:00Z or 2026-12-01T13:30:00+01:00",
    }]);
  } finally {
    await server.close();
  }
});

Deno.test("a misspelt field is refused naming the field it most likely meant; a field also sent or far from any is only unknown", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "misspelt");
    const video = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: "https://example.com/a.mp4",
      titel: "t",
      disableComment: true,
      Privacy: "SELF_ONLY",
      colour: "red",
    });
    assert.equal(video.status, 400);
    assert.deepEqual(video.body.issues, [
      { path: "title", message: "required field missing (expected string)" },
      { path: "titel", message: 'unknown field (did you mean "title"?)' },
      {
        path: "disableComment",
        message: 'unknown field (did you mean "disable_comment"?)',
      },
      {
        path: "Privacy",
        message: 'unknown field (did you mean "privacy"?)',
      },
      { path: "colour", message: "unknown field" },
    ]);
    // `title` sent beside `titel`: an extra field, not a misspelling.
    const both = await me.json("POST", "/api/caption/check", {
      title: "a",
      titel: "b",
    });
    assert.deepEqual(both.body.issues, [{
      path: "titel",
      message: "unknown field",
    }]);
    const run = new Date(server.clock.now() + 48 * 3600_000).toISOString();
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      sourceUrl: "https://example.com/a.mp4",
      title: "t",
      run_at: run,
    });
    assert.equal(job.status, 400);
    assert.ok(
      (job.body.issues as { path: string; message: string }[]).some((i) =>
        i.path === "sourceUrl" &&
        i.message === 'unknown field (did you mean "source_url"?)'
      ),
      JSON.stringify(job.body.issues),
    );
    // A query's parameters are fields too.
    const listed = await assertJsonError(
      await me.call("GET", "/api/jobs?limt=5"),
      400,
      "bad_request",
    );
    assert.deepEqual(listed.issues, [{
      path: "limt",
      message: 'unknown field (did you mean "limit"?)',
    }]);
  } finally {
    await server.close();
  }
});
