/**
 * The curl scripts of static/examples run against a PM3K test server: they
 * upload, post and poll until done, and schedule, with captions holding
 * quotes, a backslash and a new line; upload a file in one request, or
 * have PM3K fetch a URL.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { followWhile } from "./_helpers/follow_while.ts";
import { startSourceServer } from "./_helpers/source_server.ts";

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

Deno.test("upload.sh uploads a file in one request, its name percent-encoded, an image into an album", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir({ prefix: "pm3k-curl-" });
  try {
    const me = await posterFor(server, "curl_uploader");
    const env = { PM3K_BASE_URL: server.url, PM3K_KEY: me.key };
    // A name with a space, an accent and brackets must reach PM3K intact.
    const video = `${dir}/my vidéo (1).mp4`;
    await Deno.copyFile(
      new URL("./fixtures/portrait.mp4", import.meta.url),
      video,
    );
    const run = await runScript("upload.sh", [video], env);
    assert.equal(run.code, 0, run.out);
    const answer = JSON.parse(run.out);
    const listed = await me.json("GET", `/api/uploads/${answer.upload_id}`);
    assert.deepEqual(
      [
        listed.body.filename,
        listed.body.kind,
        listed.body.size,
        listed.body.url,
      ],
      ["my vidéo (1).mp4", "video", (await Deno.stat(video)).size, answer.url],
    );

    const album = await me.json("POST", "/api/albums");
    const photo = new URL("./fixtures/photo1.jpg", import.meta.url).pathname;
    const image = await runScript(
      "upload.sh",
      [photo, String(album.body.album_id)],
      env,
    );
    assert.equal(image.code, 0, image.out);
    const withImage = await me.json(
      "GET",
      `/api/albums/${album.body.album_id}`,
    );
    assert.deepEqual(withImage.body.photo_images, [JSON.parse(image.out).url]);

    // A refusal: the answer is printed and the script fails.
    const text = `${dir}/notes.mp4`;
    await Deno.writeTextFile(text, "not a video at all");
    const refused = await runScript("upload.sh", [text], env);
    assert.equal(refused.code, 1, refused.out);
    assert.equal(JSON.parse(refused.out).error, "unsupported_file_type");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("upload-url.sh has PM3K fetch a URL into its storage; the upload posts", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "curl_url_uploader");
    const env = { PM3K_BASE_URL: server.url, PM3K_KEY: me.key };
    const run = await runScript(
      "upload-url.sh",
      [`${source.origin}/video.mp4`],
      env,
    );
    assert.equal(run.code, 0, run.out);
    const answer = JSON.parse(run.out);
    assert.ok(source.hits.includes("/video.mp4"), "PM3K fetched the URL");
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: answer.url,
      title: "Fetched by PM3K",
      privacy: "SELF_ONLY",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));

    const missing = await runScript(
      "upload-url.sh",
      [`${source.origin}/nothing-here.mp4`],
      env,
    );
    assert.equal(missing.code, 1, missing.out);
    assert.equal(JSON.parse(missing.out).ok, false);
  } finally {
    await source.close();
    await server.close();
  }
});
