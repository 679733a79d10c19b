/**
 * Runs Cloudflare's local R2 (miniflare) in its own process for
 * r2_emulator.ts: prints the origin on the first line of stdout, stops when
 * stdin closes. Its own process because miniflare leaves timers and ports
 * behind after dispose(), which Deno's test sanitizers count as leaks.
 * Run with tests/deno.json, so only tests/deno.lock lists miniflare: `deno
 * install` (Deploy's install step) and a first start, which set up what
 * deno.lock lists, leave out its 190 MB (workerd, sharp)
 * (docs/testing.md#first-start).
 */
import { Miniflare } from "npm:miniflare@^4.20260730.0";

const [bucket, accessKeyId, secretAccessKey, ...siteHostnames] = Deno.args;

// The Worker lists the bucket through its R2 binding, so tests can see what
// is stored without going through the S3 API under test.
const worker = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/keys") return new Response(null, { status: 404 });
    const keys = [];
    let cursor;
    do {
      const page = await env.MEDIA.list({ prefix: url.searchParams.get("prefix") ?? "", cursor });
      keys.push(...page.objects.map((o) => o.key));
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return Response.json(keys.sort());
  },
};`;

const mf = new Miniflare({
  modules: true,
  script: worker,
  r2Buckets: {
    MEDIA: { id: bucket, s3Credentials: { accessKeyId, secretAccessKey } },
  },
  // Miniflare refuses browser requests from other sites to its /cdn-cgi/
  // paths (403 "Invalid Origin header") unless the site is one of the
  // Worker's routes.
  routes: siteHostnames.map((h) => `${h}/*`),
  r2Persist: false,
  host: "127.0.0.1",
  port: 0,
});
console.log((await mf.ready).origin);
// Stop when the test closes our stdin (or dies).
for await (const _ of Deno.stdin.readable) { /* drain */ }
await mf.dispose();
