/**
 * Media details the broader suites only touch: an album counts as ONE
 * upload against the plan's uploads per day (docs/media.md#photo-mode),
 * and a refused ingest from a verified domain leaves no object in the S3
 * bucket (listed through s3rver's ListObjectsV2) and no upload record — nor
 * does a post refused part way through its media (a later photo, a copied
 * video that is not vertical) keep the copies it already made; a multipart
 * copy cut at the plan cap is aborted. Everything over real HTTP.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  apiClientFor,
  fixture,
  uploadBytes,
  uploadPortrait,
} from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  verifySource,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { keys, listTyped } from "../lib/kv_keys.ts";
import { uploadsCounted } from "./_helpers/upload_day_count.ts";
import { PLANS } from "../lib/plans.ts";
import { PART_SIZE } from "../lib/storage/s3_storage.ts";

// ---------------------------------------------------------------------------
// 3. An album counts as one upload of the day
// ---------------------------------------------------------------------------

async function uploadVideoOf(client: ApiClient, i: number) {
  return await uploadPortrait(client, `v${i}.mp4`);
}

async function addImage(client: ApiClient, albumId: string, name: string) {
  return await uploadBytes(client, await fixture("photo2.jpg"), {
    filename: name,
    contentType: "image/jpeg",
    albumId,
  });
}

Deno.test("an album of several images uses one upload of the plan's day, and the quota error follows", async (t) => {
  const server = await startTestServer();
  try {
    const perDay = PLANS.free.uploadsPerDay;
    assert.equal(perDay, 10, "the free plan's table value");
    const client = await apiClientFor(server, "album_quota", "free");
    const album = await client.json("POST", "/api/albums");
    assert.equal(album.status, 200, JSON.stringify(album.body));
    const albumId = String(album.body.album_id);

    await t.step("five images in the album", async () => {
      for (let i = 0; i < 5; i++) {
        const r = await addImage(client, albumId, `a${i}.jpg`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
    });

    await t.step(
      `then ${perDay - 1} videos still fit (album = 1 upload, not 5)`,
      async () => {
        for (let i = 1; i <= perDay - 1; i++) {
          const r = await uploadVideoOf(client, i);
          assert.equal(r.status, 200, `video ${i}: ${JSON.stringify(r.body)}`);
        }
      },
    );

    await t.step(
      "the day is full: a video and a new album are refused",
      async () => {
        const video = await client.call("POST", "/api/uploads", {
          filename: "over.mp4",
          content_type: "video/mp4",
          size: 1000,
        });
        const v = await assertJsonError(video, 429, "upload_limit");
        assert.match(String(v.message), /\(10 uploads per day\)/);
        const another = await assertJsonError(
          await client.call("POST", "/api/albums"),
          429,
          "upload_limit",
        );
        assert.match(String(another.message), /an album counts as one/);
        // Both say when the day's count resets, as an instant (retry_after,
        // and Retry-After through assertJsonError).
        for (const refused of [v, another]) {
          assert.match(String(refused.retry_after), /T00:00:00\.000Z$/);
          assert.match(String(refused.message), /It resets at .*Z\.$/);
        }
      },
    );

    await t.step("images still go into the album already counted", async () => {
      const r = await addImage(client, albumId, "late.jpg");
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const view = await assertJsonOk(
        await client.call("GET", `/api/albums/${albumId}`),
      );
      assert.equal(view.image_count, 6);
      // The counter stands at the plan's limit, not beyond it.
      assert.equal(await uploadsCounted(server, client.openId), perDay);
    });
  } finally {
    await server.close();
  }
});

Deno.test("ten albums of three images fill a free day: the eleventh album and any video are refused", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_quota_many", "free");
    for (let a = 1; a <= PLANS.free.uploadsPerDay; a++) {
      const album = await assertJsonOk(
        await client.call("POST", "/api/albums"),
      );
      for (let i = 0; i < 3; i++) {
        const r = await addImage(client, String(album.album_id), `${i}.jpg`);
        assert.equal(r.status, 200, `album ${a} image ${i}`);
      }
    }
    await assertJsonError(
      await client.call("POST", "/api/albums"),
      429,
      "upload_limit",
    );
    const video = await uploadVideoOf(client, 0);
    assert.equal(video.status, 429, JSON.stringify(video.body));
    assert.equal(video.body.error, "upload_limit");
  } finally {
    await server.close();
  }
});

// ---------------------------------------------------------------------------
// 5. Refused ingests leave nothing in the S3 bucket
// ---------------------------------------------------------------------------

async function uploadRecords(server: TestServer, me: Poster) {
  return (await listTyped(server.kv, keys.uploadsByAccountPrefix(me.openId)))
    .map((e) => e.value);
}

Deno.test("refused ingests from a verified domain leave no object in the S3 bucket and no record", async (t) => {
  const s3 = await startS3rver();
  const server = await startTestServer({ env: s3.env });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "s3_ingest_refusals", "free");
    await verifySource(me, source);
    const tmp = `tmp/${me.openId}/`;
    assert.deepEqual(await s3.keys(tmp), []);

    let kept: string[] = [];
    let records: string[] = [];
    await t.step(
      "control: an accepted copy is listed in the bucket",
      async () => {
        await assertJsonOk(
          await directPost(me, {
            source_url: `${source.origin}/video.mp4`,
            title: "copied from my host",
          }),
        );
        kept = await s3.keys(tmp);
        assert.equal(kept.length, 1, JSON.stringify(kept));
        records = await uploadRecords(server, me);
        assert.equal(records.length, 1);
      },
    );

    const refusals: [string, unknown, number, string][] = [
      [
        "an image where a video was expected (written, then refused)",
        { source_url: `${source.origin}/not-a-video.mp4`, title: "r1" },
        400,
        "unsupported_file_type",
      ],
      [
        "a photo over 1080 px (written, then refused)",
        {
          media_type: "PHOTO",
          photo_images: [`${source.origin}/big.jpg`],
          title: "r2",
        },
        400,
        "image_too_large_px",
      ],
      [
        "a PNG photo (written, then refused)",
        {
          media_type: "PHOTO",
          photo_images: [`${source.origin}/photo.png`],
          title: "r3",
        },
        400,
        "unsupported_image_type",
      ],
      [
        "a photo announced over 20 MB",
        {
          media_type: "PHOTO",
          photo_images: [`${source.origin}/heavy.jpg`],
          title: "r4",
        },
        400,
        "image_too_large",
      ],
      [
        "a video announced over the plan cap",
        { source_url: `${source.origin}/liar.mp4`, title: "r5" },
        413,
        "file_too_large",
      ],
      [
        "a body that stops short of its Content-Length mid-stream",
        { source_url: `${source.origin}/short.mp4`, title: "r6" },
        502,
        "proxy_error",
      ],
      [
        "a photo refused at its second image (the first was copied)",
        {
          media_type: "PHOTO",
          photo_images: [
            `${source.origin}/photo.jpg`,
            `${source.origin}/big.jpg`,
          ],
          title: "r7",
        },
        400,
        "image_too_large_px",
      ],
      [
        "a photo refused at its third image, announced over 20 MB",
        {
          media_type: "PHOTO",
          photo_images: [
            `${source.origin}/photo.jpg`,
            `${source.origin}/photo.jpg#again`,
            `${source.origin}/heavy.jpg`,
          ],
          title: "r8",
        },
        400,
        "image_too_large",
      ],
      [
        "a copied video refused as not vertical",
        { source_url: `${source.origin}/landscape.mp4`, title: "r9" },
        400,
        "bad_request",
      ],
    ];
    for (const [name, body, status, code] of refusals) {
      await t.step(`${name}: ${code}, bucket unchanged`, async () => {
        await assertJsonError(await directPost(me, body), status, code);
        assert.deepEqual(await s3.keys(tmp), kept);
        assert.deepEqual(await uploadRecords(server, me), records);
      });
    }
    assert.ok(source.shortSent() > 0, "the short source did send bytes");
    assert.equal(await initsAtTikTok(server, me), 1, "only the control");
  } finally {
    await source.close();
    await server.close();
    await s3.close();
  }
});

Deno.test("a copy cut mid-stream at the plan cap aborts its S3 multipart upload and leaves no object", async () => {
  // The gateway's request log shows what PM3K asks of the bucket (s3rver
  // lists neither multipart uploads nor aborts them).
  const s3 = await startS3rver();
  const server = await startTestServer({ env: s3.env });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "s3_multipart_cut", "free");
    await verifySource(me, source);
    const body = await assertJsonError(
      await directPost(me, {
        source_url: `${source.origin}/huge.bin`,
        title: "endless",
      }),
      413,
      "file_too_large",
    );
    assert.match(String(body.message), /100 MB/);
    const tmp = `/${s3.bucket}/tmp/${me.openId}/`;
    const started = s3.requests.filter((s) =>
      s.startsWith(`POST ${tmp}`) && s.endsWith("?uploads=")
    );
    assert.equal(started.length, 1, s3.requests.join("\n"));
    const objectPath = started[0].slice("POST ".length, -"?uploads=".length);
    const parts = s3.requests.filter((s) =>
      s.startsWith(`PUT ${objectPath}?`) && s.includes("uploadId=")
    );
    // The cap (100 MB) is cut inside the copy, not before it.
    assert.ok(
      parts.length >= Math.floor(PLANS.free.maxFileBytes / PART_SIZE) - 1,
      `${parts.length} parts sent`,
    );
    const uploadId = new URLSearchParams(parts[0].split("?")[1]).get(
      "uploadId",
    );
    assert.ok(
      s3.requests.some((s) =>
        s.startsWith(`DELETE ${objectPath}?`) &&
        new URLSearchParams(s.split("?")[1]).get("uploadId") === uploadId
      ),
      `AbortMultipartUpload sent:\n${s3.requests.join("\n")}`,
    );
    assert.ok(
      !s3.requests.some((s) => s.startsWith(`POST ${objectPath}?uploadId=`)),
      "never completed",
    );
    assert.deepEqual(await s3.keys(`tmp/${me.openId}/`), []);
    assert.deepEqual(await uploadRecords(server, me), []);
  } finally {
    await source.close();
    await server.close();
    await s3.close();
  }
});
