/**
 * The curl scripts of static/examples run against a PM3K test server: they
 * upload, post and poll until done, and schedule, with captions holding
 * quotes, a backslash and a new line; they upload a file in one request, and
 * from a URL.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, publishAtTikTok } from "./_helpers/posting_setup.ts";
import { followWhile } from "./_helpers/follow_while.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { commandOutput } from "./_helpers/server_process.ts";

const examples = new URL("../static/examples/", import.meta.url);
const CAPTION = 'From curl: "quoted", a \\ backslash\nand a second line #pm3k';

function runScript(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return commandOutput(
    "bash",
    [new URL(name, examples).pathname, ...args],
    { env },
  );
}

/**
 * A server whose TikTok app is not audited (TIKTOK_APP_AUDITED=false, the
 * default against real TikTok, docs/posting.md#unaudited-apps): only
 * SELF_ONLY posts, to a private TikTok account. The examples must post on
 * it as they are.
 */
async function unauditedServer() {
  return await startTestServer({ env: { TIKTOK_APP_AUDITED: "false" } });
}

Deno.test("post.sh posts a WebM, declared video/webm, privately on an unaudited app and polls until done, the caption intact", async () => {
  const server = await unauditedServer();
  try {
    const me = await posterFor(server, "curl_poster");
    await me.sandbox({ private_account: true });
    const video = new URL("./fixtures/portrait.webm", import.meta.url).pathname;
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
    const [post] = posts.body.posts as {
      title: string;
      state: string;
      privacy: string;
      publish_id: string;
    }[];
    assert.deepEqual(
      { title: post.title, state: post.state, privacy: post.privacy },
      { title: CAPTION, state: "done", privacy: "SELF_ONLY" },
    );
    assert.equal(
      (await publishAtTikTok(server, post.publish_id)).privacyLevel,
      "SELF_ONLY",
    );
    assert.equal(await me.sandboxPosts(), 1);
    // The upload was declared as the WebM it is, not as an MP4.
    const uploads = await me.json("GET", "/api/uploads");
    const [upload] = uploads.body.uploads as {
      filename: string;
      content_type: string;
    }[];
    assert.deepEqual(
      { filename: upload.filename, content_type: upload.content_type },
      { filename: "portrait.webm", content_type: "video/webm" },
    );
  } finally {
    await server.close();
  }
});

Deno.test("post.sh refuses a file that is not .mp4, .mov or .webm before any request", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "curl_not_video");
    const png = new URL("./fixtures/photo.png", import.meta.url).pathname;
    const run = await runScript("post.sh", [png, "A caption"], {
      PM3K_BASE_URL: server.url,
      PM3K_KEY: me.key,
    });
    assert.equal(run.code, 2, run.out);
    assert.match(
      run.out,
      /post\.sh posts a video file ending \.mp4, \.mov or \.webm; .*photo\.png is none of them/,
    );
    const uploads = await me.json("GET", "/api/uploads");
    assert.deepEqual(uploads.body.uploads, []);
  } finally {
    await server.close();
  }
});

Deno.test("post.sh stops with PM3K's refusal of the upload, posting nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "curl_refused");
    // A landscape video: completion refuses it (vertical 9:16 only).
    const video = new URL("./fixtures/landscape.mp4", import.meta.url).pathname;
    const run = await runScript("post.sh", [video, "A caption"], {
      PM3K_BASE_URL: server.url,
      PM3K_KEY: me.key,
      PM3K_POLL_SECONDS: "0.2",
    });
    assert.equal(run.code, 1, run.out);
    assert.equal(
      run.out.trim(),
      JSON.stringify({
        ok: false,
        error: "bad_request",
        message:
          "The video must be vertical (9:16); this one displays 960×540. Videos are posted as they are, never re-encoded or rotated.",
      }),
    );
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await server.close();
  }
});

Deno.test("schedule.sh schedules a private post on an unaudited app that the jobs list shows", async () => {
  const server = await unauditedServer();
  try {
    const me = await posterFor(server, "curl_scheduler");
    await me.sandbox({ private_account: true });
    const runAt = new Date(server.clock.now() + 3600_000).toISOString();
    const run = await runScript(
      "schedule.sh",
      [await me.uploadVideo(), CAPTION, runAt],
      { PM3K_BASE_URL: server.url, PM3K_KEY: me.key },
    );
    assert.equal(run.code, 0, run.out);
    const jobs = await me.json("GET", "/api/jobs");
    const [job] = jobs.body.jobs as {
      title: string;
      run_at: string;
      privacy: string;
    }[];
    assert.deepEqual(
      { title: job.title, run_at: job.run_at, privacy: job.privacy },
      { title: CAPTION, run_at: runAt, privacy: "SELF_ONLY" },
    );
    // A refusal exits 1 with PM3K's answer, before the list.
    const past = new Date(server.clock.now() - 60_000).toISOString();
    const refused = await runScript(
      "schedule.sh",
      [await me.uploadVideo(), "Another caption", past],
      { PM3K_BASE_URL: server.url, PM3K_KEY: me.key },
    );
    assert.equal(refused.code, 1, refused.out);
    assert.match(
      refused.out.trim(),
      /^\{"ok":false,"error":"bad_request","message":"run_at is in the past/,
    );
    assert.doesNotMatch(refused.out, /"jobs"/);
  } finally {
    await server.close();
  }
});

Deno.test("upload.sh uploads a file in one request and prints its URL", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "curl_uploader");
    const video = new URL("./fixtures/portrait.mp4", import.meta.url).pathname;
    const run = await runScript("upload.sh", [video], {
      PM3K_BASE_URL: server.url,
      PM3K_KEY: me.key,
    });
    assert.equal(run.code, 0, run.out);
    const upload = JSON.parse(run.out);
    assert.equal(upload.state, "complete");
    assert.equal(upload.filename, "portrait.mp4");
    const file = await fetch(upload.url);
    assert.deepEqual(
      new Uint8Array(await file.arrayBuffer()),
      await Deno.readFile(video),
    );
    // A file that is not a video: the script fails, printing why.
    const png = new URL("./fixtures/photo.png", import.meta.url).pathname;
    const refused = await runScript("upload.sh", [png], {
      PM3K_BASE_URL: server.url,
      PM3K_KEY: me.key,
    });
    assert.equal(refused.code, 1, refused.out);
    assert.match(refused.out, /"error":"unsupported_file_type"/);
  } finally {
    await server.close();
  }
});

Deno.test("upload-url.sh has PM3K fetch a URL into an upload", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await apiClientFor(server, "curl_url_uploader");
    const run = await runScript(
      "upload-url.sh",
      [`${source.origin}/drive/uc`],
      {
        PM3K_BASE_URL: server.url,
        PM3K_KEY: me.key,
      },
    );
    assert.equal(run.code, 0, run.out);
    const upload = JSON.parse(run.out);
    assert.equal(upload.state, "complete");
    assert.equal(upload.filename, "holiday clip.mp4");
    assert.equal(upload.content_type, "video/mp4");
  } finally {
    await source.close();
    await server.close();
  }
});

/** The text of the guide's `<pre>` that holds `needle`, as a reader copies it. */
async function guideExample(server: { url: string }, needle: string) {
  const html = await (await fetch(`${server.url}/docs/guide`)).text();
  const pre = [...html.matchAll(/<pre>([\s\S]*?)<\/pre>/g)]
    .map((m) =>
      m[1].replaceAll("&quot;", '"').replaceAll("&#39;", "'")
        .replaceAll("&lt;", "<").replaceAll("&gt;", ">")
        .replaceAll("&amp;", "&")
    )
    .find((text) => text.includes(needle));
  assert.ok(pre, `the guide shows no example with ${needle}`);
  return pre;
}

Deno.test("the guide's curl post, run as written with an upload's url, posts privately on an unaudited app", async () => {
  const server = await unauditedServer();
  try {
    const me = await posterFor(server, "guide_reader");
    await me.sandbox({ private_account: true });
    const example = await guideExample(server, "/api/tiktok/direct_post");
    // The reader puts their upload's url where the guide elides it.
    const placeholder = "…/uploads/…/video.mp4";
    assert.ok(example.includes(placeholder), example);
    const command = example.replace(placeholder, await me.uploadVideo());
    const run = await commandOutput("bash", [
      "-c",
      `curl -sS ${command.replace(/^curl /, "")}`,
    ], { env: { PM3K_KEY: me.key, PATH: Deno.env.get("PATH") ?? "" } });
    assert.equal(run.code, 0, run.out);
    const answer = JSON.parse(run.out);
    assert.equal(answer.ok, true, run.out);
    assert.equal(
      (await publishAtTikTok(server, answer.publish_id)).privacyLevel,
      "SELF_ONLY",
    );
  } finally {
    await server.close();
  }
});

Deno.test("the guide's schedule example names tomorrow at 12:30 UTC, which POST /api/jobs takes", async () => {
  const server = await unauditedServer();
  try {
    const me = await posterFor(server, "guide_scheduler");
    await me.sandbox({ private_account: true });
    const html = await (await fetch(`${server.url}/docs/guide`)).text();
    const runAt = /"run_at": "([^"]+)"/.exec(
      html.replaceAll("&quot;", '"'),
    )?.[1];
    assert.ok(runAt, "the guide shows a run_at");
    const now = new Date(server.clock.now());
    const tomorrow = new Date(now.getTime() + 24 * 3600_000)
      .toISOString().slice(0, 10);
    assert.equal(runAt, `${tomorrow}T12:30:00Z`);
    const job = await me.call("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: runAt,
      source_url: await me.uploadVideo(),
      title: "From the guide",
      privacy: "SELF_ONLY",
    });
    const body = await job.json();
    assert.equal(job.status, 200, JSON.stringify(body));
    assert.equal(body.run_at, new Date(runAt).toISOString());
  } finally {
    await server.close();
  }
});
