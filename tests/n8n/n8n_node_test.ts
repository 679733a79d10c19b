/**
 * The PM3K n8n node (integrations/n8n-nodes-pm3k), built from its sources
 * and run in the real n8n that tests/n8n/install_n8n.sh installs (ignored
 * when it is not there), against PM3K on loopback with the sandbox TikTok:
 * loaded through N8N_CUSTOM_EXTENSIONS it uploads a binary file, posts it
 * and waits until done, sends a refusal with PM3K's code and message to the
 * error output, sends a draft (done once in the creator's TikTok inbox, only
 * the draft's options sent), does every other operation, and lists posts
 * (50 by default, Limit, Return All across pages); installed as a
 * community package it runs the n8n-pm3k-node.json template
 * (docs/workflows.md#the-native-n8n-node).
 */
import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { ulid } from "ulid";
import { startTestServer } from "../_helpers/test_server.ts";
import type { TestServer } from "../_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  postsOf,
  publishAtTikTok,
} from "../_helpers/posting_setup.ts";
import type { Poster } from "../_helpers/posting_setup.ts";
import { followWhile } from "../_helpers/follow_while.ts";
import { startSourceServer } from "../_helpers/source_server.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { importInto, n8n, n8nInstalled, startN8nServer } from "./n8n_cli.ts";
import type { N8nServer, N8nWorkflow } from "./n8n_cli.ts";
import { customExtensionsFrom } from "./pm3k_node_build.ts";
import {
  builtNode,
  chain,
  CREDENTIAL,
  execute,
  importCredential,
  node,
  noOp,
  only,
  pm3k,
  start,
} from "./pm3k_node_workflows.ts";

const fixture = (name: string) =>
  new URL(`../fixtures/${name}`, import.meta.url).pathname;
const TEMPLATE = new URL(
  "../../static/examples/n8n-pm3k-node.json",
  import.meta.url,
);
/**
 * Makes the node loadable by the n8n of user folder `home` (`load`), and
 * gives that n8n `me`'s PM3K credential; the environment n8n then needs.
 */
async function withCredential(
  server: TestServer,
  me: Poster,
  home: string,
  load: (home: string) => Promise<Record<string, string>>,
): Promise<Record<string, string>> {
  const env = await load(home);
  await importCredential(server, me, home, env);
  return env;
}

/** Self-hosting: the built dist in an N8N_CUSTOM_EXTENSIONS folder. */
const viaCustomExtensions = async (home: string) => ({
  N8N_CUSTOM_EXTENSIONS: await customExtensionsFrom(await builtNode(), home),
});

/** Where n8n's community-node install puts an npm package. */
async function asCommunityPackage(home: string) {
  const pkg = await builtNode();
  const target = `${home}/.n8n/nodes/node_modules/n8n-nodes-pm3k`;
  await cp(`${pkg}/dist`, `${target}/dist`, { recursive: true });
  await cp(`${pkg}/package.json`, `${target}/package.json`);
  return {};
}

const readFiles = (name: string, selector: string) =>
  node(name, "n8n-nodes-base.readWriteFile", {
    fileSelector: selector,
    options: {},
  });
/** An hour after the last post, another one through the API, now. */
async function postAnHourLater(server: TestServer, me: Poster) {
  server.clock.advance(61 * 60_000);
  const posted = await directPost(me, {
    source_url: await me.uploadVideo("elsewhere.mp4"),
    title: "Posted from elsewhere",
    privacy: "SELF_ONLY",
  });
  const answer = await posted.text();
  assert.equal(posted.status, 200, answer);
}

Deno.test({
  name:
    "the PM3K node in a real n8n: binary file → Upload → Post video → Wait for result → done; an interval_limit refusal reaches the error output with PM3K's message",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_node_poster");
      const env = await withCredential(server, me, home, viaCustomExtensions);
      const caption = 'Posted by the PM3K node: "quoted" and\na new line';
      await importInto(home, "workflow", [
        chain("pm3kNodePost0001", [
          start(),
          readFiles("Video file", fixture("portrait.mp4")),
          pm3k("Upload", { operation: "upload" }),
          pm3k("Post video", {
            operation: "postVideo",
            title: caption,
            privacy: "SELF_ONLY",
          }),
          pm3k("Wait for result", {
            operation: "waitForResult",
            pollSeconds: 3,
            maxWaitSeconds: 120,
          }),
        ]),
        chain(
          "pm3kNodeRefused1",
          [
            start(),
            readFiles("Video file", fixture("portrait.mp4")),
            pm3k("Upload", { operation: "upload" }),
            pm3k("Post video", {
              operation: "postVideo",
              title: "A second post within the hour",
              privacy: "SELF_ONLY",
            }, { onError: "continueErrorOutput" }),
            noOp("Posted"),
            noOp("Refused"),
          ],
          {
            "Post video": {
              main: [[{ node: "Posted" }], [{ node: "Refused" }]],
            },
          },
        ),
      ], env);

      const out = await execute(server, home, "pm3kNodePost0001", env);
      const upload = only(out["Upload"][0]);
      assert.equal(upload.ok, true);
      assert.equal(
        upload.size,
        (await Deno.stat(fixture("portrait.mp4"))).size,
      );
      const posted = only(out["Post video"][0]);
      const result = only(out["Wait for result"][0]);
      assert.deepEqual([result.state, result.status], [
        "done",
        "PUBLISH_COMPLETE",
      ]);
      const [post] = await postsOf(me);
      assert.deepEqual(
        [post.publish_id, post.title, post.state, post.source_urls],
        [posted.publish_id, caption, "done", [upload.url]],
      );
      const atTikTok = await publishAtTikTok(server, posted.publish_id);
      assert.equal(atTikTok.privacyLevel, "SELF_ONLY");
      assert.equal(await me.sandboxPosts(), 1);

      // An hour later a post is made (through the API here), and the
      // workflow posts within the same hour: PM3K refuses it with 429
      // interval_limit; "continue on fail" sends it to the error output.
      // (The clock stays still meanwhile, so the hour is not over.)
      await postAnHourLater(server, me);
      const inits = await initsAtTikTok(server, me);
      const refused = await execute(server, home, "pm3kNodeRefused1", env, {
        follow: false,
      });
      assert.deepEqual(refused["Post video"][0], []);
      const failure = only(refused["Post video"][1]);
      assert.equal(failure.error, "interval_limit");
      assert.match(
        String(failure.message),
        /^You must wait about \d+ more minutes before next TikTok post\.$/,
      );
      assert.equal(only(refused["Refused"][0]).error, "interval_limit");
      assert.equal(
        refused["Posted"],
        undefined,
        "the main output stayed empty",
      );
      assert.equal(
        await initsAtTikTok(server, me),
        inits,
        "nothing more was posted",
      );
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the PM3K node in a real n8n sends a draft: Post Mode Draft → Wait for result → done at SEND_TO_USER_INBOX, without the direct-post options, its Idempotency-Key replayed",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_node_drafter");
      const env = await withCredential(server, me, home, viaCustomExtensions);
      const caption = "A draft from the PM3K node";
      const draft = (parameters: Record<string, unknown>) =>
        pm3k("Post video", {
          operation: "postVideo",
          title: caption,
          postMode: "MEDIA_UPLOAD",
          // Interaction and ad options set before switching to Draft stay
          // in the stored parameters; the draft's Options do not show them,
          // so they are not sent (PM3K would refuse them with 400).
          postOptions: {
            idempotencyKey: "n8n-draft-1",
            disable_comment: true,
            is_ad: true,
            brand: "Acme",
          },
          ...parameters,
        });
      await importInto(
        home,
        "workflow",
        chain("pm3kNodeDraft001", [
          start(),
          readFiles("Video file", fixture("portrait.mp4")),
          pm3k("Upload", { operation: "upload" }),
          draft({}),
          pm3k("Wait for result", {
            operation: "waitForResult",
            pollSeconds: 3,
            maxWaitSeconds: 120,
          }),
        ]),
        env,
      );
      const out = await execute(server, home, "pm3kNodeDraft001", env);
      const upload = only(out["Upload"][0]);
      const posted = only(out["Post video"][0]);
      const result = only(out["Wait for result"][0]);
      assert.deepEqual(
        [result.state, result.status, result.post_mode],
        ["done", "SEND_TO_USER_INBOX", "MEDIA_UPLOAD"],
      );
      const atTikTok = await publishAtTikTok(server, posted.publish_id);
      assert.equal(atTikTok.mode, "MEDIA_UPLOAD");
      assert.deepEqual(atTikTok.postInfo, {}, "inbox init takes no post_info");
      const [post] = await postsOf(me);
      assert.deepEqual(
        [post.publish_id, post.title, post.post_mode, post.state, post.status],
        [
          posted.publish_id,
          caption,
          "MEDIA_UPLOAD",
          "done",
          "SEND_TO_USER_INBOX",
        ],
      );
      assert.equal(await me.sandboxPosts(), 0, "nothing published by itself");

      // The draft's Options keep the Idempotency-Key: the same draft sent
      // again within the hour (the clock stays still) replays the first
      // answer instead of an interval_limit refusal or a second draft.
      const inits = await initsAtTikTok(server, me);
      await importInto(
        home,
        "workflow",
        chain("pm3kNodeDraft002", [start(), draft({ sourceUrl: upload.url })]),
        env,
      );
      const again = await execute(server, home, "pm3kNodeDraft002", env, {
        follow: false,
      });
      assert.equal(only(again["Post video"][0]).publish_id, posted.publish_id);
      assert.equal(await initsAtTikTok(server, me), inits, "no second draft");
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the PM3K node in a real n8n: album, photo post, status, upload from a URL, schedule, limits and posts",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const source = await startSourceServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_node_operator");
      const env = await withCredential(server, me, home, viaCustomExtensions);
      const runAt = new Date(server.clock.now() + 2 * 3600_000).toISOString();
      await importInto(
        home,
        "workflow",
        chain("pm3kNodeOps00001", [
          start(),
          pm3k("Create album", { operation: "createAlbum" }),
          // Two images: two items, each uploaded into the album.
          readFiles("Images", fixture("photo[23].*")),
          pm3k("Upload images", {
            operation: "upload",
            uploadOptions: {
              albumId: "={{ $('Create album').first().json.album_id }}",
            },
          }),
          // Once for the album, not once per image.
          pm3k("Post photos", {
            operation: "postPhotos",
            albumId: "={{ $('Create album').first().json.album_id }}",
            title: "Two photos from n8n",
            privacy: "PUBLIC_TO_EVERYONE",
            photoOptions: { photo_cover_index: 1 },
          }, { executeOnce: true }),
          pm3k("Get status", { operation: "getStatus" }),
          pm3k("Upload from URL", {
            operation: "upload",
            uploadSource: "url",
            fileUrl: `${source.origin}/video.mp4`,
          }),
          pm3k("Schedule", {
            operation: "schedule",
            title: "Scheduled from n8n",
            privacy: "SELF_ONLY",
            runAt,
          }),
          pm3k("Get limits", { operation: "getLimits" }),
          pm3k("List posts", { operation: "listPosts" }),
        ]),
        env,
      );
      // Binary data in files, as n8n stores large ones: the node streams.
      const out = await execute(server, home, "pm3kNodeOps00001", {
        ...env,
        N8N_DEFAULT_BINARY_DATA_MODE: "filesystem",
      });

      const album = only(out["Create album"][0]);
      const images = out["Upload images"][0].map((i) => i.json);
      assert.deepEqual(images.map((i) => i.album_id), [
        album.album_id,
        album.album_id,
      ]);
      const photos = only(out["Post photos"][0]);
      const atTikTok = await publishAtTikTok(server, photos.publish_id);
      assert.deepEqual(
        [atTikTok.kind, atTikTok.urls.length, atTikTok.privacyLevel],
        ["photo", 2, "PUBLIC_TO_EVERYONE"],
      );
      const status = only(out["Get status"][0]);
      assert.equal(status.ok, true);
      assert.ok(["pending", "done"].includes(String(status.state)));
      const fromUrl = only(out["Upload from URL"][0]);
      assert.equal(fromUrl.kind, "video");
      assert.ok(source.hits.includes("/video.mp4"), "PM3K fetched the URL");
      const job = only(out["Schedule"][0]);
      assert.deepEqual([job.state, job.run_at], ["scheduled", runAt]);
      const jobs = await me.json("GET", "/api/jobs");
      const [listed] = jobs.body.jobs as Record<string, unknown>[];
      assert.deepEqual(
        [listed.job_id, listed.source_url, listed.title],
        [job.job_id, fromUrl.url, "Scheduled from n8n"],
      );
      const limits = only(out["Get limits"][0]);
      const now = await me.json("GET", "/api/limits");
      for (const key of ["posts_left_today", "uploads_left_today"]) {
        assert.equal(limits[key], now.body[key], key);
      }
      const posts = out["List posts"][0].map((i) => i.json);
      assert.deepEqual(
        posts.map((p) => [p.publish_id, p.kind]),
        [[photos.publish_id, "photo"]],
      );
    } finally {
      await source.close();
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

/**
 * `count` posts more for `me`, written straight into KV as copies of its
 * one real post, each a minute older than the one before (so listed after
 * it): the hourly limit allows one post an hour through the API. Answers
 * every post id, newest first.
 */
async function seedOlderPosts(
  server: TestServer,
  me: Poster,
  count: number,
): Promise<string[]> {
  const [real] = await postsOf(me);
  const post = (await getTyped(server.kv, keys.post(String(real.post_id))))
    .value!;
  const ids = [post.id];
  for (let k = 0; k < count; k += 20) {
    const batch = server.kv.atomic();
    for (let n = k; n < Math.min(k + 20, count); n++) {
      const at = post.createdAt - (n + 1) * 60_000;
      const id = ulid(at);
      batch.set(keys.post(id), {
        ...post,
        id,
        publishId: `seeded_${n}`,
        title: `Seeded post ${n}`,
        createdAt: at,
        updatedAt: at,
      }).set(keys.postByAccount(me.openId, id), id);
      ids.push(id);
    }
    assert.ok((await batch.commit()).ok);
  }
  return ids;
}

Deno.test({
  name:
    "the PM3K node in a real n8n lists posts: 50 by default, Limit 3, Limit 120 over two pages, Return All across every page",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_node_lister");
      const env = await withCredential(server, me, home, viaCustomExtensions);
      const posted = await directPost(me, {
        source_url: await me.uploadVideo(),
        title: "The one real post",
        privacy: "SELF_ONLY",
      });
      const answer = await posted.text();
      assert.equal(posted.status, 200, answer);
      // 200: two full pages of 100, then an empty one ends Return All.
      const ids = await seedOlderPosts(server, me, 199);
      assert.equal(ids.length, 200);

      const list = (name: string, parameters: Record<string, unknown>) =>
        pm3k(name, { operation: "listPosts", ...parameters }, {
          // Once, not once per post listed by the node before.
          executeOnce: true,
        });
      await importInto(
        home,
        "workflow",
        chain("pm3kNodeList0001", [
          start(),
          // As a workflow made before Return All and Limit: their defaults.
          pm3k("Default", { operation: "listPosts" }),
          list("Limit 3", { returnAll: false, limit: 3 }),
          list("Limit 120", { limit: 120 }),
          list("Return all", { returnAll: true, limit: 3 }),
        ]),
        env,
      );
      const listCalls = () =>
        server.logs.filter((l) => l.path === "/api/tiktok/posts").length;
      const before = listCalls();
      const out = await execute(server, home, "pm3kNodeList0001", env, {
        follow: false,
      });
      const listed = (name: string) =>
        out[name][0].map((item) => String(item.json.post_id));

      assert.deepEqual(listed("Default"), ids.slice(0, 50));
      assert.deepEqual(listed("Limit 3"), ids.slice(0, 3));
      assert.deepEqual(listed("Limit 120"), ids.slice(0, 120));
      assert.deepEqual(listed("Return all"), ids);
      const first = out["Default"][0][0].json;
      assert.deepEqual(
        [first.publish_id, first.title, first.kind],
        [JSON.parse(answer).publish_id, "The one real post", "video"],
      );
      // One page each for Default and Limit 3; 100 + 20 for Limit 120;
      // 100 + 100 + an empty last page (cursor null) for Return All.
      assert.equal(listCalls() - before, 1 + 1 + 2 + 3);
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the n8n template with the PM3K node, installed as a community package, imports unchanged and runs: done, then a refusal stops on its error branch with PM3K's message",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_node_template");
      const env = await withCredential(server, me, home, asCommunityPackage);
      const template = JSON.parse(
        await Deno.readTextFile(TEMPLATE),
      ) as N8nWorkflow;
      await importInto(home, "workflow", {
        ...template,
        id: "pm3kTemplNode001",
      }, env);
      const exported = await n8n(home, [
        "export:workflow",
        "--id=pm3kTemplNode001",
        `--output=${home}/export.json`,
      ], env);
      assert.equal(exported.code, 0, exported.out);
      const [back] = JSON.parse(
        await Deno.readTextFile(`${home}/export.json`),
      ) as N8nWorkflow[];
      const shape = (w: N8nWorkflow) =>
        w.nodes.map((n) => [n.name, n.type, n.parameters, n.onError]);
      assert.deepEqual(shape(back), shape(template));
      assert.deepEqual(back.connections, template.connections);

      const runnable = (title: string) => ({
        ...template,
        id: "pm3kTemplNode002",
        nodes: template.nodes.map((n) => ({
          ...n,
          parameters: n.name === "Video file"
            ? { ...n.parameters, fileSelector: fixture("portrait.mp4") }
            : n.name === "Post video"
            ? { ...n.parameters, title }
            // 3 s between polls instead of 15 s: the same loop.
            : n.name === "Wait for result"
            ? { ...n.parameters, pollSeconds: 3, maxWaitSeconds: 120 }
            : n.parameters,
          ...(n.credentials ? { credentials: CREDENTIAL } : {}),
        })),
      });
      await importInto(home, "workflow", runnable("From the template"), env);
      const run = await followWhile(
        server,
        n8n(home, ["execute", "--id=pm3kTemplNode002"], env),
      );
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, /Execution was successful/);
      const [post] = await postsOf(me);
      assert.deepEqual([post.title, post.state], ["From the template", "done"]);
      assert.equal(await me.sandboxPosts(), 1);

      // A post made an hour later elsewhere: the template's next post
      // comes within that hour (the clock stays still meanwhile).
      await postAnHourLater(server, me);
      const inits = await initsAtTikTok(server, me);
      await importInto(home, "workflow", runnable("Too soon"), env);
      const refused = await n8n(
        home,
        ["execute", "--id=pm3kTemplNode002"],
        env,
      );
      assert.notEqual(refused.code, 0, refused.out);
      assert.match(
        refused.out,
        /interval_limit: You must wait about \d+ more minutes before next TikTok post\./,
      );
      assert.equal(
        await initsAtTikTok(server, me),
        inits,
        "nothing more was posted",
      );
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the pm3kApi credential's test in a real n8n calls GET /api/me: a good key passes, a wrong one fails",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    let editor: N8nServer | undefined;
    try {
      editor = await startN8nServer(home, await viaCustomExtensions(home));
      const rest = editor.rest;
      const me = await posterFor(server, "n8n_credential_user");
      /** Saves a pm3kApi credential, then runs n8n's "Test" on it. */
      const testCredential = async (apiKey: string) => {
        const data = { baseUrl: `${server.url}/`, apiKey };
        const saved = await rest("POST", "/rest/credentials", {
          name: `PM3K ${apiKey.slice(0, 9)}`,
          type: "pm3kApi",
          data,
        });
        assert.equal(saved.status, 200);
        const { id } = (await saved.json()).data;
        const tested = await rest("POST", "/rest/credentials/test", {
          credentials: { id, name: "PM3K", type: "pm3kApi", data },
        });
        assert.equal(tested.status, 200);
        return (await tested.json()).data as { status: string };
      };
      const meCalls = () =>
        server.logs.filter((l) => l.path === "/api/me").map((l) => l.status);

      assert.equal((await testCredential(me.key)).status, "OK");
      assert.deepEqual(meCalls(), [200]);
      assert.equal((await testCredential("pm3k_wrong")).status, "Error");
      assert.ok(
        meCalls().length > 1 && meCalls().slice(1).every((s) => s === 401),
      );
    } finally {
      await editor?.close();
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
