/**
 * The curl scripts of static/examples run against a PM3K test server: they
 * upload, post and poll until done, and schedule, with captions holding
 * quotes, a backslash and a new line.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { followWhile } from "./_helpers/follow_while.ts";

const examples = new URL("../static/examples/", import.meta.url);
const CAPTION = 'From curl: "quoted", a \\ backslash\nand a second line #pm3k';

function runScript(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Deno.Command("bash", {
    args: [new URL(name, examples).pathname, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
  }).output().then(({ code, stdout, stderr }) => ({
    code,
    out: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr),
  }));
}

Deno.test("post.sh uploads, posts and polls until done, the caption intact", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "curl_poster");
    const video = new URL("./fixtures/portrait.mp4", import.meta.url).pathname;
    const run = await followWhile(
      server,
      runScript("post.sh", [video, CAPTION], {
        PM3K_BASE_URL: server.url,
        PM3K_KEY: me.key,
        PM3K_POLL_SECONDS: "0.2",
      }),
    );
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /"state":"done"/);
    const posts = await me.json("GET", "/api/tiktok/posts");
    const [post] = posts.body.posts as { title: string; state: string }[];
    assert.deepEqual({ title: post.title, state: post.state }, {
      title: CAPTION,
      state: "done",
    });
    assert.equal(await me.sandboxPosts(), 1);
  } finally {
    await server.close();
  }
});

Deno.test("schedule.sh schedules a post that the jobs list shows", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "curl_scheduler");
    const runAt = new Date(server.clock.now() + 3600_000).toISOString();
    const run = await runScript(
      "schedule.sh",
      [await me.uploadVideo(), CAPTION, runAt],
      { PM3K_BASE_URL: server.url, PM3K_KEY: me.key },
    );
    assert.equal(run.code, 0, run.out);
    const jobs = await me.json("GET", "/api/jobs");
    const [job] = jobs.body.jobs as { title: string; run_at: string }[];
    assert.deepEqual({ title: job.title, run_at: job.run_at }, {
      title: CAPTION,
      run_at: runAt,
    });
  } finally {
    await server.close();
  }
});
