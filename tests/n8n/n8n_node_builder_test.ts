/**
 * What an n8n builder meets beyond one video posted once, run in the real
 * n8n that tests/n8n/install_n8n.sh installs (ignored when it is not there)
 * with the PM3K node built from its sources
 * (docs/workflows.md#the-native-n8n-node): Post Video in a loop (Loop Over
 * Items) and from a second n8n instance gets an Idempotency-Key of its own
 * each time; a video an HTTP Request node downloaded with a media type that
 * says nothing of the file is uploaded, its bytes telling what it is; an
 * item holding several files fills an album; Schedule Post reads a Run At
 * without a zone in the workflow's timezone, and retried after a lost
 * answer gets its first job back; Wait for Result polls again past a
 * proxy's 502 page and ends still_pending with the publish_id to follow;
 * a Base URL copied from a PM3K page works; and the errors a builder reads
 * keep PM3K's words (an unreachable source's), name an upload's failure
 * passed on, and say what to do in n8n about a plain public link or an
 * album image too large or not a JPEG.
 */
import assert from "node:assert/strict";
import { postsOf, publishAtTikTok } from "../_helpers/posting_setup.ts";
import { keys, listTyped } from "../../lib/kv_keys.ts";
import { freePort } from "../_helpers/server_process.ts";
import {
  executeFailing,
  importInto,
  n8nInstalled,
  startN8nServer,
} from "./n8n_cli.ts";
import {
  chain,
  execute,
  fileDownload,
  filesInOneItem,
  fixturePath,
  importAndExecute,
  importCredential,
  n8nWithNode,
  node,
  noOp,
  only,
  pm3k,
  postVideo,
  readFiles,
  start,
  testCredential,
  uploadFromUrl,
  waitForResult,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

/** A node giving `items` as its output, one item each (n8n's Code node). */
const itemsNode = (name: string, items: Record<string, unknown>[]) =>
  node(name, "n8n-nodes-base.code", {
    jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};`,
  }, { typeVersion: 2 });

/** The statuses PM3K answered to direct_post, in order. */
const postStatuses = (logs: Record<string, unknown>[]) =>
  logs.filter((l) => l.path === "/api/tiktok/direct_post").map((l) => l.status);

Deno.test({
  name:
    "Post Video in a Loop Over Items in a real n8n: each run of the node sends its own Idempotency-Key, so the second video is posted, not refused as idempotency_conflict",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_loop_poster",
      {},
      async (run) => {
        const { server, me } = run;
        // The first video's caption is refused (a link): a 400 PM3K keeps
        // under its key. The loop then posts the second one, its item
        // index 0 again in the node's second run.
        const videos = [
          {
            url: await me.uploadVideo("one.mp4"),
            title: "See www.example.com",
          },
          { url: await me.uploadVideo("two.mp4"), title: "The second video" },
        ];
        const workflow = chain("pm3kLoopPost0001", [
          start(),
          itemsNode("Videos", videos),
          node("Loop", "n8n-nodes-base.splitInBatches", {
            batchSize: 1,
            options: {},
          }, { typeVersion: 3 }),
          noOp("Done"),
        ], {
          Loop: { main: [[{ node: "Done" }], [{ node: "Post video" }]] },
          "Post video": { main: [[{ node: "Loop" }]] },
        });
        workflow.nodes.push(
          postVideo("Post video", "={{ $json.url }}", "={{ $json.title }}", {
            onError: "continueRegularOutput",
          }),
        );
        const before = postStatuses(server.logs).length;
        await importAndExecute(run, workflow, { follow: false });
        assert.deepEqual(postStatuses(server.logs).slice(before), [400, 200]);
        const [post] = await postsOf(me);
        assert.deepEqual([post.title, post.source_urls], [
          "The second video",
          [videos[1].url],
        ]);
      },
    );
  },
});

Deno.test({
  name:
    "the same workflow in a second n8n (a fresh database, execution ids from 1 again) posts its own video instead of meeting the first n8n's Idempotency-Key",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_two_instances",
      {},
      async ({ server, me, home, env }) => {
        const other = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
        try {
          const otherEnv = await n8nWithNode(server, me, other);
          // The same node ids in both, as when one template is imported.
          const workflow = (url: string, title: string) =>
            chain("pm3kTwoN8ns00001", [
              start(),
              postVideo("Post video", url, title, {
                id: "5c3e7f20-8a4b-4d6e-b1f2-7e9d2a0000aa",
              }),
            ]);
          const before = postStatuses(server.logs).length;
          await importInto(
            home,
            "workflow",
            workflow(await me.uploadVideo("first.mp4"), "From the first n8n"),
            env,
          );
          await execute(server, home, "pm3kTwoN8ns00001", env, {
            follow: false,
          });
          server.clock.advance(61 * 60_000);
          await importInto(
            other,
            "workflow",
            workflow(await me.uploadVideo("second.mp4"), "From the second"),
            otherEnv,
          );
          await execute(server, other, "pm3kTwoN8ns00001", otherEnv, {
            follow: false,
          });
          assert.deepEqual(postStatuses(server.logs).slice(before), [200, 200]);
          const posts = await postsOf(me);
          assert.deepEqual(posts.map((p) => p.title), [
            "From the second",
            "From the first n8n",
          ]);
        } finally {
          await Deno.remove(other, { recursive: true });
        }
      },
    );
  },
});

Deno.test({
  name:
    "Upload Media of an HTTP Request node's download in a real n8n: a video served as application/binary (a type saying nothing of the file) is uploaded as application/octet-stream, PM3K telling it by its bytes, not refused 415",
  ignore: !n8nInstalled,
  async fn() {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    // A host whose download says nothing of the file, at a URL without
    // an extension, as many download links are.
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(video, {
          headers: { "Content-Type": "application/binary" },
        }),
    );
    try {
      await withNodeInN8n(
        "n8n_http_download",
        {},
        async (run) => {
          const out = await importAndExecute(
            run,
            chain("pm3kHttpBinary01", [
              start(),
              fileDownload(`http://127.0.0.1:${host.addr.port}/download?id=7`),
              pm3k("Upload", { operation: "upload" }),
            ]),
            { follow: false },
          );
          const upload = only(out["Upload"][0]);
          assert.deepEqual(
            [upload.ok, upload.kind, upload.size],
            [true, "video", video.length],
          );
        },
      );
    } finally {
      await host.shutdown();
    }
  },
});

Deno.test({
  name:
    "Upload Media of an item holding several files in a real n8n: every binary field named (comma-separated, here all of the item's) is uploaded into the album, one output item each, and Post Photos posts them",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_photo_files",
      {},
      async (run) => {
        const album = "={{ $('Create album').first().json.album_id }}";
        const out = await importAndExecute(
          run,
          chain("pm3kPhotoFiles01", [
            start(),
            pm3k("Create album", { operation: "createAlbum" }),
            readFiles("Images", fixturePath("photo[23].*"), {
              executeOnce: true,
            }),
            // One item holding both images, as a form's or an email's
            // files come: photo_0, photo_1.
            filesInOneItem(),
            pm3k("Upload", {
              operation: "upload",
              binaryPropertyName: "={{ Object.keys($binary).join(', ') }}",
              uploadOptions: { albumId: album },
            }),
            pm3k("Post photos", {
              operation: "postPhotos",
              albumId: album,
              title: "Two photos from one item",
              privacy: "SELF_ONLY",
            }, { executeOnce: true }),
          ]),
          { follow: false },
        );
        const albumId = only(out["Create album"][0]).album_id;
        const uploads = out["Upload"][0].map((item) => item.json);
        assert.deepEqual(
          uploads.map((u) => [u.album_id, u.kind, u.filename]),
          [
            [albumId, "image", "photo2.jpg"],
            [albumId, "image", "photo3.webp"],
          ],
        );
        const posted = only(out["Post photos"][0]);
        const atTikTok = await publishAtTikTok(run.server, posted.publish_id);
        assert.deepEqual([atTikTok.kind, atTikTok.urls.length], ["photo", 2]);
      },
    );
  },
});

Deno.test({
  name:
    "Schedule Post in a real n8n reads a Run At picked without a zone, or a sheet's 12/5/2026 12:00:00, in the workflow's timezone (n8n's GENERIC_TIMEZONE), not in the n8n process's; one with an offset keeps it",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_scheduler_tz",
      {},
      async (run) => {
        const { server, me } = run;
        // A wall time three days on, as n8n's date picker gives it.
        const day = new Date(server.clock.now() + 3 * 86400_000)
          .toISOString().slice(0, 10);
        const [y, m, d] = day.split("-").map(Number);
        const sheetDate = `${m}/${d}/${y} 12:00:00`;
        const schedule = (name: string, runAt: string, title: string) =>
          pm3k(name, {
            operation: "schedule",
            sourceUrl: "={{ $json.url }}",
            title,
            privacy: "SELF_ONLY",
            runAt,
          }, { executeOnce: true });
        const workflow = chain("pm3kScheduleTz01", [
          start(),
          uploadFromUrl("Upload", await me.uploadVideo()),
          schedule("Picked", `${day}T10:00:00`, "Picked in the date picker"),
          uploadFromUrl("Upload again", await me.uploadVideo("again.mp4")),
          schedule("With offset", `${day}T15:00:00Z`, "Given in UTC"),
          uploadFromUrl("Upload a third", await me.uploadVideo("third.mp4")),
          // A date as a Google Sheets row gives it (its US display format).
          schedule("From a sheet", sheetDate, "Read from a sheet"),
        ]);
        // India has no summer time: 10:00 there is 04:30 UTC every day.
        const out = await importAndExecute(run, workflow, {
          env: { GENERIC_TIMEZONE: "Asia/Kolkata", TZ: "UTC" },
          follow: false,
        });
        assert.equal(
          only(out["Picked"][0]).run_at,
          `${day}T04:30:00.000Z`,
        );
        assert.equal(
          only(out["With offset"][0]).run_at,
          `${day}T15:00:00.000Z`,
        );
        assert.equal(
          only(out["From a sheet"][0]).run_at,
          `${day}T06:30:00.000Z`,
        );
      },
    );
  },
});

Deno.test({
  name:
    "Schedule Post in a real n8n whose first answer is lost on the way (a gateway's 504) is retried by Retry On Fail with the same Idempotency-Key and gets the first job back: one job, no video_duplicate",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_schedule_retry",
      {},
      async (run) => {
        const { server, me, home, env } = run;
        // A gateway between n8n and PM3K that forwards every request but
        // answers the first schedule 504 once PM3K has answered it: the job
        // is made, n8n never learns it.
        let lost = 0;
        const gateway = Deno.serve(
          { hostname: "127.0.0.1", port: 0, onListen: () => {} },
          async (req) => {
            const url = new URL(req.url);
            const answer = await fetch(
              `${server.url}${url.pathname}${url.search}`,
              {
                method: req.method,
                headers: req.headers,
                body: req.body,
                redirect: "manual",
              },
            );
            if (url.pathname === "/api/jobs" && lost++ === 0) {
              await answer.body?.cancel();
              return new Response("gateway timeout", { status: 504 });
            }
            return answer;
          },
        );
        try {
          await importCredential(
            server,
            me,
            home,
            env,
            `http://127.0.0.1:${gateway.addr.port}`,
          );
          const runAt = new Date(server.clock.now() + 2 * 3600_000)
            .toISOString();
          const out = await importAndExecute(
            run,
            chain("pm3kScheduleRetry1", [
              start(),
              pm3k("Schedule", {
                operation: "schedule",
                sourceUrl: await me.uploadVideo(),
                title: "Scheduled once",
                privacy: "SELF_ONLY",
                runAt,
              }, { retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 }),
            ]),
            { follow: false },
          );
          const job = only(out["Schedule"][0]);
          assert.equal(job.state, "scheduled");
          assert.deepEqual(
            server.logs.filter((l) => l.path === "/api/jobs").map((l) =>
              l.status
            ),
            [200, 200],
          );
          assert.equal(lost, 2, "the retry went through the gateway");
          const jobs = await listTyped(
            server.kv,
            keys.jobsByAccountPrefix(me.openId),
          );
          assert.deepEqual(jobs.map((j) => j.value), [job.job_id]);
        } finally {
          await gateway.shutdown();
        }
      },
    );
  },
});

Deno.test({
  name:
    "the PM3K node as a real n8n's editor gets it: the Idempotency Key is among the Options of every post and schedule, drafts' alone; every post option has a description",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_node_types", {}, async ({ home, env }) => {
      const editor = await startN8nServer(home, env);
      try {
        const types = await editor.rest("GET", "/types/nodes.json");
        assert.equal(types.status, 200);
        const pm3kType = ((await types.json()) as {
          name: string;
          properties: {
            name: string;
            options?: { name: string }[];
            displayOptions?: { show?: Record<string, string[]> };
          }[];
        }[]).find((t) => t.name === "CUSTOM.pm3k")!;
        const optionsOf = (operation: string, postMode: string) =>
          pm3kType.properties.filter((p) =>
            p.name === "postOptions" &&
            p.displayOptions?.show?.operation?.includes(operation) &&
            p.displayOptions?.show?.postMode?.includes(postMode)
          ).flatMap((p) => p.options!.map((o) => o.name));
        assert.ok(
          optionsOf("postVideo", "DIRECT_POST").includes("idempotencyKey"),
        );
        assert.deepEqual(optionsOf("postPhotos", "MEDIA_UPLOAD"), [
          "idempotencyKey",
        ]);
        const scheduled = optionsOf("schedule", "DIRECT_POST");
        assert.ok(scheduled.includes("disable_comment"));
        assert.ok(scheduled.includes("idempotencyKey"));
        assert.deepEqual(optionsOf("schedule", "MEDIA_UPLOAD"), [
          "idempotencyKey",
        ]);
        // Each post option says what it does, for a builder new to TikTok's
        // fields (the ad disclosure above all).
        const undescribed = pm3kType.properties
          .filter((p) => ["postOptions", "photoOptions"].includes(p.name))
          .flatMap((p) => p.options as { name: string; description?: string }[])
          .filter((o) => !o.description).map((o) => o.name);
        assert.deepEqual([...new Set(undescribed)], []);
      } finally {
        await editor.close();
      }
    });
  },
});

Deno.test({
  name:
    "a Base URL copied from a PM3K page (the dashboard's, or with /api) works in a real n8n: the credential's Test passes and the node reaches the API",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_base_url",
      {},
      async (run) => {
        const { server, me, home, env } = run;
        const pages = [`${server.url}/dashboard`, `${server.url}/api/`];
        const editor = await startN8nServer(home, env);
        try {
          for (const baseUrl of pages) {
            const tested = await testCredential(editor, `PM3K ${baseUrl}`, {
              baseUrl,
              apiKey: me.key,
            });
            assert.equal(tested.status, "OK", baseUrl);
          }
        } finally {
          await editor.close();
        }
        const meCalls = server.logs.filter((l) => l.path === "/api/me");
        assert.deepEqual(meCalls.map((l) => l.status), [200, 200]);

        // The node, its credential holding the dashboard's address.
        await importCredential(server, me, home, env, pages[0]);
        const out = await importAndExecute(
          run,
          chain("pm3kBaseUrl00001", [
            start(),
            pm3k("Get limits", { operation: "getLimits" }),
          ]),
          { follow: false },
        );
        assert.equal(only(out["Get limits"][0]).ok, true);
      },
    );
  },
});

Deno.test({
  name:
    "an unreachable source's refusal stops a real n8n with PM3K's code and message, not n8n's stock \"The service refused the connection\", which would blame PM3K",
  ignore: !n8nInstalled,
  async fn() {
    // A loopback port nothing listens on (allowed in sandbox mode).
    const port = freePort();
    await withNodeInN8n(
      "n8n_refusal_words",
      {},
      async ({ home, env }) => {
        await importInto(
          home,
          "workflow",
          chain("pm3kRefusalText1", [
            start(),
            uploadFromUrl("Upload", `http://127.0.0.1:${port}/clip.mp4`),
          ]),
          env,
        );
        const out = await executeFailing(home, "pm3kRefusalText1", env);
        // The execution's error, as the editor shows it.
        assert.match(
          out,
          /^Execution error:\n=+\nproxy_error: Could not fetch the source: Cannot reach 127\.0\.0\.1:\d+: Connection refused/m,
        );
        assert.doesNotMatch(out, /The service refused the connection/);
      },
    );
  },
});

Deno.test({
  name:
    'Post Video given an upload\'s failure passed on by On Error → Continue in a real n8n: stops with "No Video URL" naming that failure, without asking PM3K',
  ignore: !n8nInstalled,
  async fn() {
    const port = freePort();
    await withNodeInN8n(
      "n8n_post_failure",
      {},
      async ({ server, home, env }) => {
        await importInto(
          home,
          "workflow",
          chain("pm3kPostFailure1", [
            start(),
            uploadFromUrl("Upload", `http://127.0.0.1:${port}/clip.mp4`, {
              onError: "continueRegularOutput",
            }),
            postVideo("Post video", undefined, "Never posted"),
          ]),
          env,
        );
        const out = await executeFailing(home, "pm3kPostFailure1", env, {
          raw: true,
        });
        assert.match(
          out,
          /^Execution error:\n=+\nNo Video URL: the input item has no url$/m,
        );
        assert.match(
          out,
          /"description": "The input item is a failure \(proxy_error: Could not fetch the source: Cannot reach [^"]*\), not an upload: there is no video to post\."/,
        );
        assert.ok(
          !server.logs.some((l) => l.path === "/api/tiktok/direct_post"),
          "PM3K was not asked",
        );
      },
    );
  },
});

Deno.test({
  name:
    "Post Video given a plain public link as Video URL in a real n8n: domain_not_verified with PM3K's message, and a description saying to put Upload Media (Source: URL) first",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_plain_link",
      {},
      async ({ home, env }) => {
        await importInto(
          home,
          "workflow",
          chain("pm3kPlainLink001", [
            start(),
            postVideo(
              "Post video",
              "https://cdn.example.com/clip.mp4",
              "A plain link",
            ),
          ]),
          env,
        );
        const out = await executeFailing(home, "pm3kPlainLink001", env, {
          raw: true,
        });
        assert.match(
          out,
          /^Execution error:\n=+\ndomain_not_verified: External domain not verified: cdn\.example\.com/m,
        );
        assert.match(
          out,
          /"description": "In n8n: put a PM3K Upload Media node before this one, Source: URL, [^"]*; PM3K error code \\"domain_not_verified\\" \(HTTP 400\)/,
        );
      },
    );
  },
});

Deno.test({
  name:
    'an expression that found nothing in a real n8n (File URL, Album ID, Image URLs): the item stops with "No File URL", "No Album ID", "No Image URLs", not a TypeError or "undefined" sent to PM3K; with On Error → Continue the item carries the description saying what to map',
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_found_nothing", {}, async (run) => {
      const toMain = { onError: "continueRegularOutput" };
      // The manual trigger's item holds none of the fields mapped.
      const branches = [
        pm3k("Upload", {
          operation: "upload",
          uploadSource: "url",
          fileUrl: "={{ $json.video_url }}",
        }, toMain),
        pm3k("Album photos", {
          operation: "postPhotos",
          albumId: "={{ $json.album_id }}",
          title: "Photos",
          privacy: "SELF_ONLY",
        }, toMain),
        pm3k("Listed photos", {
          operation: "postPhotos",
          imagesFrom: "urls",
          photoImages: "={{ $json.images }}",
          title: "Photos",
          privacy: "SELF_ONLY",
        }, toMain),
      ];
      const workflow = chain("pm3kFoundNothing", [start()], {
        Start: { main: [branches.map((b) => ({ node: b.name }))] },
      });
      workflow.nodes.push(...branches);
      const out = await importAndExecute(run, workflow, { follow: false });
      // With Continue the item carries the advice the editor shows when
      // the node stops (docs/workflows.md#what-a-continue-item-holds).
      for (
        const [name, label] of [
          ["Upload", "File URL"],
          ["Album photos", "Album ID"],
          ["Listed photos", "Image URLs"],
        ]
      ) {
        const failed = only(out[name][0]);
        assert.deepEqual(Object.keys(failed).sort(), ["description", "error"]);
        assert.equal(failed.error, `No ${label}`);
        assert.ok(
          String(failed.description).startsWith(`${label} is empty: `),
          JSON.stringify(failed),
        );
      }
      assert.match(
        String(only(out["Album photos"][0]).description),
        /^Album ID is empty: map the album_id of a Create Album answer/,
      );
      assert.ok(
        !run.server.logs.some((l) =>
          /^\/api\/(uploads|albums|tiktok)\b/.test(String(l.path))
        ),
        "PM3K was not asked",
      );

      // Without Continue, the description says what to map.
      await importInto(
        run.home,
        "workflow",
        chain("pm3kNoAlbumId001", [
          start(),
          pm3k("Post photos", {
            operation: "postPhotos",
            albumId: "={{ $json.album_id }}",
            title: "Photos",
            privacy: "SELF_ONLY",
          }),
        ]),
        run.env,
      );
      const failed = await executeFailing(
        run.home,
        "pm3kNoAlbumId001",
        run.env,
        {
          raw: true,
        },
      );
      assert.match(failed, /^Execution error:\n=+\nNo Album ID$/m);
      assert.match(
        failed,
        /"description": "Album ID is empty: map the album_id of a Create Album answer/,
      );
    });
  },
});

Deno.test({
  name:
    "a Base URL answering web pages in a real n8n (another site, or a proxy's 502 page in front of PM3K): the node says what answered, the page's title, not its HTML; an empty 502 names its status",
  ignore: !n8nInstalled,
  async fn() {
    // An nginx in front of a stopped PM3K, and a site that is not PM3K.
    const page = (title: string) =>
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    const html = { "Content-Type": "text/html" };
    const proxy = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(page("502 Bad Gateway"), { status: 502, headers: html }),
    );
    const site = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response(page("Welcome to my blog"), { headers: html }),
    );
    // A gateway answering with no body at all.
    const bare = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () => new Response(null, { status: 502 }),
    );
    try {
      await withNodeInN8n("n8n_html_answers", {}, async (run) => {
        const { home, env } = run;
        const creds = [
          ["proxyCredential1", `http://127.0.0.1:${proxy.addr.port}`],
          ["siteCredential01", `http://127.0.0.1:${site.addr.port}`],
          ["bareCredential01", `http://127.0.0.1:${bare.addr.port}`],
        ];
        await importInto(
          home,
          "credentials",
          creds.map(([id, baseUrl]) => ({
            id,
            name: id,
            type: "pm3kApi",
            data: { baseUrl, apiKey: run.me.key },
          })),
          env,
        );
        const branches = creds.map(([id]) =>
          pm3k(id, { operation: "getLimits" }, {
            onError: "continueRegularOutput",
            credentials: { pm3kApi: { id, name: id } },
          })
        );
        const workflow = chain("pm3kHtmlAnswers1", [start()], {
          Start: { main: [branches.map((b) => ({ node: b.name }))] },
        });
        workflow.nodes.push(...branches);
        const out = await importAndExecute(run, workflow, { follow: false });
        // Continue's `code` is `error`, its description names both the
        // code and the status (docs/workflows.md#what-a-continue-item-holds).
        const coded = (
          { code, description, ...rest }: Record<string, unknown>,
        ) => {
          assert.equal(code, rest.error);
          assert.match(
            String(description),
            new RegExp(`PM3K error code "${code}" \\(HTTP \\d+\\)$`),
          );
          return rest;
        };
        // The code apart from the text, as PM3K's refusals come, so an
        // IF matches `http_502` (docs/workflows.md#the-native-n8n-node).
        assert.deepEqual(coded(only(out["proxyCredential1"][0])), {
          error: "http_502",
          message:
            'The Base URL answered HTTP 502 with a web page, not PM3K\'s JSON: "502 Bad Gateway"',
        });
        assert.deepEqual(coded(only(out["siteCredential01"][0])), {
          error: "http_200",
          message:
            'The Base URL answered HTTP 200 with a web page, not PM3K\'s JSON: "Welcome to my blog"',
        });
        assert.deepEqual(coded(only(out["bareCredential01"][0])), {
          error: "http_502",
          message:
            "The Base URL answered HTTP 502 with no body, not PM3K's JSON",
        });
      });
    } finally {
      await proxy.shutdown();
      await site.shutdown();
      await bare.shutdown();
    }
  },
});

Deno.test({
  name:
    'Wait for Result after Schedule Post in a real n8n: "No Publish ID", the description saying the job has none until its run time and how to learn its result, without asking PM3K',
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_wait_for_job", {}, async (run) => {
      const { server, me, home, env } = run;
      const runAt = new Date(server.clock.now() + 3 * 3600_000).toISOString();
      await importInto(
        home,
        "workflow",
        chain("pmk3WaitForJob01", [
          start(),
          uploadFromUrl("Upload", await me.uploadVideo()),
          pm3k("Schedule", {
            operation: "schedule",
            title: "Scheduled, then waited for",
            privacy: "SELF_ONLY",
            runAt,
          }),
          pm3k("Wait for result", {
            operation: "waitForResult",
            pollSeconds: 3,
            maxWaitSeconds: 30,
          }),
        ]),
        env,
      );
      const out = await executeFailing(home, "pmk3WaitForJob01", env, {
        raw: true,
      });
      assert.match(
        out,
        /^Execution error:\n=+\nNo Publish ID: the input item has no publish_id$/m,
      );
      assert.match(
        out,
        /"description": "The input item is a scheduled post \(job_id [^,]+, run_at [^)]+\): it has no publish_id until PM3K posts it at its run time/,
      );
      assert.ok(
        !server.logs.some((l) => l.path === "/api/tiktok/status"),
        "PM3K was not asked",
      );
    });
  },
});

Deno.test({
  name:
    "Upload Media of an image without an Album ID in a real n8n: PM3K's unsupported_file_type, the description first saying how to put it into an album in n8n",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_image_no_album", {}, async ({ home, env }) => {
      await importInto(
        home,
        "workflow",
        chain("pm3kImageNoAlbum", [
          start(),
          readFiles("Photo", fixturePath("photo1.jpg")),
          pm3k("Upload", { operation: "upload" }),
        ]),
        env,
      );
      const out = await executeFailing(home, "pm3kImageNoAlbum", env, {
        raw: true,
      });
      assert.match(
        out,
        /^Execution error:\n=+\nunsupported_file_type: Upload a video \([^)]*\); images go into a photo album/m,
      );
      assert.match(
        out,
        /"description": "In n8n: an image goes into an album\. Put a PM3K Create Album node first [^"]*; PM3K error code \\"unsupported_file_type\\" \(HTTP 400\)/,
      );
    });
  },
});

Deno.test({
  name:
    "Wait for Result in a real n8n with a Maximum Wait shorter than its pause (5 s, polling every 15 s) checks the status once before saying still pending, not never; On Error → Continue gives still_pending with the publish_id and status to follow later",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_short_wait", {}, async (run) => {
      const out = await importAndExecute(
        run,
        chain("pm3kShortWait001", [
          start(),
          uploadFromUrl("Upload", await run.me.uploadVideo()),
          postVideo("Post video", undefined, "Waited for briefly"),
          pm3k("Wait for result", {
            operation: "waitForResult",
            pollSeconds: 15,
            maxWaitSeconds: 5,
          }, { onError: "continueRegularOutput" }),
        ]),
        // Nothing follows the publish: it stays pending.
        { follow: false },
      );
      const statusCalls = run.server.logs.filter((l) =>
        l.path === "/api/tiktok/status"
      );
      assert.equal(statusCalls.length, 1);
      const pending = only(out["Wait for result"][0]);
      assert.equal(pending.error, "still_pending", JSON.stringify(pending));
      assert.match(
        String(pending.message),
        /^Still pending after 5 s \(1 status checks\)/,
      );
      // What a later Get Status, or a Wait looping back, needs.
      assert.equal(
        pending.publish_id,
        only(out["Post video"][0]).publish_id,
      );
      assert.deepEqual([pending.status, pending.state], [
        "PROCESSING_DOWNLOAD",
        "pending",
      ]);
    });
  },
});

Deno.test({
  name:
    "Wait for Result in a real n8n whose status checks meet a proxy's 502 page (PM3K restarting) polls again and ends done, rather than failing a post TikTok publishes",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_wait_502", {}, async (run) => {
      const { server, me, home, env } = run;
      // A proxy in front of PM3K answering its 502 page to the first two
      // status checks, as nginx does while PM3K restarts.
      let failed = 0;
      const proxy = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen: () => {} },
        async (req) => {
          const url = new URL(req.url);
          if (url.pathname === "/api/tiktok/status" && failed < 2) {
            failed++;
            await req.body?.cancel();
            return new Response(
              "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
              { status: 502, headers: { "Content-Type": "text/html" } },
            );
          }
          return await fetch(`${server.url}${url.pathname}${url.search}`, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            redirect: "manual",
          });
        },
      );
      try {
        await importCredential(
          server,
          me,
          home,
          env,
          `http://127.0.0.1:${proxy.addr.port}`,
        );
        const out = await importAndExecute(
          run,
          chain("pm3kWait502Proxy1", [
            start(),
            postVideo("Post video", await me.uploadVideo(), "Through a proxy"),
            waitForResult("Wait for result"),
          ]),
        );
        assert.equal(failed, 2);
        const done = only(out["Wait for result"][0]);
        assert.equal(done.state, "done", JSON.stringify(done));
        assert.equal(
          done.publish_id ?? only(out["Post video"][0]).publish_id,
          only(out["Post video"][0]).publish_id,
        );
      } finally {
        await proxy.shutdown();
      }
    });
  },
});

Deno.test({
  name:
    "Upload Media of an album image PM3K refuses in a real n8n (a photo over 1080 px, a PNG): PM3K's code and message, the description first saying how to resize or convert it in n8n",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_album_image_hints", {}, async ({ home, env }) => {
      const album = "={{ $('Create album').first().json.album_id }}";
      const uploadInto = (id: string, fixture: string) =>
        chain(id, [
          start(),
          pm3k("Create album", { operation: "createAlbum" }),
          readFiles("Photo", fixturePath(fixture)),
          pm3k("Upload", {
            operation: "upload",
            uploadOptions: { albumId: album },
          }),
        ]);
      await importInto(home, "workflow", [
        uploadInto("pm3kAlbumBigPx01", "photo-too-big-px.jpg"),
        uploadInto("pm3kAlbumPng0001", "photo.png"),
      ], env);
      const big = await executeFailing(home, "pm3kAlbumBigPx01", env, {
        raw: true,
      });
      assert.match(big, /^Execution error:\n=+\nimage_too_large_px: /m);
      assert.match(
        big,
        /"description": "In n8n: resize the image before this node, e.g. with an Edit Image node \(Operation: Resize, Width and Height 1080, Option: Only if Larger[^"]*; PM3K error code \\"image_too_large_px\\" \(HTTP 400\)/,
      );
      const png = await executeFailing(home, "pm3kAlbumPng0001", env, {
        raw: true,
      });
      assert.match(png, /^Execution error:\n=+\nunsupported_image_type: /m);
      assert.match(
        png,
        /"description": "In n8n: convert the image to JPEG before this node, e.g. with an Edit Image node \(Options › Format: jpeg[^"]*; PM3K error code \\"unsupported_image_type\\" \(HTTP 400\)/,
      );
    });
  },
});

Deno.test({
  name:
    "Upload Media of an item holding several files, one refused, with On Error → Continue in a real n8n: the uploads made come out, the refused file's failure takes its place (binary_field and filename on the main output, the error output with its error output), not one failure hiding the uploads made",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_files_one_refused", {}, async (run) => {
      const album = "={{ $('Create album').first().json.album_id }}";
      const upload = (name: string, onError: string) =>
        pm3k(name, {
          operation: "upload",
          binaryPropertyName: "={{ Object.keys($binary).join(',') }}",
          uploadOptions: { albumId: album },
        }, { onError });
      const workflow = chain("pm3kFilesRefused1", [
        start(),
        pm3k("Create album", { operation: "createAlbum" }),
        // photo.png (refused: not a JPEG or WebP), then photo2.jpg.
        readFiles("Images", fixturePath("photo[.2]*"), {
          executeOnce: true,
        }),
        filesInOneItem(),
        upload("Upload", "continueRegularOutput"),
      ], {
        "One item": {
          main: [[{ node: "Upload" }, { node: "Upload to outputs" }]],
        },
      });
      workflow.nodes.push(upload("Upload to outputs", "continueErrorOutput"));
      const out = await importAndExecute(run, workflow, { follow: false });
      const items = out["Upload"][0].map((item) => item.json);
      assert.equal(items.length, 2, JSON.stringify(items));
      const [refused, made] = items[0].error ? items : [items[1], items[0]];
      assert.deepEqual(
        [refused.error, refused.filename],
        ["unsupported_image_type", "photo.png"],
      );
      assert.match(String(refused.binary_field), /^photo_[01]$/);
      assert.deepEqual([made.kind, made.filename], ["image", "photo2.jpg"]);
      const [main, errors] = out["Upload to outputs"];
      assert.deepEqual(
        main.map((item) => [item.json.kind, item.json.filename]),
        [["image", "photo2.jpg"]],
      );
      assert.deepEqual(
        errors.map((item) => Object.keys(item.json).sort()),
        [["error", "message"]],
      );
      assert.equal(errors[0].json.error, "unsupported_image_type");
    });
  },
});

Deno.test({
  name:
    "Wait for Result in a real n8n whose status checks find PM3K's address refusing connections for a few seconds (PM3K restarting, no proxy in front) polls again and ends done",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_wait_restart", {}, async (run) => {
      const { server, me, home, env } = run;
      const port = freePort();
      // PM3K's address as n8n knows it: a forwarder that stops listening
      // once the post is answered, and listens again 8 s later, as a PM3K
      // restarting does; n8n's status checks meanwhile meet a connection
      // refused.
      let stopped = 0;
      let restart: ReturnType<typeof setTimeout> | undefined;
      const listen = (): Deno.HttpServer =>
        Deno.serve(
          { hostname: "127.0.0.1", port, onListen: () => {} },
          async (req) => {
            const url = new URL(req.url);
            const answer = await fetch(
              `${server.url}${url.pathname}${url.search}`,
              {
                method: req.method,
                headers: req.headers,
                body: req.body,
                redirect: "manual",
              },
            );
            if (url.pathname === "/api/tiktok/direct_post" && !stopped++) {
              const body = await answer.arrayBuffer();
              queueMicrotask(async () => {
                await forwarder.shutdown();
                restart = setTimeout(() => forwarder = listen(), 8_000);
              });
              return new Response(body, {
                status: answer.status,
                headers: {
                  ...Object.fromEntries(answer.headers),
                  connection: "close",
                },
              });
            }
            return answer;
          },
        );
      let forwarder = listen();
      try {
        await importCredential(
          server,
          me,
          home,
          env,
          `http://127.0.0.1:${port}`,
        );
        const out = await importAndExecute(
          run,
          chain("pm3kWaitRestart1", [
            start(),
            postVideo("Post video", await me.uploadVideo(), "PM3K restarts"),
            waitForResult("Wait for result"),
          ]),
        );
        const done = only(out["Wait for result"][0]);
        assert.equal(done.state, "done", JSON.stringify(done));
        assert.equal(stopped, 1);
      } finally {
        clearTimeout(restart);
        await forwarder.shutdown();
      }
    });
  },
});

Deno.test({
  name:
    "on a PM3K whose TikTok app is not audited, in a real n8n: Get Creator Info answers app_audited false and only SELF_ONLY, a Privacy expression reading it posts Only me, and Privacy Public to Everyone fails privacy_unaudited_app with the n8n way in its description",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_unaudited_app",
      { env: { TIKTOK_APP_AUDITED: "false" } },
      async (run) => {
        const { server, me, home, env } = run;
        await me.sandbox({ private_account: true });
        const post = (privacy: string) =>
          pm3k("Post video", {
            operation: "postVideo",
            title: "Who sees it, as the app allows",
            privacy,
          });
        const out = await importAndExecute(
          run,
          chain("pm3kUnaudited001", [
            start(),
            pm3k("Creator info", { operation: "getCreatorInfo" }),
            readFiles("Video file", fixturePath("portrait.mp4")),
            pm3k("Upload", { operation: "upload" }),
            post(
              "={{ $('Creator info').first().json.privacy_level_options.includes('PUBLIC_TO_EVERYONE') ? 'PUBLIC_TO_EVERYONE' : 'SELF_ONLY' }}",
            ),
            waitForResult("Wait for result"),
          ]),
        );
        const info = only(out["Creator info"][0]);
        assert.equal(info.app_audited, false);
        assert.deepEqual(info.privacy_level_options, ["SELF_ONLY"]);
        const done = only(out["Wait for result"][0]);
        assert.equal(done.state, "done");
        const atTikTok = await publishAtTikTok(server, done.publish_id);
        assert.equal(atTikTok.privacyLevel, "SELF_ONLY");

        server.clock.advance(61 * 60_000);
        await importInto(
          home,
          "workflow",
          chain("pm3kUnaudited002", [
            start(),
            readFiles("Video file", fixturePath("portrait.webm")),
            pm3k("Upload", { operation: "upload" }),
            post("PUBLIC_TO_EVERYONE"),
          ]),
          env,
        );
        const refused = await executeFailing(home, "pm3kUnaudited002", env, {
          raw: true,
        });
        assert.match(
          refused,
          /^Execution error:\n=+\nprivacy_unaudited_app: privacy PUBLIC_TO_EVERYONE is not possible yet/m,
        );
        assert.match(
          refused,
          /"description": "In n8n: set Privacy to Only Me[^"]*Get Creator Info[^"]*; PM3K error code \\"privacy_unaudited_app\\" \(HTTP 400\)/,
        );
        assert.equal(await me.sandboxPosts(), 1, "nothing more was posted");
      },
    );
  },
});
