/**
 * Chains of the PM3K node a new builder wires, run in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there) with the
 * node built from its sources (docs/workflows.md#the-native-n8n-node): a
 * post followed to its end and then counted, each node's defaults kept; an
 * Upload Media failure reaching an Error Workflow's Error Trigger.
 */
import assert from "node:assert/strict";
import { postsOf } from "../_helpers/posting_setup.ts";
import {
  executeFailing,
  importInto,
  n8n,
  n8nInstalled,
  startN8nServer,
} from "./n8n_cli.ts";
import {
  chain,
  filesInOneItem,
  fixturePath,
  importAndExecute,
  node,
  only,
  pm3k,
  readFiles,
  start,
  uploadFromUrl,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

Deno.test({
  name:
    "Post Video → Wait for Result → Get Post Stats in a real n8n, the defaults kept: Wait for Result's item carries the post's post_id, so Get Post Stats counts the post it followed",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_wait_then_stats", {}, async (run) => {
      const out = await importAndExecute(
        run,
        chain("pm3kWaitStats001", [
          start(),
          readFiles("Read", fixturePath("portrait.mp4")),
          pm3k("Upload", { operation: "upload" }),
          pm3k("Post", {
            operation: "postVideo",
            title: "Counted after the wait",
            privacy: "PUBLIC_TO_EVERYONE",
          }),
          pm3k("Wait", { operation: "waitForResult", pollSeconds: 3 }),
          pm3k("Stats", { operation: "getPostStats" }),
        ]),
      );
      const [post] = await postsOf(run.me);
      const done = only(out["Wait"][0]);
      assert.equal(done.state, "done", JSON.stringify(done));
      assert.equal(done.post_id, post.post_id);
      const stats = only(out["Stats"][0]);
      assert.equal(stats.post_id, post.post_id);
      assert.equal(stats.unavailable, null, JSON.stringify(stats));
      assert.equal(stats.public_post_id, post.public_post_id);
      assert.ok(stats.stats, JSON.stringify(stats));
    });
  },
});

Deno.test({
  name:
    "An Upload Media failure part-way through an item's files, in an active n8n workflow with an Error Workflow: the Error Trigger's item holds the error's description naming the uploads made and the files not sent, and its context's uploads_made and not_sent",
  ignore: !n8nInstalled,
  async fn() {
    // The Error Workflow sends what its Error Trigger got here.
    const got: Record<string, unknown>[] = [];
    const sink = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      async (req) => {
        got.push(await req.json());
        return new Response("{}");
      },
    );
    try {
      await withNodeInN8n("n8n_error_trigger", {}, async ({ home, env }) => {
        const order = ["photo2.jpg", "photo.png", "photo3.webp"];
        const failing = chain("pm3kErrorWalk001", [
          node("Hook", "n8n-nodes-base.webhook", {
            path: "pm3k-error-walk",
            options: {},
          }, {
            typeVersion: 2,
            webhookId: "9a0d0c9e-7a43-4a55-9d0b-5f0e5c1a0001",
          }),
          pm3k("Create album", { operation: "createAlbum" }),
          readFiles("Images", fixturePath("photo[.23]*"), {
            executeOnce: true,
          }),
          filesInOneItem(order),
          pm3k("Upload", {
            operation: "upload",
            binaryPropertyName: "photo_0, photo_1, photo_2",
            uploadOptions: {
              albumId: "={{ $('Create album').first().json.album_id }}",
            },
          }),
        ]);
        (failing.settings as Record<string, unknown>).errorWorkflow =
          "pm3kErrorFlow001";
        await importInto(home, "workflow", [
          failing,
          chain("pm3kErrorFlow001", [
            node("On error", "n8n-nodes-base.errorTrigger", {}),
            node("Tell", "n8n-nodes-base.httpRequest", {
              method: "POST",
              url: `http://127.0.0.1:${sink.addr.port}/`,
              sendBody: true,
              specifyBody: "json",
              jsonBody: "={{ JSON.stringify($json) }}",
              options: {},
            }, { typeVersion: 4.2 }),
          ]),
        ], env);
        const activated = await n8n(
          home,
          ["update:workflow", "--id=pm3kErrorWalk001", "--active=true"],
          env,
        );
        assert.equal(activated.code, 0, activated.out);
        const editor = await startN8nServer(home, env);
        try {
          const hook = await fetch(`${editor.url}/webhook/pm3k-error-walk`);
          await hook.body?.cancel();
          assert.equal(hook.status, 200);
          const deadline = Date.now() + 90_000;
          while (got.length === 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 500));
          }
        } finally {
          await editor.close();
        }
        assert.equal(got.length, 1, "the Error Workflow ran once");
        // deno-lint-ignore no-explicit-any
        const error = (got[0] as any).execution.error;
        assert.match(String(error.message), /^unsupported_image_type: /);
        assert.match(
          String(error.description),
          /Uploaded before photo_1 failed, and kept: photo_0 \(photo2\.jpg\): upload_id [0-9A-Z]{26}, url http\S*\.jpg\. Not sent: photo_2/,
        );
        const context = error.context ?? {};
        assert.deepEqual(
          [
            context.uploads_made?.map((u: Record<string, unknown>) =>
              u.filename
            ),
            context.not_sent,
          ],
          [["photo2.jpg"], ["photo_2"]],
          JSON.stringify(error),
        );
      });
    } finally {
      await sink.shutdown();
    }
  },
});

Deno.test({
  name:
    "Schedule Post, then List Scheduled Posts and Cancel Scheduled Post in a real n8n, the defaults kept: the list gives the post not yet run as an item with its job_id, Cancel takes that job_id from its input and answers the job cancelled, and the list no longer holds it",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_schedule_cancel", {}, async (run) => {
      const inTwoHours = new Date(run.server.clock.now() + 2 * 3600_000)
        .toISOString();
      const scheduled = await importAndExecute(
        run,
        chain("pm3kScheduleWalk1", [
          start(),
          uploadFromUrl("Upload", await run.me.uploadVideo()),
          pm3k("Schedule", {
            operation: "schedule",
            title: "Later, maybe",
            privacy: "SELF_ONLY",
            runAt: inTwoHours,
          }),
        ]),
        { follow: false },
      );
      const job = only(scheduled["Schedule"][0]);
      assert.equal(job.state, "scheduled", JSON.stringify(job));
      // A later run: list what is still to post, cancel each.
      const later = await importAndExecute(
        run,
        chain("pm3kCancelWalk01", [
          start(),
          pm3k("Scheduled", { operation: "listScheduled" }),
          pm3k("Cancel", { operation: "cancelScheduled" }),
          pm3k("Left", { operation: "listScheduled" }, { executeOnce: true }),
        ]),
        { follow: false },
      );
      const listed = only(later["Scheduled"][0]);
      assert.equal(listed.job_id, job.job_id);
      assert.equal(listed.state, "scheduled");
      const cancelled = only(later["Cancel"][0]);
      assert.equal(cancelled.job_id, job.job_id);
      assert.equal(cancelled.state, "cancelled");
      // Nothing left to post: n8n runs a node given no items no further.
      assert.deepEqual(later["Left"]?.[0] ?? [], []);
      const all = await run.me.json("GET", "/api/jobs");
      assert.deepEqual(
        // deno-lint-ignore no-explicit-any
        (all.body.jobs as any[]).map((j) => [j.job_id, j.state]),
        [[job.job_id, "cancelled"]],
      );
    });
  },
});

Deno.test({
  name:
    "Get Status given a cancelled job of List Scheduled Posts (Still Scheduled Only off) in a real n8n: No Publish ID, the description saying the scheduled post was cancelled, not that PM3K posts it later; nothing asked of /status",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_cancelled_status", {}, async (run) => {
      const created = await run.me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(run.server.clock.now() + 2 * 3600_000).toISOString(),
        source_url: await run.me.uploadVideo(),
        title: "Never mind",
        privacy: "SELF_ONLY",
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const jobId = String(created.body.job_id);
      const cancelled = await run.me.json("DELETE", `/api/jobs/${jobId}`);
      assert.equal(cancelled.status, 200);
      await importInto(
        run.home,
        "workflow",
        chain("pm3kCancelledStat", [
          start(),
          pm3k("Jobs", { operation: "listScheduled", scheduledOnly: false }),
          pm3k("Status", { operation: "getStatus" }),
        ]),
        run.env,
      );
      const out = await executeFailing(run.home, "pm3kCancelledStat", run.env);
      assert.match(out, /No Publish ID: the input item has no publish_id/);
      assert.ok(
        out.includes(
          `The input item is a scheduled post that was cancelled (job_id ${jobId}): it was never posted, so there is no publish_id to follow.`,
        ),
        out,
      );
      assert.deepEqual(
        run.server.logs.filter((l) => l.path === "/api/tiktok/status"),
        [],
      );
    });
  },
});

Deno.test({
  name:
    "Cancel Scheduled Post of a job cancelled before, in a real n8n: PM3K's 409 conflict, the description saying only a post still scheduled is cancelled and naming its state",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_cancel_twice", {}, async (run) => {
      const created = await run.me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(run.server.clock.now() + 2 * 3600_000).toISOString(),
        source_url: await run.me.uploadVideo(),
        title: "Cancelled twice",
        privacy: "SELF_ONLY",
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const jobId = String(created.body.job_id);
      await importInto(
        run.home,
        "workflow",
        chain("pm3kCancelTwice01", [
          start(),
          pm3k("Cancel", { operation: "cancelScheduled", jobId }),
          pm3k("Again", { operation: "cancelScheduled" }),
        ]),
        run.env,
      );
      const out = await executeFailing(run.home, "pm3kCancelTwice01", run.env);
      assert.match(
        out,
        /conflict: This job was already cancelled: it will not be posted/,
      );
      assert.ok(
        out.includes(
          "In n8n: only a post still scheduled (state scheduled) can be cancelled, and this one is cancelled;",
        ),
        out,
      );
    });
  },
});
