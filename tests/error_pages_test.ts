/**
 * The HTML error pages a browser gets carry the same headers as the JSON
 * errors: `Allow` on a 405, `Retry-After` on a 503 from a busy KV file. And
 * which of the two an error gets follows Accept's q-values and types.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { whileBusy } from "./_helpers/busy_kv.ts";

/** What a browser sends: HTML first. */
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

/** Asserts an HTML error page with `status`; returns its text. */
async function assertErrorPage(res: Response, status: number) {
  const text = await res.text();
  assert.equal(res.status, status, text.slice(0, 200));
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(text, /<html/);
  return text;
}

Deno.test("a dashboard 405 page carries Allow, as the JSON error does", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "page_405", "free");
    const res = await visit(jar, `${server.url}/dashboard/plan`, {
      method: "PUT",
      headers: { Accept: BROWSER_ACCEPT, Origin: server.url },
    });
    assert.equal(res.headers.get("allow"), "POST");
    await assertErrorPage(res, 405);
  } finally {
    await server.close();
  }
});

Deno.test("a dashboard form on a KV file held busy answers a 503 page with Retry-After", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-pages-" });
  const kvPath = `${dataDir}/pm3k.kv`;
  const server = await startTestServer({ env: { KV_PATH: kvPath } });
  try {
    const { jar } = await signIn(server, "page_503", "free");
    const res = await whileBusy(
      kvPath,
      () =>
        visit(jar, `${server.url}/dashboard/plan`, {
          method: "POST",
          headers: {
            Accept: BROWSER_ACCEPT,
            Origin: server.url,
            "Content-Type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ plan: "monthly" }),
        }),
    );
    assert.equal(res.headers.get("retry-after"), "1");
    assert.match(await assertErrorPage(res, 503), /busy/);
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("an error off the API is JSON or a page as Accept's q-values and types say", async () => {
  const server = await startTestServer();
  try {
    const cases: [string | null, "json" | "html"][] = [
      [null, "html"],
      ["*/*", "html"],
      [BROWSER_ACCEPT, "html"],
      ["application/json", "json"],
      ["application/json;q=0", "html"],
      ["application/json; q=0, text/plain", "html"],
      ["text/html;q=0.1, application/json;q=0.9", "json"],
      ["text/html, application/json", "html"],
      ["application/json;q=0.5, text/html;q=0.5", "html"],
      ["APPLICATION/JSON", "json"],
      ["Application/Json;Q=0.9", "json"],
      ["application/problem+json", "json"],
      ["application/json, text/plain, */*", "json"],
    ];
    for (const [accept, want] of cases) {
      const res = await fetch(`${server.url}/no-such-page`, {
        headers: accept === null ? {} : { Accept: accept },
      });
      const text = await res.text();
      assert.equal(res.status, 404, String(accept));
      const type = res.headers.get("content-type") ?? "";
      if (want === "json") {
        assert.match(type, /^application\/json/, String(accept));
        assert.equal(JSON.parse(text).error, "not_found", String(accept));
      } else {
        assert.match(type, /^text\/html/, String(accept));
        assert.match(text, /<html/, String(accept));
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("a mistyped or old page address gets a page in words, a program the route's message", async () => {
  const server = await startTestServer();
  try {
    const page = await fetch(`${server.url}/dashboard/nope/`, {
      headers: { Accept: BROWSER_ACCEPT },
    });
    const text = await assertErrorPage(page, 404);
    assert.match(text, /Page not found/);
    assert.match(
      text,
      /There is no page at (&quot;|")\/dashboard\/nope\/\1: its address may be mistyped or out of date\./,
    );
    assert.doesNotMatch(text, /No route for|GET /);
    const json = await fetch(`${server.url}/dashboard/nope`, {
      headers: { Accept: "application/json" },
    });
    assert.equal(json.status, 404);
    assert.deepEqual(
      { ...await json.json(), request_id: undefined },
      {
        ok: false,
        error: "not_found",
        message: 'No route for GET "/dashboard/nope".',
        request_id: undefined,
      },
    );
  } finally {
    await server.close();
  }
});
