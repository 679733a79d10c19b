/**
 * The typed TypeScript client (clients/typescript): its committed types are
 * those of the OpenAPI document the app builds, and its example uploads a
 * video, posts it and waits until TikTok is done, against a PM3K test
 * server with the sandbox TikTok (docs/api.md#typescript-client).
 */
import assert from "node:assert/strict";
import { generateClientTypes, SCHEMA_FILE } from "../tasks/client_types.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  posterFor,
  postsOf,
  publishAtTikTok,
} from "./_helpers/posting_setup.ts";
import { followWhile } from "./_helpers/follow_while.ts";
import { commandOutput } from "./_helpers/server_process.ts";
import {
  createPm3kClient,
  Pm3kError,
} from "../clients/typescript/src/client.ts";
import { TESTS_CONFIG } from "./_helpers/tests_config.ts";

const EXAMPLE = new URL(
  "../clients/typescript/examples/upload_and_post.ts",
  import.meta.url,
).pathname;
const VIDEO = new URL("./fixtures/portrait.mp4", import.meta.url).pathname;

function runExample(
  server: TestServer,
  key: string,
  args: string[],
): Promise<{ code: number; out: string }> {
  return commandOutput(Deno.execPath(), [
    "run",
    "-A",
    "--config",
    TESTS_CONFIG,
    EXAMPLE,
    ...args,
  ], {
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      PM3K_BASE_URL: server.url,
      PM3K_KEY: key,
      PM3K_POLL_SECONDS: "3",
      NO_COLOR: "1",
    },
  });
}

Deno.test("the TypeScript client's committed types are those of the current OpenAPI document", async () => {
  const committed = await Deno.readTextFile(SCHEMA_FILE);
  assert.ok(
    committed === await generateClientTypes(),
    "clients/typescript/src/schema.d.ts is stale: run `deno task client-types`",
  );
});

Deno.test("the TypeScript client's example uploads, posts and waits until done; a refusal names its code", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "ts_client_user");
    const caption = 'From the typed client: "quoted" #pm3k';
    const run = await followWhile(
      server,
      runExample(server, me.key, [VIDEO, caption, "SELF_ONLY"]),
    );
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /^uploaded: http/m);
    assert.match(run.out, /^TikTok: PUBLISH_COMPLETE \(done\)$/m);
    const [post] = await postsOf(me);
    assert.deepEqual([post.title, post.state], [caption, "done"]);
    const sent = await publishAtTikTok(server, post.publish_id);
    assert.equal(sent.privacyLevel, "SELF_ONLY");
    assert.equal(await me.sandboxPosts(), 1);

    const refused = await runExample(server, me.key, [
      VIDEO,
      "see www.example.com",
      "SELF_ONLY",
    ]);
    assert.equal(refused.code, 1, refused.out);
    assert.match(
      refused.out,
      /^links_forbidden: Links are not allowed in TikTok captions/m,
    );
    assert.equal(await me.sandboxPosts(), 1, "nothing more was posted");

    // posts() pages as the API does.
    const client = createPm3kClient({ baseUrl: server.url, apiKey: me.key });
    const first = await client.posts({ limit: 1 });
    assert.deepEqual(
      [first.posts.length, first.posts[0].title],
      [1, caption],
    );
    // A full page has a cursor; the page after the only post is empty.
    const next = await client.posts({ limit: 1, cursor: first.cursor! });
    assert.deepEqual([next.posts.length, next.cursor], [0, null]);
    await assert.rejects(
      () => client.posts({ limit: 0 }),
      (e: Pm3kError) => e.code === "bad_request" && e.status === 400,
    );
    // postStats() answers as the API does: a private post has no counts.
    const counts = await client.postStats(first.posts[0].post_id);
    assert.equal(counts.stats, null);
    assert.match(String(counts.unavailable), /public posts only/);
    await assert.rejects(
      () => client.postStats("nope"),
      (e: Pm3kError) => e.code === "not_found" && e.status === 404,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the client's Pm3kError.code is http_<status> for a proxy's page, as the n8n node's code is", async () => {
  // A reverse proxy in front of PM3K answering its own 502 page.
  const proxy = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () =>
      new Response("<html><body>502 Bad Gateway</body></html>", {
        status: 502,
        headers: { "Content-Type": "text/html" },
      }),
  );
  try {
    const client = createPm3kClient({
      baseUrl: `http://127.0.0.1:${proxy.addr.port}`,
      apiKey: "pm3k_test",
    });
    await assert.rejects(
      () => client.me(),
      (e: Pm3kError) =>
        e instanceof Pm3kError && e.code === "http_502" && e.status === 502,
    );
  } finally {
    await proxy.shutdown();
  }
});
