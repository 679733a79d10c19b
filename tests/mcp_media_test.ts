/**
 * The MCP media tools through the official SDK's client over HTTP, walked
 * as an agent with a shell walks them: a file on its own machine uploaded
 * through the signed URL (no key) and completed, a photo carousel from
 * public image URLs through an album, and the clean-up of what it
 * uploaded. Each tool answers what its REST route answers, and refuses
 * with the API's own errors.
 */
import assert from "node:assert/strict";
import { mcpClient, toolError, toolOk as ok } from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, publishAtTikTok } from "./_helpers/posting_setup.ts";
import { fixture, putUploadOk } from "./_helpers/api_client.ts";
import { asNewUpload, assertJsonOk } from "./_helpers/http_asserts.ts";
import { startSourceServer } from "./_helpers/source_server.ts";

const HOUR = 3600_000;

/** The HTTP status a GET of `url` answers. */
async function statusOf(url: unknown): Promise<number> {
  const res = await fetch(String(url));
  await res.body?.cancel();
  return res.status;
}

Deno.test("MCP start_upload hands a signed URL the agent PUTs a local file to without the key; complete_upload makes it postable", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_local_file");
  const other = await posterFor(server, "mcp_local_other");
  const client = await mcpClient(server, me.key);
  try {
    const bytes = await fixture("portrait.mp4");
    const started = await ok(client, "start_upload", {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: bytes.length,
    });
    assert.equal(started.method, "PUT");
    assert.deepEqual(started.headers, { "Content-Type": "video/mp4" });
    // The URL carries no key and needs none.
    assert.ok(!String(started.upload_url).includes(me.key));
    await putUploadOk(started, bytes);
    // Another account cannot complete it: not found, as on REST.
    const otherClient = await mcpClient(server, other.key);
    try {
      await toolError(otherClient, "complete_upload", {
        upload_id: started.upload_id,
      }, "not_found");
    } finally {
      await otherClient.close();
    }
    const upload = await ok(client, "complete_upload", {
      upload_id: started.upload_id,
    });
    assert.equal(upload.state, "complete");
    assert.equal(upload.kind, "video");
    assert.equal(upload.size, bytes.length);
    assert.equal(upload.url, started.url);
    assert.deepEqual(
      asNewUpload(upload),
      await assertJsonOk(
        await me.call("GET", `/api/uploads/${upload.upload_id}`),
      ),
    );
    const posted = await ok(client, "post_video", {
      source_url: upload.url,
      title: "from the agent's disk",
      privacy: "SELF_ONLY",
    });
    const publish = await publishAtTikTok(server, posted.publish_id);
    assert.equal(publish.kind, "video");
    assert.equal(publish.openId, me.openId);

    // Completed before any byte arrived: refused, and the upload is gone.
    const early = await ok(client, "start_upload", {
      filename: "b.mp4",
      content_type: "video/mp4",
      size: bytes.length,
    });
    await toolError(client, "complete_upload", {
      upload_id: early.upload_id,
    }, "upload_not_received");
    await toolError(client, "complete_upload", {
      upload_id: early.upload_id,
    }, "not_found");
    // A type TikTok does not take is refused before any URL is signed.
    await toolError(client, "start_upload", {
      filename: "shot.png",
      content_type: "image/png",
      size: 100,
    }, "unsupported_file_type");
    const noSize = await toolError(client, "start_upload", {
      filename: "clip.mp4",
      content_type: "video/mp4",
    }, "bad_request");
    assert.deepEqual(
      (noSize.issues as { path: string }[]).map((i) => i.path),
      ["size"],
    );
    await toolError(client, "complete_upload", {}, "bad_request");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("MCP create_album, upload_media_from_url into it and post_photos post a carousel from three public image URLs", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_carousel");
  const other = await posterFor(server, "mcp_carousel_other");
  const client = await mcpClient(server, me.key);
  try {
    const images = [1, 2, 3].map((n) => `${source.origin}/photos/${n}.jpg`);
    // What an agent tries first: the public URLs as they are, and an
    // image fetched without an album. Both refused, saying why.
    const unverified = await toolError(client, "post_photos", {
      photo_images: images,
      title: "three photos",
      privacy: "SELF_ONLY",
    }, "domain_not_verified");
    assert.equal(unverified.domain, source.host);
    await toolError(client, "upload_media_from_url", {
      url: images[0],
    }, "unsupported_file_type");

    const album = await ok(client, "create_album");
    assert.equal(album.image_count, 0);
    assert.deepEqual(album.photo_images, []);
    const urls: unknown[] = [];
    for (const url of images) {
      const image = await ok(client, "upload_media_from_url", {
        url,
        album_id: album.album_id,
      });
      assert.equal(image.kind, "image");
      assert.equal(image.album_id, album.album_id);
      urls.push(image.url);
    }
    const full = await ok(client, "get_album", { album_id: album.album_id });
    assert.deepEqual(full.photo_images, urls);
    assert.deepEqual(
      full,
      await assertJsonOk(await me.call("GET", `/api/albums/${album.album_id}`)),
    );
    const posted = await ok(client, "post_photos", {
      photo_images: full.photo_images,
      photo_cover_index: 2,
      title: "three photos, one carousel",
      privacy: "SELF_ONLY",
    });
    const carousel = await publishAtTikTok(server, posted.publish_id);
    assert.equal(carousel.kind, "photo");
    assert.deepEqual(carousel.urls, urls);

    // Another account's album is not found, for every album tool.
    const otherClient = await mcpClient(server, other.key);
    try {
      await toolError(otherClient, "get_album", {
        album_id: album.album_id,
      }, "not_found");
      await toolError(otherClient, "upload_media_from_url", {
        url: images[0],
        album_id: album.album_id,
      }, "not_found");
      await toolError(otherClient, "delete_album", {
        album_id: album.album_id,
      }, "not_found");
    } finally {
      await otherClient.close();
    }
    await toolError(client, "create_album", { name: "x" }, "bad_request");
  } finally {
    await client.close();
    await source.close();
    await server.close();
  }
});

Deno.test("MCP: an image sent again into its album answers the one already there (already_in_album), from a URL or a local file, as the descriptions say", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_album_once");
  const client = await mcpClient(server, me.key);
  try {
    const { tools } = await client.listTools() as ListToolsResult;
    for (const name of ["upload_media_from_url", "complete_upload"]) {
      const text = String(tools.find((t) => t.name === name)!.description);
      assert.match(text, /An album keeps each file once/, name);
      assert.match(text, /already_in_album true/, name);
    }
    const album = await ok(client, "create_album");
    const url = `${source.origin}/photos/1.jpg`;
    const first = await ok(client, "upload_media_from_url", {
      url,
      album_id: album.album_id,
    });
    assert.equal(first.already_in_album, false);
    const again = await ok(client, "upload_media_from_url", {
      url,
      album_id: album.album_id,
    });
    assert.equal(again.already_in_album, true);
    assert.equal(again.upload_id, first.upload_id);

    // A local file, started, PUT and completed twice.
    const bytes = await fixture("photo2.jpg");
    const local = async () => {
      const started = await ok(client, "start_upload", {
        filename: "beach.jpg",
        content_type: "image/jpeg",
        size: bytes.length,
        album_id: album.album_id,
      });
      await putUploadOk(started, bytes);
      return {
        started,
        done: await ok(client, "complete_upload", {
          upload_id: started.upload_id,
        }),
      };
    };
    const one = await local();
    assert.equal(one.done.already_in_album, false);
    const two = await local();
    assert.equal(two.done.already_in_album, true);
    assert.equal(two.done.upload_id, one.done.upload_id);
    // As complete_upload's description says: start_upload's id is gone.
    await toolError(client, "delete_upload", {
      upload_id: two.started.upload_id,
    }, "not_found");
    const kept = await ok(client, "get_album", { album_id: album.album_id });
    assert.deepEqual(kept.photo_images, [first.url, one.done.url]);
  } finally {
    await client.close();
    await source.close();
    await server.close();
  }
});

Deno.test("MCP list_uploads, list_albums, delete_upload and delete_album clean up the agent's media; media a scheduled post uses is refused until it is cancelled", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_cleaner");
  const other = await posterFor(server, "mcp_cleaner_other");
  const client = await mcpClient(server, me.key);
  try {
    const video = await me.uploadVideo();
    const { uploads } = await ok(client, "list_uploads") as {
      uploads: Record<string, unknown>[];
    };
    assert.deepEqual(uploads.map((u) => u.url), [video]);
    assert.deepEqual(
      await ok(client, "list_uploads"),
      await assertJsonOk(await me.call("GET", "/api/uploads")),
    );
    const uploadId = uploads[0].upload_id;

    const album = await ok(client, "create_album");
    const bytes = await fixture("photo2.jpg");
    const started = await ok(client, "start_upload", {
      filename: "photo2.jpg",
      content_type: "image/jpeg",
      size: bytes.length,
      album_id: album.album_id,
    });
    await putUploadOk(started, bytes);
    await ok(client, "complete_upload", { upload_id: started.upload_id });
    const { albums } = await ok(client, "list_albums") as {
      albums: Record<string, unknown>[];
    };
    assert.deepEqual(albums.map((a) => a.album_id), [album.album_id]);
    assert.deepEqual(
      await ok(client, "list_albums"),
      await assertJsonOk(await me.call("GET", "/api/albums")),
    );

    // A scheduled post holds its video: conflict, naming the job.
    const job = await ok(client, "schedule_post", {
      source_url: video,
      title: "keeps its video",
      privacy: "SELF_ONLY",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
    });
    const held = await toolError(client, "delete_upload", {
      upload_id: uploadId,
    }, "conflict");
    assert.equal(held.job_id, job.job_id);
    // Changing the job cannot free its media: the refusal says to cancel
    // it, by job id, both ways.
    assert.equal(
      held.message,
      `A post scheduled for ${held.run_at} (job ${job.job_id}) uses this media, and a scheduled post's media cannot be changed: cancel that post first (REST DELETE /api/jobs/${job.job_id}, MCP cancel_scheduled), then delete this.`,
    );
    // Moving the job keeps its video: only cancelling frees it, as the
    // description says.
    const { tools } = await client.listTools() as ListToolsResult;
    assert.match(
      tools.find((t) => t.name === "delete_upload")!.description!,
      /cancel_scheduled it first; change_scheduled does not change a job's media/,
    );
    await ok(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
    });
    await toolError(client, "delete_upload", {
      upload_id: uploadId,
    }, "conflict");
    await ok(client, "cancel_scheduled", { job_id: job.job_id });

    // Another account's upload is not found, and stays.
    const otherClient = await mcpClient(server, other.key);
    try {
      await toolError(otherClient, "delete_upload", {
        upload_id: uploadId,
      }, "not_found");
    } finally {
      await otherClient.close();
    }
    assert.deepEqual(
      await ok(client, "delete_upload", { upload_id: uploadId }),
      { ok: true, deleted: true, upload_id: uploadId },
    );
    assert.equal(await statusOf(video), 404);
    assert.deepEqual(await ok(client, "list_uploads"), {
      ok: true,
      uploads: [],
      cursor: null,
    });
    await toolError(client, "delete_upload", {
      upload_id: uploadId,
    }, "not_found");

    assert.deepEqual(
      await ok(client, "delete_album", { album_id: album.album_id }),
      { ok: true, deleted: true, album_id: album.album_id },
    );
    assert.equal(await statusOf(started.url), 404);
    assert.deepEqual(await ok(client, "list_albums"), {
      ok: true,
      albums: [],
      cursor: null,
    });
    await toolError(client, "get_album", {
      album_id: album.album_id,
    }, "not_found");
    await toolError(client, "delete_album", {}, "bad_request");
    await toolError(client, "list_uploads", { limt: 5 }, "bad_request");
    await toolError(client, "list_albums", { limit: 0 }, "bad_request");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("MCP complete_upload before the file was PUT says the upload is deleted and to start a new one, never to PUT and complete it again", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_early_complete");
  const client = await mcpClient(server, me.key);
  try {
    const early = await ok(client, "start_upload", {
      filename: "b.mp4",
      content_type: "video/mp4",
      size: 1000,
    });
    const refused = await toolError(client, "complete_upload", {
      upload_id: early.upload_id,
    }, "upload_not_received");
    assert.equal(
      refused.message,
      "No file arrived before completing, and this upload is now deleted: start a new one (POST /api/uploads; MCP: start_upload), PUT the file to its upload_url, then complete it.",
    );
    // As it says: the upload is no more.
    await toolError(client, "complete_upload", {
      upload_id: early.upload_id,
    }, "not_found");
    const { uploads } = await ok(client, "list_uploads");
    assert.deepEqual(uploads, []);
  } finally {
    await client.close();
    await server.close();
  }
});
