/**
 * A newcomer's ids (docs/api.md#limits-on-every-request): the post_id,
 * job_id or upload_id sent as /api/tiktok/status' publish_id, a publish_id
 * sent as a post's id, an `id` field in place of `publish_id`, a post's
 * `source_url` in place of from_url's `url`. The answer keeps its code and
 * status and says which id it was and what to send, over real HTTP, KV and
 * the simulator, and over MCP through the SDK's client; another account's
 * ids are still answered as none.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import { mcpClient, toolError } from "./_helpers/mcp_client.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";

Deno.test("an id of another kind than asked is named in the 404, on REST and MCP", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "id_kinds_me");
    const other = await posterFor(server, "id_kinds_other");

    const sourceUrl = await me.uploadVideo();
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: sourceUrl,
      title: "ids of every kind",
      privacy: "SELF_ONLY",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const publishId = String(posted.body.publish_id);
    const status = await me.json("POST", "/api/tiktok/status", {
      publish_id: publishId,
    });
    assert.equal(status.status, 200, JSON.stringify(status.body));
    const postId = String(status.body.post_id);

    // A post_id as the publish_id: 404 not_found, naming the publish_id.
    const byPostId = await me.json("POST", "/api/tiktok/status", {
      publish_id: postId,
    });
    assert.equal(byPostId.status, 404);
    assert.equal(byPostId.body.error, "not_found");
    assert.equal(
      byPostId.body.message,
      `No publish_id "${postId}" on this account: it is a post_id; that post's publish_id is "${publishId}".`,
    );

    // A publish_id as a post's id (stats, not_posted): names the post_id.
    const path = `/api/tiktok/posts/${encodeURIComponent(publishId)}`;
    for (
      const [method, url] of [
        ["GET", `${path}/stats`],
        ["POST", `${path}/not_posted`],
      ] as const
    ) {
      const res = await me.json(method, url);
      assert.equal(res.status, 404, `${url}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error, "not_found");
      assert.equal(
        res.body.message,
        `No post "${publishId}" on this account: it is a publish_id; that post's post_id is "${postId}".`,
      );
    }

    // A job's and an upload's id as the publish_id.
    const job = await scheduleJob(me, server.clock.now() + 2 * 86_400_000, {
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const byJob = await me.json("POST", "/api/tiktok/status", {
      publish_id: job.body.job_id,
    });
    assert.equal(byJob.status, 404);
    assert.match(
      String(byJob.body.message),
      /: it is a job_id of a job scheduled: a job is read by its job_id \(GET \/api\/jobs\/\{id\}, MCP get_scheduled\)/,
    );
    const uploaded = await me.json(
      "GET",
      "/api/uploads",
    );
    const uploadId = String(
      (uploaded.body.uploads as Record<string, unknown>[])[0].upload_id,
    );
    const byUpload = await me.json("POST", "/api/tiktok/status", {
      publish_id: uploadId,
    });
    assert.equal(byUpload.status, 404);
    assert.match(
      String(byUpload.body.message),
      /: it is an upload_id: an upload has no publish_id until its url is posted as source_url/,
    );

    // Another account's ids are none of its own: nothing about them said.
    for (const id of [postId, String(job.body.job_id), uploadId]) {
      const res = await other.json("POST", "/api/tiktok/status", {
        publish_id: id,
      });
      assert.equal(res.status, 404);
      assert.equal(
        res.body.message,
        `No publish_id "${id}" on this account.`,
      );
    }
    const theirs = await other.json("GET", `${path}/stats`);
    assert.equal(
      theirs.body.message,
      `No post "${publishId}" on this account.`,
    );

    // The same over MCP, through the SDK's own client.
    const client = await mcpClient(server, me.key);
    try {
      const mcpStatus = await toolError(client, "get_post_status", {
        publish_id: postId,
      }, "not_found");
      assert.equal(mcpStatus.message, byPostId.body.message);
      const mcpStats = await toolError(client, "get_post_stats", {
        post_id: publishId,
      }, "not_found");
      assert.match(
        String(mcpStats.message),
        /it is a publish_id; that post's post_id is/,
      );
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("a newcomer's name for status' publish_id or from_url's url is named in the 400, on REST and MCP", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "id_kinds_fields");
    const sourceUrl = await me.uploadVideo();
    const publishId = "v_pub_url~v2.1";
    // `id` for publish_id; a post's `source_url` for from_url's `url`.
    const idField = await me.json("POST", "/api/tiktok/status", {
      id: publishId,
    });
    assert.equal(idField.status, 400);
    assert.deepEqual(
      (idField.body.issues as { path: string }[]).find((i) => i.path === "id"),
      { path: "id", message: `unknown field (the id goes in "publish_id")` },
    );
    const postIdField = await me.json("POST", "/api/tiktok/status", {
      post_id: "01J0000000000000000000000",
    });
    assert.equal(postIdField.status, 400);
    assert.match(
      String(postIdField.body.message),
      /post_id: unknown field \(status takes the "publish_id" direct_post answered/,
    );
    const fromUrl = await me.json("POST", "/api/uploads/from_url", {
      source_url: sourceUrl,
    });
    assert.equal(fromUrl.status, 400);
    assert.deepEqual(
      (fromUrl.body.issues as { path: string }[]).find((i) =>
        i.path === "source_url"
      ),
      {
        path: "source_url",
        message: `unknown field (the link to fetch goes in "url")`,
      },
    );
    // A one-request upload's filename carried over: the copy names it.
    const named = await me.json("POST", "/api/uploads/from_url", {
      url: "https://cdn.example.com/clip.mp4",
      filename: "clip.mp4",
    });
    assert.equal(named.status, 400);
    assert.deepEqual(named.body.issues, [{
      path: "filename",
      message:
        `unknown field (a copy takes only "url" and "album_id": the file's name comes from the source's Content-Disposition, else the URL, and its bytes tell its type)`,
    }]);

    const client = await mcpClient(server, me.key);
    try {
      const mcpFromUrl = await toolError(client, "upload_media_from_url", {
        source_url: sourceUrl,
      }, "bad_request");
      assert.match(
        String(mcpFromUrl.message),
        /source_url: unknown field \(the link to fetch goes in "url"\)/,
      );
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("a post's id sent as a job_id (get, change, cancel a job) is named in the 404: a post sent at once has no job, a job's post names its job, an upload is scheduled to become one", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "id_kinds_jobs");
    const other = await posterFor(server, "id_kinds_jobs_other");
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "sent at once",
      privacy: "SELF_ONLY",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const publishId = String(posted.body.publish_id);
    const postId = String(
      (await me.json("POST", "/api/tiktok/status", { publish_id: publishId }))
        .body.post_id,
    );
    const sentAtOnce =
      "of a post sent at once, not a scheduled job: it has no job to read, change or cancel, and a post sent to TikTok is not taken back here; follow it with POST /api/tiktok/status (MCP get_post_status).";
    for (const [id, kind] of [[publishId, "publish_id"], [postId, "post_id"]]) {
      const path = `/api/jobs/${encodeURIComponent(id)}`;
      for (
        const [method, body] of [
          ["GET", undefined],
          ["DELETE", undefined],
          ["PATCH", { title: "later" }],
        ] as const
      ) {
        const res = await me.json(method, path, body);
        assert.equal(res.status, 404, `${method}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error, "not_found");
        assert.equal(
          res.body.message,
          `No job "${id}" on this account: it is a ${kind} ${sentAtOnce}`,
        );
      }
      // Another account's post is none of its own: nothing said.
      const theirs = await other.json("DELETE", path);
      assert.equal(theirs.body.message, `No job "${id}" on this account.`);
    }

    // An upload's id: scheduled, it becomes a job.
    const uploaded = await me.json("GET", "/api/uploads");
    const uploadId = String(
      (uploaded.body.uploads as Record<string, unknown>[])[0].upload_id,
    );
    const byUpload = await me.json("GET", `/api/jobs/${uploadId}`);
    assert.equal(byUpload.status, 404);
    assert.equal(
      byUpload.body.message,
      `No job "${uploadId}" on this account: it is an upload_id: an upload becomes a job when its url is scheduled as source_url (POST /api/jobs, MCP schedule_post), which answers a job_id.`,
    );
    // An album's id: its images scheduled, it becomes a job.
    const albumId = String(
      (await me.json("POST", "/api/albums")).body.album_id,
    );
    const byAlbum = await me.json("GET", `/api/jobs/${albumId}`);
    assert.equal(byAlbum.status, 404);
    assert.equal(
      byAlbum.body.message,
      `No job "${albumId}" on this account: it is an album_id: an album becomes a job when its images are scheduled as photo_images (POST /api/jobs, MCP schedule_post), which answers a job_id.`,
    );

    // A job's post: its publish_id names the job.
    const runAt = server.clock.now() + 2 * 86_400_000;
    const job = await scheduleJob(me, runAt, { privacy: "SELF_ONLY" });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    server.clock.set(runAt);
    await runDueJobs(server.deps, { horizonMs: 0 });
    const ran = await me.json("GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(ran.body.state, "posted", JSON.stringify(ran.body));
    const jobPublishId = String(ran.body.publish_id);
    const byJobPost = await me.json(
      "DELETE",
      `/api/jobs/${encodeURIComponent(jobPublishId)}`,
    );
    assert.equal(byJobPost.status, 404);
    assert.equal(
      byJobPost.body.message,
      `No job "${jobPublishId}" on this account: it is a publish_id; the scheduled job that made that post is "${job.body.job_id}".`,
    );

    // Over MCP, as an agent asked to cancel the post it just made.
    const client = await mcpClient(server, me.key);
    try {
      const cancelled = await toolError(client, "cancel_scheduled", {
        job_id: publishId,
      }, "not_found");
      assert.equal(
        cancelled.message,
        `No job "${publishId}" on this account: it is a publish_id ${sentAtOnce}`,
      );
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});
