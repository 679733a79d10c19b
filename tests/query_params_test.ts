/**
 * Every `/api/*` operation, whatever its method, refuses a query parameter it does not take, and one
 * given twice, with 400 `bad_request` naming it
 * (docs/api.md#limits-on-every-request), in the words `GET /api/jobs` uses:
 * a misspelt `?limt=5` is never ignored.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { initsAtTikTok, posterFor, postsOf } from "./_helpers/posting_setup.ts";
import {
  documentedRoutes,
  openApiPath,
} from "../lib/http/openapi/build_openapi.ts";
import manifest from "../fresh.gen.ts";

/** Every documented GET, path parameters filled in (the check runs first). */
function everyGet(): string[] {
  return [...documentedRoutes(manifest)]
    .filter((r) => r.method === "GET")
    .map((r) => openApiPath(r.path).replace(/\{\w+\}/g, "x"));
}

Deno.test("every API GET refuses an unknown and a repeated query parameter, naming it", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "query_checker");
    const gets = everyGet();
    for (
      const path of [
        "/api/uploads",
        "/api/albums",
        "/api/domains",
        "/api/webhook/deliveries",
        "/api/webhook",
        "/api/limits",
        "/api/me",
        "/api/tiktok/creator_info",
      ]
    ) {
      assert.ok(gets.includes(path), `${path} is a documented GET`);
    }
    const jobs = await assertJsonError(
      await me.call("GET", "/api/jobs?x=1"),
      400,
      "bad_request",
    );
    for (const path of gets) {
      // The lists page (docs/api.md#list-cursors): limit is theirs.
      const takesLimit = [
        "/api/jobs",
        "/api/tiktok/posts",
        "/api/uploads",
        "/api/albums",
      ].includes(path);
      const unknown = await assertJsonError(
        await me.call("GET", `${path}?${takesLimit ? "x=1" : "limit=5"}`),
        400,
        "bad_request",
      );
      const name = takesLimit ? "x" : "limit";
      assert.match(
        String(unknown.message),
        new RegExp(`${name}: unknown field`),
        path,
      );
      assert.deepEqual(
        unknown.issues,
        [{
          path: name,
          message: (jobs.issues as { message: string }[])[0].message.replace(
            "x",
            name,
          ),
        }],
        path,
      );
      const twice = await assertJsonError(
        await me.call("GET", `${path}?x=1&x=2`),
        400,
        "bad_request",
      );
      assert.equal(
        twice.message,
        "The query parameter x is given 2 times: give it once.",
        path,
      );
    }
    // Without a query they answer as before.
    for (const path of ["/api/uploads", "/api/me", "/api/limits"]) {
      await assertJsonOk(await me.call("GET", path));
    }
    // HEAD is a GET without the body: refused the same.
    const head = await me.call("HEAD", "/api/me?x=1");
    assert.equal(head.status, 400);
  } finally {
    await server.close();
  }
});

/** Every documented operation that is not a GET, path parameters filled in. */
function everyWrite(): { method: string; path: string }[] {
  return [...documentedRoutes(manifest)]
    .filter((r) => r.method !== "GET")
    .map((r) => ({
      method: r.method,
      path: openApiPath(r.path).replace(/\{\w+\}/g, "x"),
    }));
}

Deno.test("every API write refuses an unknown and a repeated query parameter, naming it", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "write_query_checker");
    const writes = everyWrite();
    for (
      const [method, path] of [
        ["POST", "/api/tiktok/direct_post"],
        ["POST", "/api/tiktok/status"],
        ["POST", "/api/webhook/test"],
        ["PUT", "/api/webhook"],
        ["POST", "/api/tiktok/posts/x/not_posted"],
        ["POST", "/api/caption/check"],
        ["POST", "/api/uploads"],
      ]
    ) {
      assert.ok(
        writes.some((w) => w.method === method && w.path === path),
        `${method} ${path} is a documented operation`,
      );
    }
    for (const { method, path } of writes) {
      const what = `${method} ${path}`;
      const unknown = await assertJsonError(
        await me.call(method, `${path}?x=1`, {}),
        400,
        "bad_request",
      );
      assert.match(String(unknown.message), /x: unknown field/, what);
      assert.deepEqual(
        (unknown.issues as { path: string }[]).map((i) => i.path),
        ["x"],
        what,
      );
      const twice = await assertJsonError(
        await me.call(method, `${path}?x=1&x=2`, {}),
        400,
        "bad_request",
      );
      assert.equal(
        twice.message,
        "The query parameter x is given 2 times: give it once.",
        what,
      );
    }
    // The raw upload's documented query is still taken: the body is then
    // refused for what it is (empty), not for its query.
    const raw = await fetch(
      `${server.url}/api/uploads?filename=a.mp4&album_id=none`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "video/mp4",
        },
        body: new Uint8Array(0),
      },
    );
    const rawBody = await raw.json();
    assert.doesNotMatch(
      String(rawBody.message),
      /unknown field|given \d+ times/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("direct_post with privacy in the query answers 400 naming it, and posts nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "query_privacy_poster");
    const sourceUrl = await me.uploadVideo();
    const res = await fetch(
      `${server.url}/api/tiktok/direct_post?privacy=SELF_ONLY`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          source_url: sourceUrl,
          title: "Meant to be private",
        }),
      },
    );
    const body = await assertJsonError(res, 400, "bad_request");
    assert.match(String(body.message), /privacy: unknown field/);
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok received nothing");
    assert.deepEqual(await postsOf(me), [], "no post recorded");
  } finally {
    await server.close();
  }
});
