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
import { ulid } from "ulid";
import type { TestServer } from "../_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  postsOf,
  publishAtTikTok,
} from "../_helpers/posting_setup.ts";
import type { Poster } from "../_helpers/posting_setup.ts";
import { followAMinuteLater, followWhile } from "../_helpers/follow_while.ts";
import { startSourceServer } from "../_helpers/source_server.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import {
  executeFailing,
  importInto,
  n8n,
  n8nInstalled,
  startN8nServer,
} from "./n8n_cli.ts";
import type { N8nWorkflow } from "./n8n_cli.ts";
import {
  asCommunityPackage,
  chain,
  execute,
  fixturePath as fixture,
  importAndExecute,
  importUnchanged,
  noOp,
  only,
  pm3k,
  postVideo,
  readFiles,
  runnableTemplate,
  start,
  testCredential,
  uploadFromUrl,
  waitForResult,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const TEMPLATE = new URL(
  "../../static/examples/n8n-pm3k-node.json",
  import.meta.url,
);

/** The start of a workflow posting the fixture video: read, then uploaded. */
const uploadedVideo = () => [
  start(),
  readFiles("Video file", fixture("portrait.mp4")),
  pm3k("Upload", { operation: "upload" }),
];

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
    await withNodeInN8n(
      "n8n_node_poster",
      {},
      async ({ server, me, home, env }) => {
        const caption = 'Posted by the PM3K node: "quoted" and\na new line';
        await importInto(home, "workflow", [
          chain("pm3kNodePost0001", [
            ...uploadedVideo(),
            postVideo("Post video", undefined, caption),
            waitForResult("Wait for result"),
          ]),
          chain(
            "pm3kNodeRefused1",
            [
              ...uploadedVideo(),
              postVideo(
                "Post video",
                undefined,
                "A second post within the hour",
                { onError: "continueErrorOutput" },
              ),
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
      },
    );
  },
});

Deno.test({
  name:
    "the PM3K node in a real n8n sends a draft: Post Mode Draft → Wait for result → done at SEND_TO_USER_INBOX, without the direct-post options, its Idempotency-Key replayed",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_node_drafter", {}, async (run) => {
      const { server, me } = run;
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
      const out = await importAndExecute(
        run,
        chain("pm3kNodeDraft001", [
          ...uploadedVideo(),
          draft({}),
          waitForResult("Wait for result"),
        ]),
      );
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
      const again = await importAndExecute(
        run,
        chain("pm3kNodeDraft002", [start(), draft({ sourceUrl: upload.url })]),
        { follow: false },
      );
      assert.equal(only(again["Post video"][0]).publish_id, posted.publish_id);
      assert.equal(await initsAtTikTok(server, me), inits, "no second draft");
    });
  },
});

Deno.test({
  name:
    "the PM3K node in a real n8n: album, photo post, status, upload from a URL, schedule, limits and posts",
  ignore: !n8nInstalled,
  async fn() {
    const source = await startSourceServer();
    try {
      await withNodeInN8n("n8n_node_operator", {}, async (run) => {
        const { server, me } = run;
        // A day on: the run follows publishes a simulated minute every 250
        // ms, so a loaded machine moves the clock over an hour before the
        // Schedule step, and a time two hours on met the photo post's hour.
        const runAt = new Date(server.clock.now() + 24 * 3600_000)
          .toISOString();
        // Binary data in files, as n8n stores large ones: the node streams.
        const out = await importAndExecute(
          run,
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
            uploadFromUrl("Upload from URL", `${source.origin}/video.mp4`),
            pm3k("Schedule", {
              operation: "schedule",
              title: "Scheduled from n8n",
              privacy: "SELF_ONLY",
              runAt,
            }),
            pm3k("Get limits", { operation: "getLimits" }),
            pm3k("List posts", { operation: "listPosts" }),
          ]),
          { env: { N8N_DEFAULT_BINARY_DATA_MODE: "filesystem" } },
        );

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
        // Sent with the run's Idempotency-Key: Retry On Fail after a lost
        // answer gets this upload, not a second copy.
        const copies = [];
        for await (
          const e of server.kv.list<{ route?: string; state: string }>({
            prefix: keys.idempotencyPrefix(me.openId),
          })
        ) {
          if (e.value.route === "POST /api/uploads/from_url") copies.push(e);
        }
        assert.equal(copies.length, 1);
        assert.match(String(copies[0].key.at(-1)), /^n8n-/);
        assert.equal(copies[0].value.state, "done");
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
      });
    } finally {
      await source.close();
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
    await withNodeInN8n("n8n_node_lister", {}, async (run) => {
      const { server, me } = run;
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
      const workflow = chain("pm3kNodeList0001", [
        start(),
        // As a workflow made before Return All and Limit: their defaults.
        pm3k("Default", { operation: "listPosts" }),
        list("Limit 3", { returnAll: false, limit: 3 }),
        list("Limit 120", { limit: 120 }),
        list("Return all", { returnAll: true, limit: 3 }),
      ]);
      const listCalls = () =>
        server.logs.filter((l) => l.path === "/api/tiktok/posts").length;
      const before = listCalls();
      const out = await importAndExecute(run, workflow, { follow: false });
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
    });
  },
});

Deno.test({
  name:
    "the n8n template with the PM3K node, installed as a community package, imports unchanged and runs against PM3K whose TikTok app is not audited (the default): done Only me, then a refusal stops on its error branch with PM3K's message",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_node_template", {
      load: asCommunityPackage,
      // Every new TikTok app is unaudited: the template works there as it is.
      env: { TIKTOK_APP_AUDITED: "false" },
    }, async ({ server, me, home, env }) => {
      // An unaudited app posts only to private TikTok accounts.
      await me.sandbox({ private_account: true });
      const template = JSON.parse(
        await Deno.readTextFile(TEMPLATE),
      ) as N8nWorkflow;
      await importUnchanged(home, template, "pm3kTemplNode001", env);

      const runnable = (title: string) =>
        runnableTemplate(template, "pm3kTemplNode002", {
          "Video file": (p) => ({
            ...p,
            fileSelector: fixture("portrait.mp4"),
          }),
          "Post video": (p) => ({ ...p, title }),
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
      const atTikTok = await publishAtTikTok(server, post.publish_id);
      assert.equal(atTikTok.privacyLevel, "SELF_ONLY");

      // A post made an hour later elsewhere: the template's next post
      // comes within that hour (the clock stays still meanwhile).
      await postAnHourLater(server, me);
      const inits = await initsAtTikTok(server, me);
      await importInto(home, "workflow", runnable("Too soon"), env);
      const refused = await executeFailing(home, "pm3kTemplNode002", env);
      assert.match(
        refused,
        /interval_limit: You must wait about \d+ more minutes before next TikTok post\./,
      );
      assert.equal(
        await initsAtTikTok(server, me),
        inits,
        "nothing more was posted",
      );
    });
  },
});

Deno.test({
  name:
    "the pm3kApi credential's test in a real n8n calls GET /api/me: a good key passes, a wrong one fails",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_credential_user",
      {},
      async ({ server, me, home, env }) => {
        const editor = await startN8nServer(home, env);
        try {
          /** Saves a pm3kApi credential, then runs n8n's "Test" on it. */
          const test = (apiKey: string) =>
            testCredential(editor, `PM3K ${apiKey.slice(0, 9)}`, {
              baseUrl: `${server.url}/`,
              apiKey,
            });
          const meCalls = () =>
            server.logs.filter((l) => l.path === "/api/me").map((l) =>
              l.status
            );

          assert.equal((await test(me.key)).status, "OK");
          assert.deepEqual(meCalls(), [200]);
          assert.equal((await test("pm3k_wrong")).status, "Error");
          assert.ok(
            meCalls().length > 1 && meCalls().slice(1).every((s) => s === 401),
          );
        } finally {
          await editor.close();
        }
      },
    );
  },
});

Deno.test({
  name:
    "the PM3K node in a real n8n reports views and likes: List Posts → Get Post Stats gives a public post's counts and a private post's reason, as the API does",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_node_stats", {}, async (run) => {
      const { server, me } = run;
      for (const privacy of ["PUBLIC_TO_EVERYONE", "SELF_ONLY"]) {
        server.clock.advance(3600_000 + 60_000);
        const r = await directPost(me, {
          source_url: await me.uploadVideo(),
          title: `counted ${privacy}`,
          privacy,
        });
        assert.equal(r.status, 200, await r.text());
        for (let i = 0; i < 5; i++) await followAMinuteLater(server);
      }
      server.clock.advance(30 * 60_000);
      const workflow = chain("pm3kNodeStats001", [
        start(),
        pm3k("List", { operation: "listPosts", returnAll: false, limit: 2 }, {
          executeOnce: true,
        }),
        // Post ID left at its default: the input item's post_id.
        pm3k("Stats", { operation: "getPostStats" }),
      ]);
      const out = await importAndExecute(run, workflow, { follow: false });
      const [privatePost, publicPost] = out["Stats"][0].map((i) => i.json);
      assert.equal(privatePost.stats, null);
      assert.match(String(privatePost.unavailable), /public posts only/);
      const counts = publicPost.stats as Record<string, number>;
      assert.ok(counts.view_count > 0, JSON.stringify(publicPost));
      // What the API answers for the same post (kept 10 minutes: equal).
      const api = await me.json(
        "GET",
        `/api/tiktok/posts/${publicPost.post_id}/stats`,
      );
      assert.deepEqual({ ok: true, ...publicPost }, api.body);
    });
  },
});

Deno.test({
  name:
    "the n8n template with the PM3K node given the video in a binary field not named data (as a Form Trigger names it after its field's label) uploads and posts it, not stopped by \"The item has no binary field 'data'\"",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_node_template_form", {
      load: asCommunityPackage,
    }, async ({ server, me, home, env }) => {
      const template = JSON.parse(
        await Deno.readTextFile(TEMPLATE),
      ) as N8nWorkflow;
      await importInto(
        home,
        "workflow",
        runnableTemplate(template, "pm3kTemplForm001", {
          // A form field labelled "Your video" gives binary Your_video.
          "Video file": () => ({
            fileSelector: fixture("portrait.mp4"),
            options: { dataPropertyName: "Your_video" },
          }),
        }),
        env,
      );
      const run = await followWhile(
        server,
        n8n(home, ["execute", "--id=pm3kTemplForm001"], env),
      );
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, /Execution was successful/);
      assert.equal(await me.sandboxPosts(), 1);
    });
  },
});
