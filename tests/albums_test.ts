/**
 * Photo Mode albums: JPEG/WebP images into the album folder, the photo
 * rules (docs/media.md#photo-mode) at upload time, retain to the plan's
 * TTL, ownership.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  apiClientFor,
  fixture,
  stagedUpload,
  uploadBytes,
} from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { imageVariant } from "./_helpers/image_variant.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { PLANS } from "../lib/plans.ts";
import { ALBUM_DEFAULT_TTL_MS } from "../lib/media/albums.ts";
import { PHOTO_MAX_IMAGES } from "../lib/media/photo_rules.ts";

/** `/complete` of upload `id`, its answer and the id. */
async function completeRefused(client: ApiClient, id: string) {
  return { id, ...await client.json("POST", `/api/uploads/${id}/complete`) };
}

/** The completion answered 404 not_found, and the upload is gone. */
async function assertRefusedNotFound(
  client: ApiClient,
  done: { id: string; status: number; body: Record<string, unknown> },
): Promise<void> {
  assert.equal(done.status, 404, JSON.stringify(done.body));
  assert.equal(done.body.error, "not_found");
  const after = await client.json("GET", `/api/uploads/${done.id}`);
  assert.equal(after.status, 404);
}

Deno.test("images go into the album folder and the album lists their URLs in order", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_user", "monthly");
    const album = await client.json("POST", "/api/albums");
    assert.equal(album.status, 200);
    const albumId = String(album.body.album_id);
    assert.equal(
      Date.parse(String(album.body.expires_at)),
      server.clock.now() + ALBUM_DEFAULT_TTL_MS,
    );
    const a = await uploadBytes(client, await fixture("photo2.jpg"), {
      filename: "a.jpg",
      contentType: "image/jpeg",
      albumId,
    });
    const b = await uploadBytes(client, await fixture("photo3.webp"), {
      filename: "b.webp",
      contentType: "image/webp",
      albumId,
    });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.match(
      String(a.body.url),
      new RegExp(
        `/uploads/${client.openId}/albums/${albumId}/${a.body.upload_id}\\.jpg$`,
      ),
    );
    assert.match(String(b.body.url), /\.webp$/);
    assert.equal(a.body.width, 864);
    assert.equal(a.body.height, 1080);
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.deepEqual(view.body.photo_images, [a.body.url, b.body.url]);
    assert.equal(view.body.image_count, 2);
    const image = await fetch(String(a.body.url));
    assert.equal(image.headers.get("content-type"), "image/jpeg");
    await image.body?.cancel();
    // Album images are not listed as standalone uploads.
    assert.deepEqual(
      (await client.json("GET", "/api/uploads")).body.uploads,
      [],
    );
  } finally {
    await server.close();
  }
});

Deno.test("the API's photo errors apply at upload time", async (t) => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "photo_rules_user", "annual");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    await t.step(
      "unsupported_image_type for a declared PNG, in the contract's words",
      async () => {
        const r = await client.json("POST", "/api/uploads", {
          filename: "p.png",
          content_type: "image/png",
          size: 100,
          album_id: albumId,
        });
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "unsupported_image_type");
        assert.match(String(r.body.message), /^Only JPEG\/WebP allowed/);
      },
    );
    await t.step(
      "unsupported_image_type for PNG bytes declared as JPEG",
      async () => {
        const r = await uploadBytes(client, await fixture("photo.png"), {
          filename: "p.jpg",
          contentType: "image/jpeg",
          albumId,
        });
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "unsupported_image_type");
        assert.equal(
          (await getTyped(server.kv, keys.upload(String(r.started.upload_id))))
            .value,
          null,
        );
      },
    );
    /** Uploads a fixture over 1080 px: refused, its object deleted. */
    const expectTooLargePx = async (
      name: string,
      filename: string,
      dims: RegExp,
    ) => {
      const r = await uploadBytes(client, await fixture(name), {
        filename,
        contentType: "image/jpeg",
        albumId,
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "image_too_large_px");
      assert.match(String(r.body.message), dims);
      assert.equal(
        await server.deps.storage.head(
          server.deps.storage.keyFromPublicUrl(String(r.started.url))!,
        ),
        null,
      );
      return r;
    };
    await t.step("image_too_large over 20 MB", async () => {
      const r = await client.json("POST", "/api/uploads", {
        filename: "big.jpg",
        content_type: "image/jpeg",
        size: 20_000_001,
        album_id: albumId,
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "image_too_large");
    });
    await t.step(
      "image_too_large_px beyond 1080 px on both sides",
      async () => {
        await expectTooLargePx("photo-too-big-px.jpg", "wide.jpg", /2000×1500/);
      },
    );
    await t.step(
      "image_too_large_px for 1080×1350 (one side over)",
      async () => {
        const r = await expectTooLargePx(
          "photo1.jpg",
          "portrait.jpg",
          /1080×1350/,
        );
        const view = await client.json("GET", `/api/albums/${albumId}`);
        assert.equal(
          (view.body.photo_images as string[]).some((u) =>
            u.includes(String(r.started.upload_id))
          ),
          false,
        );
      },
    );
    await t.step("a video cannot go into an album", async () => {
      const r = await client.json("POST", "/api/uploads", {
        filename: "v.mp4",
        content_type: "video/mp4",
        size: 100,
        album_id: albumId,
      });
      assert.equal(r.body.error, "unsupported_image_type");
    });
    await t.step(`too_many_images past ${PHOTO_MAX_IMAGES}`, async () => {
      for (let i = 0; i < PHOTO_MAX_IMAGES; i++) {
        const r = await client.json("POST", "/api/uploads", {
          filename: `${i}.jpg`,
          content_type: "image/jpeg",
          size: 1000,
          album_id: albumId,
        });
        assert.equal(r.status, 200);
      }
      const r = await client.json("POST", "/api/uploads", {
        filename: "36.jpg",
        content_type: "image/jpeg",
        size: 1000,
        album_id: albumId,
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "too_many_images");
    });
  } finally {
    await server.close();
  }
});

Deno.test("retain lifts the album and its images to the plan's TTL", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "retain_user", "monthly");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const img = await uploadBytes(client, await fixture("photo3.webp"), {
      filename: "x.webp",
      contentType: "image/webp",
      albumId,
    });
    server.clock.advance(3600_000);
    const r = await client.json("POST", "/api/album/retain", {
      album_id: albumId,
    });
    assert.equal(r.status, 200);
    const until = server.clock.now() + PLANS.monthly.storageTtlHours * 3600_000;
    assert.equal(r.body.retained, true);
    assert.equal(Date.parse(String(r.body.expires_at)), until);
    assert.deepEqual(r.body.photo_images, [img.body.url]);
    const upload = await client.json(
      "GET",
      `/api/uploads/${img.body.upload_id}`,
    );
    assert.equal(Date.parse(String(upload.body.expires_at)), until);
    const bad = await client.json("POST", "/api/album/retain", {});
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, "bad_request");
  } finally {
    await server.close();
  }
});

Deno.test("another account's album answers 404 everywhere", async () => {
  const server = await startTestServer();
  try {
    const alice = await apiClientFor(server, "alice_album", "free");
    const bob = await apiClientFor(server, "bob_album", "free");
    const albumId = String(
      (await alice.json("POST", "/api/albums")).body.album_id,
    );
    for (
      const [method, path, body] of [
        ["GET", `/api/albums/${albumId}`, undefined],
        ["POST", "/api/album/retain", { album_id: albumId }],
        ["POST", "/api/uploads", {
          filename: "a.jpg",
          content_type: "image/jpeg",
          size: 10,
          album_id: albumId,
        }],
      ] as const
    ) {
      const r = await bob.json(method, path, body);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.error, "not_found");
    }
  } finally {
    await server.close();
  }
});

Deno.test("images started together all get in, and the album keeps their start order", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "parallel_album", "monthly");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const webp = await fixture("photo3.webp");
    const starts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.json("POST", "/api/uploads", {
          filename: `${i}.webp`,
          content_type: "image/webp",
          size: webp.length,
          album_id: albumId,
        })),
    );
    assert.deepEqual(starts.map((s) => s.status), Array(8).fill(200));
    const album = (await getTyped(server.kv, keys.album(albumId))).value!;
    // Complete them in reverse order of starting.
    for (const id of [...album.order].reverse()) {
      const s = starts.find((x) => x.body.upload_id === id)!;
      const put = await fetch(String(s.body.upload_url), {
        method: "PUT",
        headers: s.body.headers as Record<string, string>,
        body: webp,
      });
      await put.body?.cancel();
      assert.equal(
        (await client.json("POST", `/api/uploads/${id}/complete`)).status,
        200,
      );
    }
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.deepEqual(
      (view.body.images as { upload_id: string }[]).map((i) => i.upload_id),
      album.order,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a whole album started and completed at once: every image gets in, one more is too_many_images", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_burst", "monthly");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const webp = await fixture("photo3.webp");
    const start = (i: number) =>
      client.json("POST", "/api/uploads", {
        filename: `${i}.webp`,
        content_type: "image/webp",
        size: webp.length,
        album_id: albumId,
      });
    const starts = await Promise.all(
      Array.from({ length: PHOTO_MAX_IMAGES }, (_, i) => start(i)),
    );
    assert.deepEqual(
      starts.map((s) => `${s.status} ${s.body.error ?? "ok"}`),
      Array(PHOTO_MAX_IMAGES).fill("200 ok"),
    );
    const extra = await start(PHOTO_MAX_IMAGES);
    assert.equal(extra.body.error, "too_many_images");
    const completed = await Promise.all(starts.map(async (s) => {
      const put = await fetch(String(s.body.upload_url), {
        method: "PUT",
        headers: s.body.headers as Record<string, string>,
        body: webp,
      });
      await put.body?.cancel();
      const done = await client.json(
        "POST",
        `/api/uploads/${s.body.upload_id}/complete`,
      );
      return `${done.status} ${done.body.error ?? "ok"}`;
    }));
    assert.deepEqual(completed, Array(PHOTO_MAX_IMAGES).fill("200 ok"));
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(view.body.image_count, PHOTO_MAX_IMAGES);
  } finally {
    await server.close();
  }
});

Deno.test("an image whose album is deleted while it completes answers 404 not_found, not upload_not_received", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_gone_mid", "monthly");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const webp = await fixture("photo3.webp");
    const started = await client.json("POST", "/api/uploads", {
      filename: "1.webp",
      content_type: "image/webp",
      size: webp.length,
      album_id: albumId,
    });
    const put = await fetch(String(started.body.upload_url), {
      method: "PUT",
      headers: started.body.headers as Record<string, string>,
      body: webp,
    });
    await put.body?.cancel();
    // The album is deleted (by another request) once the completion has
    // claimed the upload, as in a burst: its first look at storage finds
    // the file gone with the album.
    const storage = server.deps.storage;
    const head = storage.head.bind(storage);
    let deleted: number | null = null;
    storage.head = async (key) => {
      if (deleted === null) {
        deleted = (await client.json("DELETE", `/api/albums/${albumId}`))
          .status;
      }
      return await head(key);
    };
    const done = await completeRefused(
      client,
      String(started.body.upload_id),
    );
    storage.head = head;
    assert.equal(deleted, 200);
    await assertRefusedNotFound(client, done);
  } finally {
    await server.close();
  }
});

Deno.test("an image completed after its album ended is refused as not_found, neither kept dead nor answered as the ended album's photo", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_ended_mid", "monthly");
    const albumId = String(
      (await client.json("POST", "/api/albums")).body.album_id,
    );
    const [photo, other] = await Promise.all(
      [1, 2].map((n) => imageVariant("photo2.jpg", n)),
    );
    const first = await uploadBytes(client, photo, {
      filename: "a.jpg",
      contentType: "image/jpeg",
      albumId,
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    // Started within the album's life (and the upload window), completed
    // once it has ended but before the retention sweep took it.
    server.clock.advance(ALBUM_DEFAULT_TTL_MS - 30 * 60_000);
    const repeat = await stagedUpload(
      client,
      photo,
      "a.jpg",
      "image/jpeg",
      albumId,
    );
    const fresh = await stagedUpload(
      client,
      other,
      "b.jpg",
      "image/jpeg",
      albumId,
    );
    server.clock.advance(40 * 60_000);
    for (const started of [repeat, fresh]) {
      const id = String(started.body.upload_id);
      await assertRefusedNotFound(client, await completeRefused(client, id));
    }
  } finally {
    await server.close();
  }
});
