/**
 * The HTML error pages a browser gets carry the same headers as the JSON
 * errors: `Allow` on a 405, `Retry-After` on a 503 from a busy KV file.
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
