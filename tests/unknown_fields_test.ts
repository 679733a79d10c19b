/**
 * Every JSON body of the API refuses fields it does not know with 400
 * `bad_request`, naming each one in `issues` and in the message; a field
 * named as TikTok names it is answered with PM3K's name. Nothing happens:
 * no post reaches TikTok, no job, upload, domain or webhook is created.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  initsAtTikTok,
  posterFor,
  postsOf,
} from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { postMcpRaw, toolCallBody } from "./_helpers/mcp_client.ts";
import { bodyIssues } from "../lib/http/schema_issues.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";

/** The `issues` of a 400 `bad_request`, after checking it is one. */
async function unknownFieldIssues(
  res: Response,
): Promise<{ issues: { path: string; message: string }[]; message: string }> {
  const body = await assertJsonError(res, 400, "bad_request");
  return {
    issues: body.issues as { path: string; message: string }[],
    message: String(body.message),
  };
}

Deno.test("direct_post with TikTok's privacy_level answers 400 naming privacy, and posts nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "privacy_level_poster");
    const res = await me.call("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "Meant to be private",
      privacy_level: "SELF_ONLY",
    });
    const { issues, message } = await unknownFieldIssues(res);
    assert.deepEqual(issues.map((i) => i.path), ["privacy_level"]);
    assert.match(issues[0].message, /unknown field/);
    assert.match(issues[0].message, /"privacy"/, "names PM3K's field");
    assert.match(message, /privacy_level: unknown field/);
    assert.match(message, /"privacy"/);
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok received nothing");
    assert.equal(await me.sandboxPosts(), 0);
    assert.deepEqual(await postsOf(me), [], "no post recorded");
  } finally {
    await server.close();
  }
});

Deno.test("each TikTok field name on direct_post is answered with PM3K's name", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "tiktok_names_poster");
    const res = await me.call("POST", "/api/tiktok/direct_post", {
      video_url: "https://example.com/v.mp4",
      title: "x",
      brand_content_toggle: true,
      brand_organic_toggle: false,
      description: "caption",
      post_info: { privacy_level: "SELF_ONLY" },
      source_info: { source: "PULL_FROM_URL" },
      post_mode: "DIRECT_POST",
      photo_images: ["https://example.com/a.jpg"],
    });
    const { issues } = await unknownFieldIssues(res);
    const byPath = new Map(issues.map((i) => [i.path, i.message]));
    const named: Record<string, RegExp> = {
      video_url: /"source_url"/,
      brand_content_toggle: /"ad_branded_content"/,
      brand_organic_toggle: /"ad_your_brand"/,
      description: /"title"/,
      post_info: /top level.*"privacy"/,
      source_info: /"source_url".*"photo_images"/,
      photo_images: /"media_type": "PHOTO"/,
    };
    for (const [path, hint] of Object.entries(named)) {
      assert.match(byPath.get(path) ?? "(not named)", /^unknown field/, path);
      assert.match(byPath.get(path)!, hint, path);
    }
    // post_mode is PM3K's own field since drafts (docs/posting.md#drafts).
    assert.equal(byPath.get("post_mode"), undefined);
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("names a newcomer guesses on direct_post are answered with PM3K's", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "guessed_names_poster");
    const res = await me.call("POST", "/api/tiktok/direct_post", {
      url: await me.uploadVideo(),
      caption: "My caption",
      scheduled_at: "2026-12-01T12:30:00Z",
    });
    const { issues } = await unknownFieldIssues(res);
    const byPath = new Map(issues.map((i) => [i.path, i.message]));
    const named: Record<string, RegExp> = {
      url: /^unknown field \(the video goes in "source_url"/,
      caption: /^unknown field \(the caption goes in "title"\)/,
      scheduled_at: /^unknown field \(a job's time goes in "run_at"/,
    };
    for (const [path, hint] of Object.entries(named)) {
      assert.match(byPath.get(path) ?? "(not named)", hint, path);
    }
    // A job's change: caption and scheduled_at get PM3K's names too.
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 2 * 3600_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "A job",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const change = await me.call("PATCH", `/api/jobs/${job.body.job_id}`, {
      caption: "New caption",
      scheduled_at: "2026-12-01T12:30:00Z",
    });
    const changeIssues = new Map(
      (await unknownFieldIssues(change)).issues.map((i) => [i.path, i.message]),
    );
    assert.match(changeIssues.get("caption") ?? "", /"title"/);
    assert.match(changeIssues.get("scheduled_at") ?? "", /"run_at"/);
    const check = await me.call("POST", "/api/caption/check", {
      caption: "My caption",
    });
    const checkIssues = (await unknownFieldIssues(check)).issues;
    assert.match(
      checkIssues.find((i) => i.path === "caption")?.message ?? "",
      /"title"/,
    );
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("a photo post and a job refuse unknown fields and create nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "unknown_job_poster");
    const { urls } = await albumOf(me, "photo2.jpg");
    const photo = await me.call("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      title: "Photos",
      privacy_level: "SELF_ONLY",
      cover: 0,
    });
    const photoIssues = (await unknownFieldIssues(photo)).issues;
    assert.deepEqual(photoIssues.map((i) => i.path).sort(), [
      "cover",
      "privacy_level",
    ]);
    assert.match(
      photoIssues.find((i) => i.path === "privacy_level")!.message,
      /"privacy"/,
    );
    assert.equal(
      photoIssues.find((i) => i.path === "cover")!.message,
      "unknown field",
    );

    const job = await me.call("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3600_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "Later",
      brand_organic_toggle: true,
    });
    const jobIssues = (await unknownFieldIssues(job)).issues;
    assert.deepEqual(jobIssues.map((i) => i.path), ["brand_organic_toggle"]);
    assert.match(jobIssues[0].message, /"ad_your_brand"/);
    const jobs = await me.json("GET", "/api/jobs");
    assert.deepEqual(jobs.body.jobs, [], "no job created");
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("uploads, domains, webhook, album retain, status, caption check, uploads from a URL and a job's change refuse unknown fields, naming them", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "unknown_fields_user");
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3600_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "As scheduled",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const cases: {
      method: string;
      path: string;
      body: Record<string, unknown>;
      unknown: string[];
    }[] = [
      {
        method: "POST",
        path: "/api/uploads",
        body: {
          filename: "a.mp4",
          content_type: "video/mp4",
          size: 10,
          sha256: "x",
          public: true,
        },
        unknown: ["public", "sha256"],
      },
      {
        method: "POST",
        path: "/api/domains",
        body: { domain: "media.example.com", verified: true },
        unknown: ["verified"],
      },
      {
        method: "PUT",
        path: "/api/webhook",
        body: { url: "https://hooks.example.com/pm3k", secret: "mine" },
        unknown: ["secret"],
      },
      {
        method: "POST",
        path: "/api/album/retain",
        body: { album_id: "a1", days: 30 },
        unknown: ["days"],
      },
      {
        method: "POST",
        path: "/api/tiktok/status",
        body: { publish_id: "p1", open_id: "someone" },
        unknown: ["open_id"],
      },
      {
        method: "POST",
        path: "/api/caption/check",
        body: { title: "A caption", language: "en" },
        unknown: ["language"],
      },
      {
        method: "POST",
        path: "/api/uploads/from_url",
        body: {
          url: "https://media.example.com/v.mp4",
          // (filename has its hint: tests/id_kinds_http_test.ts)
          tags: ["v"],
          public: true,
        },
        unknown: ["public", "tags"],
      },
      {
        method: "PATCH",
        path: `/api/jobs/${job.body.job_id}`,
        body: { title: "Changed", timezone: "Asia/Tokyo" },
        unknown: ["timezone"],
      },
    ];
    for (const c of cases) {
      const res = await me.call(c.method, c.path, c.body);
      const { issues, message } = await unknownFieldIssues(res);
      const unknown = issues.filter((i) => i.message === "unknown field");
      assert.deepEqual(
        unknown.map((i) => i.path).sort(),
        c.unknown,
        `${c.method} ${c.path}`,
      );
      for (const name of c.unknown) {
        assert.match(message, new RegExp(`${name}: unknown field`));
      }
    }
    const uploads = await me.json("GET", "/api/uploads");
    assert.equal(
      (uploads.body.uploads as unknown[]).length,
      1,
      "only the job's video",
    );
    const domains = await me.json("GET", "/api/domains");
    assert.deepEqual(domains.body.domains, []);
    const webhook = await me.json("GET", "/api/webhook");
    assert.equal(webhook.body.url, null);
    const kept = await me.json("GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(kept.body.title, "As scheduled", "the job is unchanged");
  } finally {
    await server.close();
  }
});

/** Writes of the API that take no body, as the OpenAPI document lists them. */
async function writesWithoutBody(server: TestServer): Promise<string[]> {
  const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as object)) {
      if (!["post", "put", "patch", "delete"].includes(method)) continue;
      if (!op?.requestBody) out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out.sort();
}

Deno.test("operations that take no body refuse one with fields, naming each, and do nothing; none or {} is fine", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "no_body_user");
    const albumId = String(
      (await me.json("POST", "/api/albums")).body.album_id,
    );
    const started = await me.json("POST", "/api/uploads", {
      filename: "a.mp4",
      content_type: "video/mp4",
      size: 10,
    });
    const uploadId = String(started.body.upload_id);
    const domain = "media.example.com";
    assert.equal(
      (await me.json("POST", "/api/domains", { domain })).status,
      200,
    );
    const hook = "http://127.0.0.1:9/hook";
    assert.equal(
      (await me.json("PUT", "/api/webhook", { url: hook })).status,
      200,
    );
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3600_000).toISOString(),
      source_url: await me.uploadVideo(),
      title: "Later",
    });
    const jobId = String(job.body.job_id);

    const cases: {
      method: string;
      route: string;
      path: string;
      body: Record<string, unknown>;
    }[] = [
      {
        method: "POST",
        route: "/api/albums",
        path: "/api/albums",
        body: { title: "Holiday" },
      },
      {
        method: "POST",
        route: "/api/uploads/{id}/complete",
        path: `/api/uploads/${uploadId}/complete`,
        body: { size: 10, sha256: "x" },
      },
      {
        method: "POST",
        route: "/api/domains/{domain}/verify",
        path: `/api/domains/${domain}/verify`,
        body: { token: "pm3k-verify" },
      },
      {
        method: "POST",
        route: "/api/webhook/test",
        path: "/api/webhook/test",
        body: { event: "post.published" },
      },
      {
        method: "DELETE",
        route: "/api/albums/{id}",
        path: `/api/albums/${albumId}`,
        body: { keep_images: true },
      },
      {
        method: "DELETE",
        route: "/api/uploads/{id}",
        path: `/api/uploads/${uploadId}`,
        body: { force: true },
      },
      {
        method: "DELETE",
        route: "/api/domains/{domain}",
        path: `/api/domains/${domain}`,
        body: { domain },
      },
      {
        method: "DELETE",
        route: "/api/webhook",
        path: "/api/webhook",
        body: { url: hook },
      },
      {
        method: "DELETE",
        route: "/api/jobs/{id}",
        path: `/api/jobs/${jobId}`,
        body: { reason: "changed my mind" },
      },
      {
        // The body is refused before the post is looked for.
        method: "POST",
        route: "/api/tiktok/posts/{id}/not_posted",
        path: "/api/tiktok/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV/not_posted",
        body: { confirm: true },
      },
    ];
    assert.deepEqual(
      cases.map((c) => `${c.method} ${c.route}`).sort(),
      await writesWithoutBody(server),
      "every write without a body is a case",
    );
    for (const c of cases) {
      const res = await me.call(c.method, c.path, c.body);
      const { issues, message } = await unknownFieldIssues(res);
      const names = Object.keys(c.body).sort();
      assert.deepEqual(issues.map((i) => i.path).sort(), names, c.route);
      for (const name of names) {
        assert.match(message, new RegExp(`${name}: unknown field`), c.route);
      }
      assert.match(message, /takes no body/, c.route);
    }
    // A body that is not JSON is refused the same way.
    const notJson = await fetch(`${server.url}/api/albums`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "text/plain",
      },
      body: "title=Holiday",
    });
    const refused = await assertJsonError(notJson, 400, "bad_request");
    assert.match(String(refused.message), /takes no body/);

    // Nothing happened: only the setup's album, the upload still pending,
    // the rest as it was.
    const albums = await listTyped(
      server.kv,
      keys.albumsByAccountPrefix(me.openId),
    );
    assert.deepEqual(albums.map((e) => e.value), [albumId]);
    const upload = await me.json("GET", `/api/uploads/${uploadId}`);
    assert.equal(upload.body.state, "pending");
    const domains = await me.json("GET", "/api/domains");
    assert.equal((domains.body.domains as unknown[]).length, 1);
    assert.equal((await me.json("GET", "/api/webhook")).body.url, hook);
    const deliveries = await me.json("GET", "/api/webhook/deliveries");
    assert.deepEqual(deliveries.body.deliveries, [], "no test event sent");
    const kept = await me.json("GET", `/api/jobs/${jobId}`);
    assert.equal(kept.body.state, "scheduled");

    // An empty body or {} is no body.
    await assertJsonOk(await me.call("POST", "/api/webhook/test", {}));
    await assertJsonOk(await me.call("POST", "/api/albums", {}));
    await assertJsonOk(await me.call("DELETE", `/api/albums/${albumId}`, {}));
    await assertJsonOk(
      await fetch(`${server.url}/api/jobs/${jobId}`, {
        method: "DELETE",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body: "",
      }),
    );
  } finally {
    await server.close();
  }
});

Deno.test("the dashboard's API key endpoint refuses a body with fields and issues no key", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "no_body_dashboard", "free");
    const send = (method: string, body?: unknown) =>
      visit(jar, `${server.url}/dashboard/api_key`, {
        method,
        headers: {
          Accept: "application/json",
          Origin: server.url,
          "Content-Type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (const method of ["POST", "DELETE"]) {
      const { issues, message } = await unknownFieldIssues(
        await send(method, { expires_in_days: 365 }),
      );
      assert.deepEqual(issues.map((i) => i.path), ["expires_in_days"], method);
      assert.match(message, /expires_in_days: unknown field/);
    }
    const issued = await assertJsonOk(await send("POST", {}));
    const key = String(issued.api_key);
    const me = await fetch(`${server.url}/api/me`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    await assertJsonOk(me);
  } finally {
    await server.close();
  }
});

Deno.test("a JSON field with no name (a tool's body row left unnamed) or a blank one is said so, on the API and MCP", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "no_name_field");
    const expected = {
      path: "",
      message: "unknown field (it has no name: name it, or leave it out)",
    };
    const { issues, message } = await unknownFieldIssues(
      await fetch(`${server.url}/api/caption/check`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ title: "x", "": "" }),
      }),
    );
    assert.deepEqual(issues, [expected]);
    assert.equal(message, `Invalid request: ${expected.message}`);
    // A name of spaces only shows as nothing in the message: said so, in
    // a body and in a query alike.
    const blank =
      "unknown field (its name is white space only: name it, or leave it out)";
    const spaces = await unknownFieldIssues(
      await fetch(`${server.url}/api/caption/check`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ title: "x", "  ": "" }),
      }),
    );
    assert.deepEqual(spaces.issues, [{ path: "  ", message: blank }]);
    const query = await unknownFieldIssues(
      await fetch(`${server.url}/api/jobs?%20=5`, {
        headers: { Authorization: `Bearer ${me.key}` },
      }),
    );
    assert.deepEqual(query.issues, [{ path: " ", message: blank }]);
    const res = await postMcpRaw(
      server.url,
      me.key,
      toolCallBody("get_limits", { "": "" }),
    );
    const answer = await res.json();
    assert.deepEqual(
      answer.result.structuredContent?.issues ??
        JSON.parse(answer.result.content[0].text).issues,
      [expected],
    );
  } finally {
    await server.close();
  }
});

Deno.test("an unknown field inside a nested object is named by its whole path", () => {
  const schema = z.strictObject({
    post: z.strictObject({ title: z.string() }),
    media: z.array(z.strictObject({ url: z.string() })),
  });
  const parsed = schema.safeParse({
    post: { title: "t", privacy_level: "SELF_ONLY" },
    media: [{ url: "u" }, { url: "v", size: 1 }],
    extra: 1,
  });
  assert.equal(parsed.success, false);
  assert.deepEqual(
    bodyIssues(parsed.error!, { "post.privacy_level": `use "privacy"` }),
    [
      { path: "post.privacy_level", message: `unknown field (use "privacy")` },
      { path: "media.1.size", message: "unknown field" },
      { path: "extra", message: "unknown field" },
    ],
  );
});

Deno.test("the OpenAPI document says every request body takes no other fields", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const bodies: { where: string; schema: Record<string, unknown> }[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as object)) {
        const schema = op?.requestBody?.content?.["application/json"]?.schema;
        if (!schema) continue;
        for (const one of schema.anyOf ?? schema.oneOf ?? [schema]) {
          bodies.push({ where: `${method} ${path}`, schema: one });
        }
      }
    }
    assert.ok(bodies.length >= 8, `found ${bodies.length} bodies`);
    for (const { where, schema } of bodies) {
      assert.equal(schema.type, "object", where);
      assert.equal(schema.additionalProperties, false, where);
    }
  } finally {
    await server.close();
  }
});
