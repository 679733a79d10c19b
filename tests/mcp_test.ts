/**
 * The MCP endpoint through the official SDK's own client over HTTP, against
 * the real server: the tools and their schemas, a video and a photo post
 * the sandbox TikTok records, an upload from a URL, status, the REST checks answering as tool
 * errors with the API's code and message, scheduling, drafts, limits, and
 * the key.
 */
import assert from "node:assert/strict";
import {
  mcpClient,
  postMcpRaw,
  toolError,
  toolOk as ok,
  withMcpPoster,
} from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  directPost,
  initsAtTikTok,
  limitsOf,
  posterFor,
  publishAtTikTok,
  SHORT_TIKTOK_TIMEOUT,
} from "./_helpers/posting_setup.ts";
import { NOT_POSTED_AFTER_MS } from "../lib/posting/not_posted.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import {
  asNewUpload,
  assertJsonError,
  assertJsonOk,
} from "./_helpers/http_asserts.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";

const HOUR = 3600_000;

/** The parts of the OpenAPI document the tests read. */
interface OpenApiDocument {
  paths: Record<string, {
    post: {
      requestBody: {
        content: Record<string, {
          schema: {
            oneOf: { properties: Record<string, { description?: string }> }[];
          };
        }>;
      };
    };
  }>;
}

Deno.test("MCP lists its tools with input schemas from the REST bodies and output schemas from the REST answers", async () => {
  await withMcpPoster("mcp_lister", async ({ client }) => {
    assert.equal(client.getServerVersion()?.name, "pm3k");
    // The instructions say which field of a limit's refusal tells when.
    const instructions = String(client.getInstructions());
    for (
      const words of [
        /retry_after \(a time\) or retry_after_seconds for a post now/,
        /next_free_at, the first run_at that fits/,
        /do not retry before get_limits' cooldown_until/,
        /give run_at with the user's UTC offset/,
        /lives 24 hours unless retain_album keeps it longer/,
        /domain_not_verified unless on a domain the account verified \(list_domains\)/,
      ]
    ) assert.match(instructions, words);
    const { tools } = await client.listTools() as ListToolsResult;
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      "cancel_scheduled",
      "change_scheduled",
      "check_caption",
      "complete_upload",
      "create_album",
      "delete_album",
      "delete_upload",
      "get_account",
      "get_album",
      "get_creator_info",
      "get_limits",
      "get_post_stats",
      "get_post_status",
      "get_scheduled",
      "get_upload",
      "list_albums",
      "list_domains",
      "list_posts",
      "list_scheduled",
      "list_uploads",
      "mark_not_posted",
      "post_photos",
      "post_video",
      "retain_album",
      "schedule_post",
      "start_upload",
      "upload_media_from_url",
    ]);
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const t of tools) {
      assert.equal(t.inputSchema.type, "object");
      // Every argument says what it takes (but the implied media_type,
      // a constant, as OpenAPI lists it).
      for (
        const [field, schema] of Object.entries(t.inputSchema.properties ?? {})
      ) {
        if (field === "media_type" && t.name.startsWith("post_")) continue;
        assert.ok(
          ((schema as { description?: string }).description ?? "").length > 10,
          `${t.name}.${field} has no description`,
        );
      }
      assert.equal(
        (t.inputSchema as { additionalProperties?: unknown })
          .additionalProperties,
        false,
        `${t.name}: unknown arguments are refused, as unknown fields are`,
      );
      assert.equal(t.outputSchema?.type, "object", t.name);
      assert.ok(t.description && t.description.length > 20, t.name);
      // Strict clients (OpenAI's function schemas among them) resolve no
      // references: every schema stands alone.
      for (const schema of [t.inputSchema, t.outputSchema]) {
        const json = JSON.stringify(schema);
        assert.ok(!/"\$ref"|"\$defs"|"definitions"/.test(json), t.name);
      }
    }
    // The rules an agent gets wrong are in the posting tools' descriptions.
    for (const name of ["post_video", "post_photos", "schedule_post"]) {
      const text = byName.get(name)!.description!;
      assert.match(text, /get_creator_info's privacy_level_options/, name);
      assert.match(text, /at most 1 post an hour/, name);
      assert.match(text, /no link/, name);
      assert.match(text, /start_upload/, name);
    }
    // A post refused as too soon: the descriptions offer scheduling.
    for (const name of ["post_video", "post_photos"]) {
      assert.match(
        byName.get(name)!.description!,
        /interval_limit or daily_limit.*offer schedule_post at that time/,
        name,
      );
    }
    const video = byName.get("post_video")!.inputSchema;
    assert.deepEqual(video.required, ["source_url", "title"]);
    assert.deepEqual(
      (video.properties!.privacy as { enum: string[] }).enum,
      [
        "PUBLIC_TO_EVERYONE",
        "MUTUAL_FOLLOW_FRIENDS",
        "FOLLOWER_OF_CREATOR",
        "SELF_ONLY",
      ],
    );
    assert.deepEqual(byName.get("post_photos")!.inputSchema.required, [
      "photo_images",
      "title",
    ]);
    const schedule = byName.get("schedule_post")!.inputSchema;
    assert.deepEqual(schedule.required, ["title", "run_at"]);
    assert.ok(
      schedule.properties!.photo_images && schedule.properties!.source_url,
    );
    assert.deepEqual(byName.get("get_post_status")!.inputSchema.required, [
      "publish_id",
    ]);
    assert.deepEqual(byName.get("cancel_scheduled")!.inputSchema.required, [
      "job_id",
    ]);
    assert.equal(byName.get("get_limits")!.annotations?.readOnlyHint, true);
    assert.equal(byName.get("post_video")!.annotations?.readOnlyHint, false);
    // Tools that ask TikTok say so; those reading PM3K's records do not.
    for (
      const [name, open] of [
        ["get_post_stats", true],
        ["get_creator_info", true],
        ["get_post_status", false],
        ["list_posts", false],
      ] as const
    ) {
      assert.equal(byName.get(name)!.annotations?.openWorldHint, open, name);
    }
  });
});

Deno.test("MCP: complete_upload is not idempotent, get_post_status says each call counts, and the upload tools say the plan's file size and progress", async () => {
  await withMcpPoster("mcp_tool_hints", async ({ client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const byName = new Map(tools.map((t) => [t.name, t]));
    // A refusal deletes the upload: a second call answers not_found.
    assert.equal(
      byName.get("complete_upload")!.annotations?.idempotentHint,
      false,
    );
    const status = byName.get("get_post_status")!;
    assert.equal(status.annotations?.readOnlyHint, true);
    assert.match(
      status.description!,
      /At most 20 calls a minute and 40 an hour .* Each call counts against them, though it only reads: do not call it in parallel/,
    );
    const fromUrl = byName.get("upload_media_from_url")!.description!;
    assert.doesNotMatch(fromUrl, /: If a call/);
    assert.match(
      fromUrl,
      /A copy can take minutes: give a progressToken \(the request's _meta\) to get progress notifications/,
    );
    for (const name of ["upload_media_from_url", "start_upload"]) {
      assert.match(
        byName.get(name)!.description!,
        /The largest file depends on the account's plan \(get_account's plan\): 100 MB on Free, 200 MB on Monthly, 200 MB on Annual; a larger one is refused with file_too_large\./,
        name,
      );
    }
  });
});

Deno.test("MCP: every argument of the posting tools says what it takes, in the words OpenAPI gives direct_post's fields", async () => {
  await withMcpPoster("mcp_argument_words", async ({ server, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const byName = new Map(tools.map((t) => [t.name, t]));
    const described = (name: string) =>
      byName.get(name)!.inputSchema.properties as Record<
        string,
        { description?: string }
      >;
    for (const name of ["post_video", "post_photos", "schedule_post"]) {
      for (const [field, schema] of Object.entries(described(name))) {
        if (field === "media_type" && name !== "schedule_post") continue;
        assert.ok(
          (schema.description ?? "").length > 10,
          `${name}.${field} has no description`,
        );
      }
    }
    const document = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(document.status, 200);
    const openapi = await document.json() as OpenApiDocument;
    const [video, photo] = openapi.paths["/api/tiktok/direct_post"].post
      .requestBody.content["application/json"].schema.oneOf;
    // idempotency_key is the Idempotency-Key header as an argument (MCP
    // has no headers): no field of the body.
    const bodyFields = (name: string) =>
      Object.entries(described(name)).filter(([f]) => f !== "idempotency_key");
    for (const [field, schema] of bodyFields("post_video")) {
      assert.equal(
        schema.description,
        video.properties[field].description,
        field,
      );
    }
    for (const [field, schema] of bodyFields("post_photos")) {
      assert.equal(
        schema.description,
        photo.properties[field].description,
        field,
      );
    }
    const videoArgs = described("post_video");
    assert.match(
      String(videoArgs.privacy.description),
      /privacy_level_options/,
    );
    assert.match(String(videoArgs.title.description), /2200/);
    assert.match(
      String(described("post_photos").photo_cover_index.description),
      /index in photo_images, from 0/,
    );
  });
});

Deno.test("MCP post_photos lists photo_images as required, 1 to 35 URLs, and the cover from 0; a call breaking them is refused with REST's codes", async () => {
  await withMcpPoster("mcp_photo_listing", async ({ me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const photos = tools.find((t) => t.name === "post_photos")!.inputSchema;
    assert.deepEqual(photos.required, ["photo_images", "title"]);
    const props = photos.properties as Record<string, Record<string, unknown>>;
    assert.equal(props.photo_images.type, "array", "never null");
    assert.equal(props.photo_images.minItems, 1);
    assert.equal(props.photo_images.maxItems, 35);
    assert.equal(props.photo_cover_index.minimum, 0);
    assert.equal(props.photo_cover_index.maximum, 34);
    // The listing guides; the checks stay REST's, with their own codes.
    await toolError(client, "post_photos", { title: "none" }, "too_few_images");
    await toolError(
      client,
      "post_photos",
      { title: "null", photo_images: null },
      "too_few_images",
    );
    const { urls } = await albumOf(me, "photo2.jpg");
    await toolError(
      client,
      "post_photos",
      { title: "cover", photo_images: urls, photo_cover_index: 3 },
      "cover_out_of_range",
    );
  });
});

Deno.test("MCP schedule_post lists photo_images and photo_cover_index with post_photos' bounds, and neither video nor photos says both ways", async () => {
  await withMcpPoster("mcp_schedule_listing", async ({ server, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const propsOf = (name: string) =>
      tools.find((t) => t.name === name)!.inputSchema.properties as Record<
        string,
        Record<string, unknown>
      >;
    const photos = propsOf("post_photos");
    const schedule = propsOf("schedule_post");
    // The same bounds, never null: a strict client checks before sending.
    assert.deepEqual(schedule.photo_images, photos.photo_images);
    assert.deepEqual(schedule.photo_cover_index, photos.photo_cover_index);
    assert.equal(schedule.photo_images.type, "array");
    assert.equal(schedule.photo_images.maxItems, 35);
    assert.equal(schedule.photo_cover_index.maximum, 34);

    const refused = await toolError(client, "schedule_post", {
      title: "neither",
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
    }, "bad_request");
    assert.equal(
      refused.message,
      "Invalid request: source_url: required field missing: give source_url for a video, or media_type PHOTO with photo_images for photos",
    );
    assert.deepEqual(refused.issues, [{
      path: "source_url",
      message:
        "required field missing: give source_url for a video, or media_type PHOTO with photo_images for photos",
    }]);
  });
});

Deno.test("MCP post_video and schedule_post say which privacy they used, the account's default when none was given; REST's answers stay the contract's", async () => {
  await withMcpPoster("mcp_privacy_used", async ({ server, me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    for (const name of ["post_video", "post_photos", "schedule_post"]) {
      const out = tools.find((t) => t.name === name)!.outputSchema!;
      assert.ok(out.properties?.privacy, name);
      assert.ok(out.properties?.privacy_default, name);
    }
    const posted = await ok(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "no privacy named",
    });
    assert.equal(posted.privacy, "PUBLIC_TO_EVERYONE");
    assert.equal(posted.privacy_default, true);
    assert.equal(
      (await publishAtTikTok(server, posted.publish_id)).privacyLevel,
      "PUBLIC_TO_EVERYONE",
    );
    const scheduled = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo("b.mp4"),
      title: "named",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
    });
    assert.equal(scheduled.privacy, "SELF_ONLY");
    assert.equal(scheduled.privacy_default, false);
    const defaulted = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo("c.mp4"),
      title: "default later",
      run_at: new Date(server.clock.now() + 6 * HOUR).toISOString(),
    });
    assert.equal(defaulted.privacy, "PUBLIC_TO_EVERYONE");
    assert.equal(defaulted.privacy_default, true);
    // REST answers as the contract has it.
    const rest = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      source_url: await me.uploadVideo("d.mp4"),
      title: "rest",
      run_at: new Date(server.clock.now() + 9 * HOUR).toISOString(),
    });
    assert.equal(rest.status, 200, JSON.stringify(rest.body));
    assert.equal("privacy" in rest.body, false);
  });
});

Deno.test("MCP post_video posts an uploaded file as REST does; status follows it; the checks answer as tool errors with the API's code", async () => {
  await withMcpPoster("mcp_poster", async ({ server, me, client }) => {
    const url = await me.uploadVideo();
    const posted = await ok(client, "post_video", {
      source_url: url,
      title: "posted through MCP",
      privacy: "SELF_ONLY",
    });
    assert.deepEqual(Object.keys(posted).sort(), [
      "ok",
      "privacy",
      "privacy_default",
      "publish_id",
    ]);
    const publish = await publishAtTikTok(server, posted.publish_id);
    assert.equal(publish.openId, me.openId);
    assert.equal(publish.kind, "video");
    assert.equal(publish.title, "posted through MCP");
    assert.equal(publish.privacyLevel, "SELF_ONLY");
    assert.equal(await initsAtTikTok(server, me), 1);

    const status = await ok(client, "get_post_status", {
      publish_id: posted.publish_id,
    });
    assert.equal(status.state, "pending");
    assert.equal(status.status, "PROCESSING_DOWNLOAD");
    // The call counted against the account's status limits, as REST's.
    const limits = await limitsOf(me);
    assert.equal(limits.status_calls_left_minute, 19);

    // A second post within the hour: the reservation's own refusal.
    const second = { source_url: await me.uploadVideo("b.mp4"), title: "2nd" };
    const refused = await toolError(
      client,
      "post_video",
      second,
      "interval_limit",
    );
    const rest = await assertJsonError(
      await directPost(me, second),
      429,
      "interval_limit",
    );
    assert.equal(refused.message, rest.message);
    assert.equal(
      refused.message,
      "You must wait about 60 more minutes before next TikTok post.",
    );
    assert.equal(refused.retry_after, rest.retry_after);

    // The REST rules check the arguments: TikTok's field name is refused
    // with the hint, as on /api.
    const unknown = await toolError(client, "post_video", {
      source_url: url,
      title: "t",
      privacy_level: "SELF_ONLY",
    }, "bad_request");
    assert.deepEqual(unknown.issues, [{
      path: "privacy_level",
      message: `unknown field (TikTok's name; this API's field is "privacy")`,
    }]);
    // A misspelt argument names the one meant, as on /api.
    const misspelt = await toolError(client, "post_video", {
      source_url: url,
      title: "t",
      disable_coment: true,
    }, "bad_request");
    assert.deepEqual(misspelt.issues, [{
      path: "disable_coment",
      message: 'unknown field (did you mean "disable_comment"?)',
    }]);
    await toolError(client, "post_video", { title: "no url" }, "bad_request");
    // The ids an upload or album answer gives, where the post takes URLs:
    // the hint says which URL goes where, as on /api.
    const byId = await toolError(client, "post_video", {
      upload_id: "01UPLOADID",
      title: "by id",
    }, "bad_request");
    assert.deepEqual(byId.issues, [
      {
        path: "source_url",
        message: "required field missing (expected string)",
      },
      {
        path: "upload_id",
        message:
          `unknown field (the upload's "url" goes in "source_url" (a video) or "photo_images" (an album's images))`,
      },
    ]);
    const byAlbum = await toolError(client, "post_photos", {
      album_id: "01ALBUMID",
      title: "by album",
    }, "bad_request");
    assert.deepEqual(byAlbum.issues, [{
      path: "album_id",
      message:
        `unknown field (an album's images go in "photo_images", in order: its photo_images (GET /api/albums/{id}; MCP get_album))`,
    }]);
    assert.deepEqual(
      byAlbum,
      await assertJsonError(
        await directPost(me, {
          media_type: "PHOTO",
          album_id: "01ALBUMID",
          title: "by album",
        }),
        400,
        "bad_request",
      ),
    );
    // Anti-spam applies too: a link in the caption.
    server.clock.advance(HOUR);
    await toolError(client, "post_video", {
      source_url: await me.uploadVideo("c.mp4"),
      title: "see https://example.com",
    }, "links_forbidden");

    // Photos: an album's images, posted as one carousel.
    const { urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const photos = await ok(client, "post_photos", {
      photo_images: urls,
      title: "two photos",
      photo_cover_index: 1,
    });
    const carousel = await publishAtTikTok(server, photos.publish_id);
    assert.equal(carousel.kind, "photo");
    assert.equal(carousel.urls.length, 2);
    assert.equal(await initsAtTikTok(server, me), 2);

    // list_posts answers what GET /api/tiktok/posts answers.
    assert.deepEqual(
      await ok(client, "list_posts"),
      await assertJsonOk(await me.call("GET", "/api/tiktok/posts")),
    );
  });
});

Deno.test("MCP schedule_post, list_scheduled and cancel_scheduled schedule, list and cancel a job; schedule_post refuses a kind argument", async () => {
  await withMcpPoster("mcp_scheduler", async ({ server, me, client }) => {
    const runAt = new Date(server.clock.now() + 2 * HOUR).toISOString();
    const job = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "later",
      run_at: runAt,
    });
    assert.equal(job.state, "scheduled");
    assert.equal(job.run_at, runAt);
    // The calendar rule, as on POST /api/jobs.
    await toolError(client, "schedule_post", {
      source_url: await me.uploadVideo("b.mp4"),
      title: "too close",
      run_at: new Date(Date.parse(runAt) + HOUR - 1).toISOString(),
    }, "interval_limit");
    await toolError(client, "schedule_post", {
      source_url: await me.uploadVideo("c.mp4"),
      title: "bad time",
      run_at: "tomorrow",
    }, "bad_request");
    // `kind` is implied, not listed: given, it is an unknown argument, as
    // any other is, even with the one value it could have; its issue says
    // to leave it out (tests/mcp_schedule_kind_test.ts).
    const withKind = await toolError(client, "schedule_post", {
      kind: "tiktok",
      source_url: await me.uploadVideo("d.mp4"),
      title: "names its kind",
      run_at: new Date(Date.parse(runAt) + 2 * HOUR).toISOString(),
    }, "bad_request");
    assert.deepEqual(withKind.issues, [{
      path: "kind",
      message:
        `unknown field (schedule_post takes no kind: leave it out (REST's POST /api/jobs takes "kind": "tiktok"; this tool always schedules a TikTok post))`,
    }]);

    const listed = await ok(client, "list_scheduled");
    assert.deepEqual(
      listed,
      await assertJsonOk(await me.call("GET", "/api/jobs")),
    );
    const jobs = listed.jobs as Record<string, unknown>[];
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].job_id, job.job_id);
    assert.equal(jobs[0].state, "scheduled");

    const moved = new Date(Date.parse(runAt) + 3 * HOUR).toISOString();
    const changed = await ok(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: moved,
      title: "later still",
    });
    assert.equal(changed.run_at, moved);
    assert.equal(changed.title, "later still");
    await toolError(client, "change_scheduled", {
      job_id: job.job_id,
    }, "bad_request");
    await toolError(client, "change_scheduled", {
      job_id: job.job_id,
      title: "see www.example.com",
    }, "links_forbidden");

    const cancelled = await ok(client, "cancel_scheduled", {
      job_id: job.job_id,
    });
    assert.equal(cancelled.state, "cancelled");
    const again = await toolError(client, "cancel_scheduled", {
      job_id: job.job_id,
    }, "conflict");
    assert.equal(again.state, "cancelled");
    // A retry after a lost answer meets this conflict: the description
    // says it means done, not a failure to cancel.
    const { tools } = await client.listTools() as ListToolsResult;
    const described = (name: string) =>
      String(tools.find((t) => t.name === name)!.description);
    assert.match(
      described("cancel_scheduled"),
      /Called again after a lost answer, conflict with state cancelled means the first call cancelled it/,
    );
    for (const name of ["delete_upload", "delete_album"]) {
      assert.match(
        described(name),
        /Called again after a lost answer, not_found means it is already deleted/,
        name,
      );
    }
    await toolError(client, "change_scheduled", {
      job_id: job.job_id,
      title: "revived",
    }, "conflict");
    await toolError(
      client,
      "cancel_scheduled",
      { job_id: "01NOSUCHJOB" },
      "not_found",
    );
    const after = await ok(client, "list_scheduled", { limit: 5 });
    assert.equal(
      (after.jobs as Record<string, unknown>[])[0].state,
      "cancelled",
    );
  });
});

Deno.test("MCP get_scheduled follows one job by its id, as GET /api/jobs/{id} does: scheduled, then posted with its publish status", async () => {
  await withMcpPoster("mcp_job_follower", async ({ server, me, client }) => {
    const job = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "followed by id",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 10 * 60_000).toISOString(),
    });
    const rest = async () =>
      await assertJsonOk(await me.call("GET", `/api/jobs/${job.job_id}`));
    const scheduled = await ok(client, "get_scheduled", {
      job_id: job.job_id,
    });
    assert.deepEqual(scheduled, await rest());
    assert.deepEqual(
      [scheduled.state, scheduled.run_at, scheduled.publish_id],
      ["scheduled", job.run_at, null],
    );

    server.clock.advance(10 * 60_000);
    await runDueJobs(server.deps, { horizonMs: 0 });
    const posted = await ok(client, "get_scheduled", { job_id: job.job_id });
    assert.deepEqual(posted, await rest());
    assert.equal(posted.state, "posted");
    const status = posted.publish_status as Record<string, unknown>;
    assert.equal(status.state, "pending");
    // Its publish_id is the one get_post_status follows.
    const followed = await ok(client, "get_post_status", {
      publish_id: posted.publish_id,
    });
    assert.equal(followed.status, status.status);

    await toolError(
      client,
      "get_scheduled",
      { job_id: "01NOSUCHJOB" },
      "not_found",
    );
    const other = await posterFor(server, "mcp_job_stranger");
    const stranger = await mcpClient(server, other.key);
    try {
      await toolError(
        stranger,
        "get_scheduled",
        { job_id: job.job_id },
        "not_found",
      );
    } finally {
      await stranger.close();
    }
  });
});

Deno.test("MCP list_scheduled and get_scheduled show who can view each job: the privacy it names, or null for the account's default at its run", async () => {
  await withMcpPoster("mcp_job_privacy", async ({ server, me, client }) => {
    const named = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "only me",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
    });
    const unnamed = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo("b.mp4"),
      title: "the default",
      run_at: new Date(server.clock.now() + 4 * HOUR).toISOString(),
    });
    const { jobs } = await ok(client, "list_scheduled") as {
      jobs: Record<string, unknown>[];
    };
    // (Two jobs made in the same test-clock millisecond: any order.)
    const privacyOf = new Map(jobs.map((j) => [j.job_id, j.privacy]));
    assert.equal(privacyOf.size, 2);
    assert.equal(privacyOf.get(named.job_id), "SELF_ONLY");
    assert.equal(privacyOf.get(unnamed.job_id), null);
    const one = await ok(client, "get_scheduled", { job_id: named.job_id });
    assert.equal(one.privacy, "SELF_ONLY");
    assert.deepEqual(
      one,
      await assertJsonOk(await me.call("GET", `/api/jobs/${named.job_id}`)),
    );
  });
});

Deno.test("MCP change_scheduled refuses a change as PATCH /api/jobs/{id} does: the same issues, hints and rule", async () => {
  await withMcpPoster("mcp_changer", async ({ server, me, client }) => {
    const job = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "to change",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
    });
    for (
      const change of [
        { caption: "new words" },
        { scheduled_at: new Date(server.clock.now() + 3 * HOUR).toISOString() },
        {},
        { privacy: "SELF_ONLY" },
      ]
    ) {
      const refused = await toolError(client, "change_scheduled", {
        job_id: job.job_id,
        ...change,
      }, "bad_request");
      const rest = await assertJsonError(
        await me.call("PATCH", `/api/jobs/${job.job_id}`, change),
        400,
        "bad_request",
      );
      assert.deepEqual(refused, rest, JSON.stringify(change));
    }
    const caption = await toolError(client, "change_scheduled", {
      job_id: job.job_id,
      caption: "new words",
    }, "bad_request");
    assert.deepEqual(caption.issues, [
      {
        path: "caption",
        message: `unknown field (the caption goes in "title")`,
      },
      { path: "", message: "Give run_at, title or both." },
    ]);
    // Privacy, media and settings are fixed once scheduled: the hint says
    // what to do instead.
    const privacy = await toolError(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
      privacy: "SELF_ONLY",
      source_url: await me.uploadVideo("other.mp4"),
    }, "bad_request");
    assert.deepEqual(privacy.issues, [
      {
        path: "privacy",
        message:
          "unknown field (a scheduled post's privacy cannot change: cancel the job and schedule it again)",
      },
      {
        path: "source_url",
        message:
          "unknown field (a scheduled post's source_url cannot change: cancel the job and schedule it again)",
      },
    ]);
    // Without the job, the tool's own argument is named too.
    const noJob = await toolError(client, "change_scheduled", {
      title: "which job?",
    }, "bad_request");
    assert.deepEqual(noJob.issues, [{
      path: "job_id",
      message: "required field missing (expected string)",
    }]);
  });
});

Deno.test("MCP schedule_post: run_at in the user's offset is the same instant, answered in UTC; the tools and the schema say so, as OpenAPI does", async () => {
  await withMcpPoster("mcp_time_zones", async ({ server, me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    const byName = new Map(tools.map((t) => [t.name, t]));
    const runAt = (byName.get("schedule_post")!.inputSchema.properties!
      .run_at) as { description?: string };
    assert.match(String(runAt.description), /UTC offset/);
    assert.match(String(runAt.description), /answered in UTC/);
    // One description, from the REST schema: OpenAPI lists the same.
    const document = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(document.status, 200);
    const openapi = await document.json() as OpenApiDocument;
    const jobBodies = openapi.paths["/api/jobs"].post.requestBody.content[
      "application/json"
    ].schema.oneOf;
    for (const body of jobBodies) {
      assert.equal(body.properties.run_at.description, runAt.description);
    }
    // An agent told "tomorrow at 9" must not assume UTC.
    for (const name of ["schedule_post", "change_scheduled"]) {
      assert.match(
        byName.get(name)!.description!,
        /does not know the user's time zone: write run_at with the user's UTC offset/,
        name,
      );
    }
    // "Today" would read as the user's day: the windows are said.
    assert.match(
      byName.get("get_limits")!.description!,
      /Posts left in the last 24 hours \(a rolling window, not the calendar day\), uploads left until 00:00 UTC/,
    );
    const limits = byName.get("get_limits")!.outputSchema!.properties!;
    assert.match(
      String((limits.next_post_at as { description?: string }).description),
      /ISO 8601, UTC/,
    );

    // 09:00 tomorrow in New York (UTC-5 in winter) is 14:00 UTC.
    const tomorrow = new Date(server.clock.now() + 24 * HOUR)
      .toISOString().slice(0, 10);
    const job = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "nine in New York",
      run_at: `${tomorrow}T09:00:00-05:00`,
    });
    assert.equal(job.run_at, `${tomorrow}T14:00:00.000Z`);
    const moved = await ok(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: `${tomorrow}T10:30:00+05:30`,
    });
    assert.equal(moved.run_at, `${tomorrow}T05:00:00.000Z`);
    // A time without a zone is refused, not read as UTC or server time.
    const naive = await toolError(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: `${tomorrow}T09:00:00`,
    }, "bad_request");
    assert.deepEqual(naive.issues, [{
      path: "run_at",
      message:
        "run_at must be a date and time that exist, in ISO 8601 to the second with a zone, e.g. 2026-12-01T12:30:00Z or 2026-12-01T13:30:00+01:00",
    }]);
  });
});

Deno.test("MCP mark_not_posted: a post TikTok never answered, not on the profile, gives its video and caption back, as POST /api/tiktok/posts/{id}/not_posted does", async () => {
  await withMcpPoster(
    "mcp_lost_post",
    { env: SHORT_TIKTOK_TIMEOUT },
    async ({ server, me, client }) => {
      await me.sandbox({ faults: [{ fault: "timeout" }] });
      const lost = {
        source_url: await me.uploadVideo(),
        title: "lost in transit",
        privacy: "SELF_ONLY",
      };
      const unknown = await toolError(
        client,
        "post_video",
        lost,
        "tiktok_error",
      );
      assert.equal(unknown.outcome, "unknown");
      const postId = String(unknown.post_id);
      // Held meanwhile: posting it again is a duplicate, naming the post
      // that has the video (as on /api), so an agent finds it unknown.
      const held = await toolError(
        client,
        "post_video",
        lost,
        "video_duplicate",
      );
      assert.equal(held.post_id, postId);
      assert.deepEqual(
        held,
        await assertJsonError(
          await directPost(me, lost),
          400,
          "video_duplicate",
        ),
      );
      const caption = await toolError(client, "schedule_post", {
        ...lost,
        source_url: await me.uploadVideo("other.mp4"),
        run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
      }, "caption_duplicate_account");
      assert.equal(caption.post_id, postId);
      const { posts } = await ok(client, "list_posts") as {
        posts: Record<string, unknown>[];
      };
      assert.deepEqual(
        [posts[0].post_id, posts[0].state],
        [postId, "unknown"],
      );

      // TikTok may still be processing it: not within the hour.
      const early = await toolError(client, "mark_not_posted", {
        post_id: postId,
      }, "conflict");
      assert.equal(early.not_posted_from, posts[0].not_posted_from);
      assert.equal(
        Date.parse(String(early.not_posted_from)),
        Date.parse(String(posts[0].created_at)) + NOT_POSTED_AFTER_MS,
      );

      server.clock.set(Date.parse(String(early.not_posted_from)));
      const marked = await ok(client, "mark_not_posted", { post_id: postId });
      const post = marked.post as Record<string, unknown>;
      assert.deepEqual(
        [post.post_id, post.state, post.fail_reason],
        [postId, "failed", "not_posted"],
      );
      // The post as REST lists it now.
      const rest = await assertJsonOk(
        await me.call("GET", "/api/tiktok/posts"),
      );
      assert.deepEqual((rest.posts as unknown[])[0], post);
      // Once only, as on REST; another id is not_found.
      await toolError(
        client,
        "mark_not_posted",
        { post_id: postId },
        "conflict",
      );
      await toolError(
        client,
        "mark_not_posted",
        { post_id: "01NOSUCHPOST" },
        "not_found",
      );
      // Its video and caption are back: the same post goes now.
      await ok(client, "post_video", lost);
    },
  );
});

Deno.test("MCP get_post_status: a publish TikTok failed says so, with its sentence, and, as its description tells, the same video and caption post again at once", async () => {
  await withMcpPoster("mcp_failed_publish", async ({ server, me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    assert.match(
      tools.find((t) => t.name === "get_post_status")!.description!,
      /Failed means nothing was posted: fail_reason says why .* given back, so fix that and post again/,
    );
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const post = {
      source_url: await me.uploadVideo(),
      title: "flagged once",
      privacy: "SELF_ONLY",
    };
    const first = await ok(client, "post_video", post);
    await followAMinuteLater(server); // TikTok downloads
    await followAMinuteLater(server); // and fails it
    const failed = await ok(client, "get_post_status", {
      publish_id: first.publish_id,
    });
    assert.deepEqual(
      [failed.state, failed.fail_reason, failed.fail_message],
      [
        "failed",
        "spam_risk_text",
        "TikTok flagged the caption as spam. Change the caption before posting again.",
      ],
    );
    // Nothing was posted: the video, caption and the hour's slot are back.
    const again = await ok(client, "post_video", post);
    assert.notEqual(again.publish_id, first.publish_id);
  });
});

Deno.test("MCP: after TikTok's 429 the fields the instructions name agree: retry_after_seconds, get_limits' cooldown_until, a job's next_free_at", async () => {
  await withMcpPoster("mcp_throttled", async ({ server, me, client }) => {
    await me.sandbox({ faults: [{ fault: "rate_limit" }] });
    const video = await me.uploadVideo();
    const limited = await toolError(client, "post_video", {
      source_url: video,
      title: "into TikTok's 429",
    }, "tiktok_rate_limit");
    const until = server.clock.now() +
      Number(limited.retry_after_seconds) * 1000;
    const limits = await ok(client, "get_limits");
    assert.equal(limits.cooldown_until, new Date(until).toISOString());
    const cooling = await toolError(client, "post_video", {
      source_url: video,
      title: "into TikTok's 429",
    }, "tiktok_cooldown");
    assert.equal(cooling.retry_after, limits.cooldown_until);
    // A job before the cooldown ends is refused with the first time that
    // fits; offered back, that time is taken.
    const early = await toolError(client, "schedule_post", {
      source_url: video,
      title: "after the pause",
      run_at: new Date(server.clock.now() + HOUR).toISOString(),
    }, "tiktok_cooldown");
    assert.equal(early.next_free_at, limits.cooldown_until);
    const job = await ok(client, "schedule_post", {
      source_url: video,
      title: "after the pause",
      run_at: early.next_free_at,
    });
    assert.equal(job.run_at, early.next_free_at);
  });
});

Deno.test("MCP get_post_status: the hourly cap its description warns of, then status_cooldown until the next post", async () => {
  await withMcpPoster("mcp_status_cap", async ({ server, me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    assert.match(
      tools.find((t) => t.name === "get_post_status")!.description!,
      /going over 40 in an hour blocks get_post_status for the account until its next post \(status_cooldown\)/,
    );
    assert.match(
      String(client.getInstructions()),
      /at most 40 calls an hour: more blocks it until the account's next post/,
    );
    const posted = await ok(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "watched too closely",
    });
    const publish_id = posted.publish_id;
    for (let minute = 0; minute < 2; minute++) {
      for (let i = 0; i < 20; i++) {
        await ok(client, "get_post_status", { publish_id });
      }
      server.clock.advance(61_000);
    }
    const limits = await ok(client, "get_limits");
    assert.equal(limits.status_calls_left_hour, 0);
    await toolError(
      client,
      "get_post_status",
      { publish_id },
      "status_cooldown",
    );
    // Still blocked later in the hour, until a post is made.
    server.clock.advance(30 * 60_000);
    await toolError(
      client,
      "get_post_status",
      { publish_id },
      "status_cooldown",
    );
  });
});

Deno.test("MCP get_creator_info says when the TikTok app is unaudited and lists only SELF_ONLY, the privacy it takes", async () => {
  await withMcpPoster("mcp_unaudited", {
    env: { TIKTOK_APP_AUDITED: "false" },
  }, async ({ me, client }) => {
    const info = await ok(client, "get_creator_info");
    assert.deepEqual(
      info,
      await assertJsonOk(await me.call("GET", "/api/tiktok/creator_info")),
    );
    assert.equal(info.app_audited, false);
    // Only what a post is accepted with, as the composer offers it.
    assert.deepEqual(info.privacy_level_options, ["SELF_ONLY"]);
    // What the flag says: any privacy but SELF_ONLY is refused.
    const refused = await toolError(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "public before the audit",
      privacy: "PUBLIC_TO_EVERYONE",
    }, "privacy_unaudited_app");
    assert.deepEqual(refused.allowed_privacy, ["SELF_ONLY"]);
    const { tools } = await client.listTools() as ListToolsResult;
    assert.match(
      tools.find((t) => t.name === "post_video")!.description!,
      /only SELF_ONLY while its app_audited is false/,
    );
  });
});

Deno.test("MCP get_limits, get_account and get_creator_info answer what GET /api/limits, /api/me and /api/tiktok/creator_info answer", async () => {
  await withMcpPoster("mcp_planner", async ({ server, me, client }) => {
    const rest = () => limitsOf(me);
    assert.deepEqual(await ok(client, "get_limits"), await rest());
    await ok(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "counted",
    });
    const limits = await ok(client, "get_limits");
    assert.deepEqual(limits, await rest());
    assert.equal(limits.posts_left_today, 9);
    assert.equal(
      limits.next_post_at,
      new Date(server.clock.now() + HOUR).toISOString(),
    );
    // Which account the key posts to, and who sees a post naming no privacy.
    const account = await ok(client, "get_account");
    assert.deepEqual(
      account,
      await assertJsonOk(await me.call("GET", "/api/me")),
    );
    assert.deepEqual(
      [account.open_id, account.default_privacy],
      [me.openId, "PUBLIC_TO_EVERYONE"],
    );
    // The test server's sandbox app is audited.
    assert.equal((await ok(client, "get_creator_info")).app_audited, true);
    assert.deepEqual(
      await ok(client, "get_creator_info"),
      await assertJsonOk(await me.call("GET", "/api/tiktok/creator_info")),
    );
    // Arguments a tool does not take are refused, as unknown fields are.
    await toolError(client, "get_limits", { verbose: true }, "bad_request");
  });
});

Deno.test("MCP: an unknown tool is InvalidParams naming the tools there are, a near name first", async () => {
  await withMcpPoster("mcp_unknown_tool", async ({ client }) => {
    // An unknown tool says which there are, a near one first, so a model
    // shown the error picks the right one.
    await assert.rejects(
      client.callTool({ name: "no_such_tool", arguments: {} }),
      /Unknown tool: no_such_tool\. This server's tools \(tools\/list describes them\): post_video, post_photos, .*, get_limits/,
    );
    await assert.rejects(
      client.callTool({ name: "post_photo", arguments: {} }),
      /Unknown tool: post_photo\. Did you mean post_photos\?/,
    );
    await assert.rejects(
      client.callTool({ name: "pm3k_post_video", arguments: {} }),
      /Unknown tool: pm3k_post_video\. Did you mean post_video\?/,
    );
    // A misspelt name or another spelling style, as a model may guess.
    await assert.rejects(
      client.callTool({ name: "post_vidoe", arguments: {} }),
      /Unknown tool: post_vidoe\. Did you mean post_video\?/,
    );
    await assert.rejects(
      client.callTool({ name: "postVideo", arguments: {} }),
      /Unknown tool: postVideo\. Did you mean post_video\?/,
    );
  });
});

Deno.test('MCP: a protocol error\'s message is sent bare, so the SDK client says "MCP error -32602" once', async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_bare_error");
    // On the wire: the sentence alone, the code in its own field.
    for (
      const [method, params, words] of [
        [
          "tools/call",
          { name: "no_such_tool", arguments: {} },
          /^Unknown tool: no_such_tool\./,
        ],
        [
          "tools/call",
          { name: "get_limits", arguments: [] },
          /^The arguments of get_limits must be an object/,
        ],
        ["tools/call", { arguments: {} }, /^A tools\/call needs params/],
        [
          "tools/list",
          { cursor: "zzz" },
          /^tools\/list answers every tool on one page/,
        ],
        ["initialize", {}, /^The params of initialize are not valid/],
        [
          "tools/call",
          { name: "create_album", arguments: {}, task: { ttl: 60_000 } },
          /^This server runs tools\/call at once, never as a task/,
        ],
      ] as const
    ) {
      const res = await postMcpRaw(
        server.url,
        me.key,
        JSON.stringify({ jsonrpc: "2.0", id: 3, method, params }),
      );
      const answer = await res.json();
      assert.equal(answer.error?.code, -32602, JSON.stringify(answer));
      assert.match(answer.error.message, words);
      assert.doesNotMatch(answer.error.message, /MCP error/);
    }
  } finally {
    await server.close();
  }
  // The SDK's client writes the code before it once.
  await withMcpPoster("mcp_bare_error_sdk", async ({ client }) => {
    const error = await client.callTool({ name: "no_such_tool", arguments: {} })
      .then(() => null, (e: Error) => e);
    assert.ok(error, "an unknown tool is refused");
    assert.match(
      error.message,
      /^MCP error -32602: Unknown tool: no_such_tool\./,
    );
    assert.equal(error.message.split("MCP error").length, 2, error.message);
  });
});

Deno.test("MCP: an unknown tool's name and a tool's name in a refusal are echoed cut, invisible characters spelt out", async () => {
  await withMcpPoster("mcp_tool_name_echo", async ({ client }) => {
    // A right-to-left override would turn the sentence around where a host
    // shows it; a long name must not make the answer as long as itself.
    const error = await client.callTool({
      name: `x\u202E${"y".repeat(5000)}`,
      arguments: {},
    }).then(() => null, (e: Error) => e);
    assert.ok(error, "an unknown tool is refused");
    assert.match(error.message, /Unknown tool: x\\u\{202E\}y{78}…\./);
    assert.ok(!error.message.includes("\u202E"));
    assert.ok(error.message.length < 1000, error.message.slice(0, 200));
    const args = await client.callTool({
      name: `x\u202E${"y".repeat(5000)}`,
      arguments: [] as unknown as Record<string, unknown>,
    }).then(() => null, (e: Error) => e);
    assert.ok(args, "arguments that are not an object are refused");
    assert.match(args.message, /The arguments of x\\u\{202E\}y{78}… must/);
  });
});

Deno.test("MCP: no key or a bad key is 401 with the API's JSON error; GET is 405; the body limit holds", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_guarded");
  try {
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    });
    const post = (headers: Record<string, string>, body = initialize) =>
      fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          ...headers,
        },
        body,
      });
    const missing = await assertJsonError(await post({}), 401, "unauthorized");
    assert.equal(
      missing.message,
      "Missing API key: send Authorization: Bearer <your key>.",
    );
    await assertJsonError(
      await post({ Authorization: `Bearer pm3k_${"x".repeat(43)}` }),
      401,
      "unauthorized",
    );
    // A signed-in browser's cookie is not a key.
    await assertJsonError(
      await post({ Cookie: "pm3k_session=whatever" }),
      401,
      "unauthorized",
    );
    // The SDK's client gets the same answer, and says so.
    await assert.rejects(
      mcpClient(server, `pm3k_${"y".repeat(43)}`),
      (error: Error & { code?: number }) => {
        assert.equal(error.code, 401);
        assert.match(error.message, /"error":"unauthorized"/);
        return true;
      },
    );

    const auth = { Authorization: `Bearer ${me.key}` };
    const initialized = await post(auth);
    assert.equal(initialized.status, 200);
    const hello = await initialized.json();
    assert.equal(hello.result.serverInfo.name, "pm3k");
    assert.equal(initialized.headers.get("x-content-type-options"), "nosniff");

    const get = await fetch(`${server.url}/mcp`, { headers: auth });
    assert.equal(get.headers.get("allow"), "POST");
    await assertJsonError(get, 405, "method_not_allowed");
    await assertJsonError(
      await post(auth, JSON.stringify({ pad: "x".repeat(70_000) })),
      413,
      "payload_too_large",
    );
  } finally {
    await server.close();
  }
});

Deno.test("MCP upload_media_from_url fetches a URL into an upload, as POST /api/uploads/from_url does, and post_video posts it", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_uploader");
  const client = await mcpClient(server, me.key);
  try {
    const upload = await ok(client, "upload_media_from_url", {
      url: `${source.origin}/drive/uc`,
    });
    assert.equal(upload.state, "complete");
    assert.equal(upload.filename, "holiday clip.mp4");
    assert.equal(upload.kind, "video");
    const listed = await me.json("GET", `/api/uploads/${upload.upload_id}`);
    assert.deepEqual(listed.body, asNewUpload(upload));
    const posted = await ok(client, "post_video", {
      source_url: upload.url,
      title: "uploaded and posted through MCP",
      privacy: "SELF_ONLY",
    });
    assert.equal(
      (await publishAtTikTok(server, posted.publish_id)).kind,
      "video",
    );
    const refused = await toolError(
      client,
      "upload_media_from_url",
      { url: `${source.origin}/page.html` },
      "unsupported_file_type",
    );
    assert.match(
      String(refused.message),
      /^The URL answered a web page \(HTML\), not a file/,
    );
    await toolError(
      client,
      "upload_media_from_url",
      { url: `${source.origin}/to-private` },
      "proxy_error",
    );
  } finally {
    await client.close();
    await source.close();
    await server.close();
  }
});

Deno.test("MCP post_photos and schedule_post take post_mode: a draft goes to TikTok's inbox, a draft with privacy is refused", async () => {
  await withMcpPoster("mcp_drafts", async ({ server, me, client }) => {
    const { urls } = await albumOf(me, "photo2.jpg");
    const refused = await toolError(client, "post_photos", {
      photo_images: urls,
      title: "a private draft?",
      post_mode: "MEDIA_UPLOAD",
      privacy: "SELF_ONLY",
    }, "bad_request");
    assert.deepEqual(refused.fields, ["privacy"]);
    const posted = await ok(client, "post_photos", {
      photo_images: urls,
      title: "a photo draft through MCP",
      post_mode: "MEDIA_UPLOAD",
    });
    const publish = await publishAtTikTok(server, posted.publish_id);
    assert.equal(publish.mode, "MEDIA_UPLOAD");
    const status = await ok(client, "get_post_status", {
      publish_id: posted.publish_id,
    });
    assert.equal(status.post_mode, "MEDIA_UPLOAD");

    const job = await ok(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "a video draft later",
      post_mode: "MEDIA_UPLOAD",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
    });
    const view = await me.json("GET", `/api/jobs/${job.job_id}`);
    assert.equal(view.body.post_mode, "MEDIA_UPLOAD");
  });
});

Deno.test("MCP post_video with post_mode MEDIA_UPLOAD sends a video draft to TikTok's inbox: done at SEND_TO_USER_INBOX, a draft in status and list_posts", async () => {
  await withMcpPoster("mcp_video_draft", async ({ server, me, client }) => {
    const posted = await ok(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "a video draft through MCP",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.match(String(posted.publish_id), /^v_inbox_url~v2\./);
    const publish = await publishAtTikTok(server, posted.publish_id);
    assert.deepEqual(
      [publish.kind, publish.mode, publish.postInfo],
      ["video", "MEDIA_UPLOAD", {}],
      "TikTok's inbox init, which takes no post_info",
    );
    const pending = await ok(client, "get_post_status", {
      publish_id: posted.publish_id,
    });
    assert.deepEqual(
      [pending.state, pending.post_mode],
      ["pending", "MEDIA_UPLOAD"],
    );

    assert.equal(await followAMinuteLater(server), 1); // TikTok downloads
    server.clock.advance(10 * 60_000);
    assert.equal(await followAMinuteLater(server), 1); // in the inbox
    const done = await ok(client, "get_post_status", {
      publish_id: posted.publish_id,
    });
    assert.deepEqual(
      [done.state, done.status, done.post_mode],
      ["done", "SEND_TO_USER_INBOX", "MEDIA_UPLOAD"],
    );
    const { posts } = await ok(client, "list_posts") as {
      posts: Record<string, unknown>[];
    };
    assert.deepEqual(
      posts.map((p) => [p.publish_id, p.post_mode, p.state, p.title]),
      [[
        posted.publish_id,
        "MEDIA_UPLOAD",
        "done",
        "a video draft through MCP",
      ]],
    );
    assert.equal(await me.sandboxPosts(), 0, "nothing published by itself");
  });
});

Deno.test("MCP: a body whose bytes are not UTF-8 is 400 bad_request, as on /api, and nothing is posted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_not_utf8");
    const url = await me.uploadVideo();
    const call = (title: Uint8Array) => {
      const [head, tail] = JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "post_video",
          arguments: {
            source_url: url,
            title: "Bad <title>",
            privacy: "SELF_ONLY",
          },
        },
        // A marker no upload URL can hold (their ULIDs hold any two capital
        // letters, "XY" among them, depending on the time).
      }).split("<title>");
      const enc = new TextEncoder();
      return fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          Authorization: `Bearer ${me.key}`,
        },
        body: new Uint8Array([
          ...enc.encode(head),
          ...title,
          ...enc.encode(tail),
        ]),
      });
    };
    // 0xFF and 0xFE never occur in UTF-8: the SDK read them as two U+FFFD,
    // which reached TikTok in the caption.
    const refused = await assertJsonError(
      await call(new Uint8Array([0xff, 0xfe])),
      400,
      "bad_request",
    );
    assert.equal(refused.message, "The request body is not valid UTF-8.");
    assert.equal(await me.sandboxPosts(), 0);
    assert.equal(await initsAtTikTok(server, me), 0);
    // The same call in UTF-8 still posts, its caption exact.
    const posted = await call(new TextEncoder().encode("é ✓"));
    assert.equal(posted.status, 200);
    const answer = await posted.json();
    const publishId = answer.result.structuredContent.publish_id;
    assert.equal((await publishAtTikTok(server, publishId)).title, "Bad é ✓");
  } finally {
    await server.close();
  }
});

Deno.test("MCP: a tools/call with arguments null runs the tool as with none, params beside them are ignored; arguments not an object or no name is InvalidParams with a sentence, never InternalError", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_bad_params");
    const call = async (params: unknown) => {
      const res = await postMcpRaw(
        server.url,
        me.key,
        JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params }),
      );
      assert.equal(res.status, 200);
      return await res.json();
    };
    // Some clients send null for a tool that takes no arguments.
    const limits = await call({ name: "get_limits", arguments: null });
    assert.equal(limits.error, undefined, JSON.stringify(limits));
    assert.equal(limits.result.structuredContent.ok, true);
    // A tool that needs arguments refuses null as none, naming each.
    const none = await call({ name: "post_video", arguments: null });
    assert.equal(none.result.isError, true);
    const refusal = JSON.parse(none.result.content[0].text);
    assert.equal(refusal.error, "bad_request");
    assert.deepEqual(
      refusal.issues.map((i: { path: string }) => i.path).sort(),
      ["source_url", "title"],
    );
    // Params MCP does not define are ignored (docs/decisions.md#mcp-call-params).
    const extra = await call({ name: "get_limits", arguments: {}, later: 1 });
    assert.equal(extra.result.structuredContent.ok, true);
    for (
      const [params, words] of [
        [{ name: "get_limits", arguments: [] }, /not an array/],
        [{ name: "get_limits", arguments: "x" }, /not a string\./],
        [{ arguments: {} }, /the tool's name/],
        [{ name: 5 }, /the tool's name/],
      ] as const
    ) {
      const answer = await call(params);
      assert.equal(answer.error?.code, -32602, JSON.stringify(answer));
      assert.match(answer.error.message, words);
      assert.doesNotMatch(answer.error.message, /"code":|\n/, "no zod dump");
    }
  } finally {
    await server.close();
  }
});

Deno.test("MCP: initialize or tools/list with params their method refuses, or a tools/call asking for a task, is InvalidParams with a sentence, never InternalError", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "mcp_bad_method_params");
    const send = async (method: string, params?: unknown) => {
      const res = await postMcpRaw(
        server.url,
        me.key,
        JSON.stringify({ jsonrpc: "2.0", id: 9, method, params }),
      );
      assert.equal(res.status, 200);
      return await res.json();
    };
    for (
      const [method, params, words] of [
        ["initialize", undefined, /params of initialize .*params: .*object/],
        ["initialize", {}, /params\.protocolVersion/],
        ["tools/list", { cursor: 5 }, /params\.cursor/],
        // One page, no nextCursor: any cursor is none the server made.
        ["tools/list", { cursor: "zzz" }, /this cursor is none it made/],
        // MCP's tasks, which PM3K does not offer: the tool does not run.
        [
          "tools/call",
          { name: "create_album", arguments: {}, task: { ttl: 60_000 } },
          /never as a task: leave "task" out/,
        ],
      ] as const
    ) {
      const answer = await send(method, params);
      assert.equal(answer.error?.code, -32602, JSON.stringify(answer));
      assert.match(answer.error.message, words);
      assert.doesNotMatch(answer.error.message, /"code":|\n/, "no zod dump");
    }
    let albums = 0;
    for await (
      const _ of server.kv.list({ prefix: ["albums_by_account", me.openId] })
    ) albums++;
    assert.equal(albums, 0, "no tool ran");
    // Well-formed, they still answer; ping's params may be left out.
    assert.deepEqual((await send("ping")).result, {});
    assert.ok((await send("tools/list", {})).result.tools.length > 0);
  } finally {
    await server.close();
  }
});

Deno.test("MCP get_post_stats: a public post's counts, as GET /api/tiktok/posts/{id}/stats answers them; a private one says why it has none", async () => {
  await withMcpPoster("mcp_stats", async ({ server, me, client }) => {
    const posted = await ok(client, "post_video", {
      source_url: await me.uploadVideo(),
      title: "counted",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    for (let i = 0; i < 5; i++) await followAMinuteLater(server);
    server.clock.advance(20 * 60_000);
    const { posts } = await ok(client, "list_posts") as {
      posts: Record<string, unknown>[];
    };
    assert.equal(posts[0].publish_id, posted.publish_id);
    const postId = String(posts[0].post_id);
    const stats = await ok(client, "get_post_stats", { post_id: postId });
    const counts = stats.stats as Record<string, number>;
    assert.ok(counts.view_count > 0, JSON.stringify(stats));
    assert.equal(stats.public_post_id, posts[0].public_post_id);
    // The same as the REST answer (counts kept 10 minutes, so equal).
    assert.deepEqual(
      stats,
      await assertJsonOk(
        await me.call("GET", `/api/tiktok/posts/${postId}/stats`),
      ),
    );
    await toolError(client, "get_post_stats", { post_id: "nope" }, "not_found");
    await toolError(
      client,
      "get_post_stats",
      { post_id: postId, fields: "views" },
      "bad_request",
    );
  });
});

Deno.test("MCP list_scheduled and list_posts say how to page: limit and cursor are described, and the cursors answered page to the end", async () => {
  await withMcpPoster("mcp_pages", async ({ server, me, client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    for (const name of ["list_scheduled", "list_posts"]) {
      const args = tools.find((t) => t.name === name)!.inputSchema
        .properties as Record<string, { description?: string }>;
      assert.match(String(args.limit.description), /1 to 100/, name);
      assert.match(
        String(args.cursor.description),
        /Leave out for the first page.*the cursor the previous answer gave.*null/,
        name,
      );
      const answered = (tools.find((t) => t.name === name)!.outputSchema!
        .properties as Record<string, { description?: string }>).cursor;
      assert.equal(
        answered.description,
        "Give it as the cursor argument for the next page; null only at the end of the list (a shorter page may still carry one)",
        `${name}: not REST's ?cursor=`,
      );
    }
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const job = await ok(client, "schedule_post", {
        source_url: await me.uploadVideo(),
        title: `page job ${i}`,
        privacy: "SELF_ONLY",
        run_at: new Date(server.clock.now() + (2 + i) * HOUR).toISOString(),
      });
      ids.unshift(String(job.job_id));
      // Ids made in one millisecond have no order: newest first needs time.
      server.clock.advance(1000);
    }
    const first = await ok(client, "list_scheduled", { limit: 2 }) as {
      jobs: { job_id: string }[];
      cursor: string | null;
    };
    assert.deepEqual(first.jobs.map((j) => j.job_id), ids.slice(0, 2));
    assert.equal(typeof first.cursor, "string");
    const last = await ok(client, "list_scheduled", {
      limit: 2,
      cursor: first.cursor,
    }) as { jobs: { job_id: string }[]; cursor: string | null };
    assert.deepEqual(last.jobs.map((j) => j.job_id), ids.slice(2));
    assert.equal(last.cursor, null, "not a full page: no next page");
  });
});

Deno.test("MCP list_posts and list_scheduled take limit as a JSON number, as every whole-number argument: a string is refused saying so, never read as its digits", async () => {
  await withMcpPoster("mcp_page_limit", async ({ client }) => {
    const { tools } = await client.listTools() as ListToolsResult;
    for (
      const [name, byDefault] of [["list_posts", 50], [
        "list_scheduled",
        20,
      ]] as const
    ) {
      // Listed as it was: an integer from 1 to 100, with its default.
      const limit = (tools.find((t) => t.name === name)!.inputSchema
        .properties as Record<string, Record<string, unknown>>).limit;
      assert.equal(limit.type, "integer", name);
      assert.equal(limit.minimum, 1, name);
      assert.equal(limit.maximum, 100, name);
      assert.equal(limit.default, byDefault, name);
      for (const given of ["10", "010"]) {
        const refused = await toolError(
          client,
          name,
          { limit: given },
          "bad_request",
        );
        assert.deepEqual(refused.issues, [{
          path: "limit",
          message:
            "Give limit as a whole number from 1 to 100, as a JSON number, not a string.",
        }], `${name} ${given}`);
      }
      for (const given of [0, 101, 2.5, true]) {
        const refused = await toolError(
          client,
          name,
          { limit: given },
          "bad_request",
        );
        assert.deepEqual(refused.issues, [{
          path: "limit",
          message: "Give limit as a whole number from 1 to 100.",
        }], `${name} ${given}`);
      }
      // null in null's own words (docs/api.md#whole-numbers).
      const nulled = await toolError(
        client,
        name,
        { limit: null },
        "bad_request",
      );
      assert.match(
        String((nulled.issues as { message: string }[])[0].message),
        /^null is not a value here/,
      );
      await ok(client, name, { limit: 10 });
      await ok(client, name, {});
    }
  });
});

Deno.test("MCP: an argument with an empty name is refused saying so, not as if the whole call were an unknown field", async () => {
  await withMcpPoster("mcp_empty_name", async ({ client }) => {
    const refused = await toolError(
      client,
      "get_account",
      { "": 1 },
      "bad_request",
    );
    assert.deepEqual(refused.issues, [{
      path: "",
      message: "unknown field (it has no name: name it, or leave it out)",
    }]);
    assert.equal(
      refused.message,
      "Invalid request: unknown field (it has no name: name it, or leave it out)",
    );
  });
});
