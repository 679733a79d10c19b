/**
 * HEAD answers carry the headers GET would, Content-Length included, without
 * the body (RFC 9110 §9.3.2), and a GET that does work (starting a sign-in)
 * is not run by a HEAD: 405 with `Allow: GET` (docs/decisions.md).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";

/** GET's and HEAD's Content-Length of `path`, and GET's body size. */
async function lengths(
  url: string,
  headers: HeadersInit = {},
): Promise<{ get: number; head: string | null; status: number }> {
  const got = await fetch(url, { headers });
  const get = (await got.arrayBuffer()).byteLength;
  const head = await fetch(url, { method: "HEAD", headers });
  await head.body?.cancel();
  assert.equal(head.status, got.status, url);
  assert.equal(
    head.headers.get("content-type"),
    got.headers.get("content-type"),
    url,
  );
  return { get, head: head.headers.get("content-length"), status: got.status };
}

Deno.test("HEAD answers GET's Content-Length on pages, docs, static files and the API", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "head_checker");
    const { jar } = await signIn(server, "head_pages", "free");
    const cases: [string, HeadersInit][] = [
      ["/", {}],
      ["/docs", {}],
      ["/api/openapi.json", {}],
      ["/static/styles.css", {}],
      ["/api/me", { Authorization: `Bearer ${me.key}` }],
    ];
    for (const [path, headers] of cases) {
      const { get, head, status } = await lengths(
        `${server.url}${path}`,
        headers,
      );
      assert.equal(status, 200, path);
      assert.ok(get > 0, path);
      assert.equal(head, String(get), path);
    }
    // The dashboard, signed in.
    const got = await visit(jar, `${server.url}/dashboard`);
    const page = (await got.arrayBuffer()).byteLength;
    assert.equal(got.status, 200);
    const head = await visit(jar, `${server.url}/dashboard`, {
      method: "HEAD",
    });
    await head.body?.cancel();
    assert.equal(head.status, 200);
    const headLength = Number(head.headers.get("content-length"));
    // A page may differ by a few bytes between two renders (a nonce, a
    // time); never is it empty.
    assert.ok(Math.abs(headLength - page) < 64, `${headLength} vs ${page}`);
  } finally {
    await server.close();
  }
});

Deno.test("HEAD /auth/login is 405 with Allow: GET and starts no sign-in", async () => {
  const server = await startTestServer();
  try {
    // More than the 20 sign-ins a minute an address may start.
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${server.url}/auth/login`, {
        method: "HEAD",
        redirect: "manual",
      });
      await res.body?.cancel();
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET");
      assert.equal(res.headers.get("set-cookie"), null, "no state cookie");
    }
    const callback = await fetch(`${server.url}/auth/callback`, {
      method: "HEAD",
      redirect: "manual",
    });
    await callback.body?.cancel();
    assert.equal(callback.status, 405);
    assert.equal(callback.headers.get("allow"), "GET");
    // Other methods name GET alone too.
    const put = await fetch(`${server.url}/auth/login`, {
      method: "PUT",
      headers: { Accept: "application/json" },
    });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("allow"), "GET");
    await put.body?.cancel();
    // None of them counted: a GET still starts a sign-in.
    const login = await fetch(`${server.url}/auth/login`, {
      redirect: "manual",
    });
    await login.body?.cancel();
    assert.equal(login.status, 302);
    assert.ok(login.headers.get("set-cookie"), "the state cookie");
  } finally {
    await server.close();
  }
});

Deno.test("HEAD on a dashboard page leaves its one-time account notice for the GET", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "head_notice", "free");
    jar.set("pm3k_signed_out", "Someone");
    const head = await visit(jar, `${server.url}/dashboard`, {
      method: "HEAD",
    });
    await head.body?.cancel();
    assert.equal(head.status, 200);
    assert.equal(jar.get("pm3k_signed_out"), "Someone", "HEAD kept it");
    const get = await visit(jar, `${server.url}/dashboard`);
    const page = await get.text();
    assert.match(page, /Someone/);
    assert.equal(jar.get("pm3k_signed_out"), undefined, "GET took it");
  } finally {
    await server.close();
  }
});
