/**
 * The retention sweep deletes expired objects and their records, on both
 * adapters, with the injectable clock; expired URLs answer 404.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  apiClientFor,
  fixture,
  uploadBytes,
  uploadPortrait,
} from "./_helpers/api_client.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { imageVariant } from "./_helpers/image_variant.ts";
import { KEEP_AFTER_RUN_MS } from "../lib/jobs/media_keep_rule.ts";
import { keepMedia, sweepExpiredMedia } from "../lib/media/retention.ts";
import type { AppError } from "../lib/errors.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { PLANS } from "../lib/plans.ts";
import { UPLOAD_WINDOW_MS } from "../lib/media/upload_start.ts";
import { ALBUM_DEFAULT_TTL_MS } from "../lib/media/albums.ts";

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`expired uploads, albums and abandoned uploads are swept (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(server, `sweep_${adapter}`, "free");
      const video = await uploadPortrait(client, "v.mp4");
      const albumId = String(
        (await client.json("POST", "/api/albums")).body.album_id,
      );
      const image = await uploadBytes(client, await fixture("photo3.webp"), {
        filename: "i.webp",
        contentType: "image/webp",
        albumId,
      });
      // Bytes PUT but never completed: must not stay forever.
      const abandoned = await client.json("POST", "/api/uploads", {
        filename: "a.mp4",
        content_type: "video/mp4",
        size: 4,
      });
      const put = await fetch(String(abandoned.body.upload_url), {
        method: "PUT",
        headers: abandoned.body.headers as Record<string, string>,
        body: "abcd",
      });
      await put.body?.cancel();
      const storage = server.deps.storage;
      const keyOf = (url: unknown) => storage.keyFromPublicUrl(String(url))!;

      assert.deepEqual(await sweepExpiredMedia(server.deps), {
        uploads: 0,
        albums: 0,
      });
      server.clock.advance(UPLOAD_WINDOW_MS);
      assert.deepEqual(await sweepExpiredMedia(server.deps), {
        uploads: 1,
        albums: 0,
      });
      assert.equal(await storage.head(keyOf(abandoned.body.url)), null);
      assert.ok(await storage.head(keyOf(video.body.url)), "live video kept");

      server.clock.set(Date.parse(String(image.body.expires_at)));
      assert.deepEqual(await sweepExpiredMedia(server.deps), {
        uploads: 0,
        albums: 1,
      });
      assert.equal(await storage.head(keyOf(image.body.url)), null);
      assert.equal(
        (await getTyped(server.kv, keys.album(albumId))).value,
        null,
      );
      assert.equal(
        (await getTyped(server.kv, keys.upload(String(image.body.upload_id))))
          .value,
        null,
      );
      assert.equal(
        ALBUM_DEFAULT_TTL_MS < PLANS.free.storageTtlHours * 3600_000,
        true,
      );

      server.clock.set(Date.parse(String(video.body.expires_at)) - 1);
      if (adapter === "local") {
        const live = await fetch(String(video.body.url));
        assert.equal(live.status, 200);
        await live.body?.cancel();
      }
      server.clock.advance(1);
      if (adapter === "local") {
        const expired = await fetch(String(video.body.url));
        assert.equal(expired.status, 404, "expired before the sweep ran");
        await expired.body?.cancel();
      }
      assert.deepEqual(await sweepExpiredMedia(server.deps), {
        uploads: 1,
        albums: 0,
      });
      assert.equal(await storage.head(keyOf(video.body.url)), null);
      const gone = await fetch(String(video.body.url));
      assert.equal(gone.status, 404);
      await gone.body?.cancel();
      assert.deepEqual(
        await listTyped(server.kv, keys.mediaExpiryPrefix()),
        [],
      );
      assert.deepEqual(
        await listTyped(server.kv, keys.uploadsByAccountPrefix(client.openId)),
        [],
      );
    } finally {
      await server.close();
    }
  });
}

Deno.test("a retained album is not swept at its original expiry", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "kept_album", "annual");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    await uploadBytes(client, await fixture("photo3.webp"), {
      filename: "i.webp",
      contentType: "image/webp",
      albumId,
    });
    await client.json("POST", "/api/album/retain", { album_id: albumId });
    server.clock.advance(ALBUM_DEFAULT_TTL_MS + 1);
    assert.deepEqual(await sweepExpiredMedia(server.deps), {
      uploads: 0,
      albums: 0,
    });
    assert.equal(
      (await client.json("GET", `/api/albums/${albumId}`)).body.image_count,
      1,
    );
    server.clock.advance(PLANS.annual.storageTtlHours * 3600_000);
    assert.deepEqual(await sweepExpiredMedia(server.deps), {
      uploads: 0,
      albums: 1,
    });
  } finally {
    await server.close();
  }
});

Deno.test("keepMedia keeps an album image by keeping its album, and the sweep waits for the new time", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "kept_for_job", "free");
    const account = (await getTyped(server.kv, keys.account(client.openId)))
      .value!;
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const image = await uploadBytes(client, await fixture("photo3.webp"), {
      filename: "i.webp",
      contentType: "image/webp",
      albumId,
    });
    const firstExpiry = Date.parse(String(image.body.expires_at));
    const keepUntil = firstExpiry + 3 * 3600_000;
    // A post run an hour before keepUntil keeps its media until then.
    await keepMedia(
      server.deps,
      account,
      [String(image.body.url)],
      keepUntil - KEEP_AFTER_RUN_MS,
    );
    const album = (await getTyped(server.kv, keys.album(albumId))).value!;
    assert.equal(album.expiresAt, keepUntil);
    const upload = (await getTyped(
      server.kv,
      keys.upload(String(image.body.upload_id)),
    )).value!;
    assert.equal(upload.expiresAt, keepUntil);
    assert.deepEqual(
      (await listTyped(server.kv, keys.mediaExpiryPrefix())).map((e) =>
        e.key.slice(1)
      ),
      [[keepUntil, "album", albumId]],
    );
    server.clock.set(firstExpiry);
    assert.deepEqual(await sweepExpiredMedia(server.deps), {
      uploads: 0,
      albums: 0,
    });
    // Kept beyond the plan's 48 h from now, the same image is refused.
    const tooLate = server.clock.now() + PLANS.free.storageTtlHours * 3600_000 -
      KEEP_AFTER_RUN_MS + 1;
    await assert.rejects(
      () => keepMedia(server.deps, account, [String(image.body.url)], tooLate),
      (error: AppError) =>
        error.code === "bad_request" &&
        /plan keeps files 48 hours/.test(error.message),
    );
    server.clock.set(keepUntil);
    assert.deepEqual(await sweepExpiredMedia(server.deps), {
      uploads: 0,
      albums: 1,
    });
  } finally {
    await server.close();
  }
});

Deno.test("an album kept for a job scheduled with one of its photos keeps them all: each is served and can be posted while the album lists it", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "kept_album_all", "monthly");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    // One after the other: the album lists them in the order started.
    const image = async (name: string, variant: number) =>
      (await uploadBytes(client, await imageVariant("photo2.jpg", variant), {
        filename: name,
        contentType: "image/jpeg",
        albumId,
      })).body;
    const x = await image("x.jpg", 1);
    const y = await image("y.jpg", 2);
    // The job uses x only; the album (24 h) is kept until after its run.
    const job = await client.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 30 * 3600_000).toISOString(),
      media_type: "PHOTO",
      photo_images: [x.url],
      title: "only x is scheduled",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    server.clock.advance(25 * 3600_000);
    const album = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(album.status, 200);
    assert.deepEqual(album.body.photo_images, [x.url, y.url]);
    for (const image of album.body.images as Record<string, unknown>[]) {
      assert.equal(image.expires_at, album.body.expires_at);
      const served = await fetch(String(image.url));
      assert.equal(served.status, 200, `${image.filename} is served`);
      await served.body?.cancel();
    }
    const posted = await client.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: [y.url],
      title: "y, listed by its album",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
  } finally {
    await server.close();
  }
});

Deno.test("an upload past its time answers 404 on GET and /complete at once, before the sweep, as its file and the list do", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "expired_get", "free");
    const video = await uploadPortrait(client, "v.mp4");
    assert.equal(video.status, 200);
    const path = `/api/uploads/${video.body.upload_id}`;
    server.clock.set(Date.parse(String(video.body.expires_at)) - 1);
    assert.equal((await client.json("GET", path)).status, 200);
    server.clock.advance(1);
    const gone = await client.json("GET", path);
    assert.equal(gone.status, 404, JSON.stringify(gone.body));
    assert.equal(gone.body.error, "not_found");
    // Completing it again (a retry whose answer was lost) says the same.
    const again = await client.json("POST", `${path}/complete`);
    assert.equal(again.status, 404, JSON.stringify(again.body));
    assert.equal(again.body.error, "not_found");
    const listed = await client.json("GET", "/api/uploads");
    assert.deepEqual(listed.body.uploads, []);
  } finally {
    await server.close();
  }
});

Deno.test("DELETE of an upload past its time answers 404 not_found as GET does, touching nothing the sweep then removes", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "expired_delete", "free");
    const video = await uploadPortrait(client, "v.mp4");
    assert.equal(video.status, 200);
    const id = String(video.body.upload_id);
    const path = `/api/uploads/${id}`;
    server.clock.set(Date.parse(String(video.body.expires_at)));
    const get = await client.json("GET", path);
    assert.equal(get.status, 404, JSON.stringify(get.body));
    const deleted = await client.json("DELETE", path);
    assert.equal(deleted.status, 404, JSON.stringify(deleted.body));
    assert.equal(deleted.body.error, "not_found");
    assert.equal(deleted.body.message, get.body.message);
    // Said twice, the same: nothing was half deleted by the first.
    const again = await client.json("DELETE", path);
    assert.equal(again.status, 404, JSON.stringify(again.body));
    // The record and its file are still the sweep's to remove, whole.
    assert.ok((await getTyped(server.kv, keys.upload(id))).value);
    const key = server.deps.storage.keyFromPublicUrl(String(video.body.url))!;
    assert.ok(await server.deps.storage.head(key));
    assert.deepEqual(await sweepExpiredMedia(server.deps), {
      uploads: 1,
      albums: 0,
    });
    assert.equal((await getTyped(server.kv, keys.upload(id))).value, null);
    assert.equal(await server.deps.storage.head(key), null);
  } finally {
    await server.close();
  }
});
