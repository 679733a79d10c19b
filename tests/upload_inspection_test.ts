/**
 * Completing an upload decides from facts alone (upload_inspection.ts):
 * each refusal with its error, and what an accepted file really is.
 */
import assert from "node:assert/strict";
import {
  checkStoredObject,
  checkUploadWindow,
  inspectContent,
} from "../lib/media/upload_inspection.ts";
import type { UploadRecord } from "../lib/media/media_record.ts";
import type { ObjectInfo } from "../lib/storage/object_storage.ts";
import { AppError } from "../lib/errors.ts";
import { getPlan } from "../lib/plans.ts";
import { fixture } from "./_helpers/api_client.ts";
import { fileSizeError, uploadCap } from "../lib/media/upload_start.ts";
import type { Account } from "../lib/accounts/account_record.ts";

const NOW = Date.UTC(2026, 10, 25, 12);
const FREE = getPlan("free");

function pending(change: Partial<UploadRecord> = {}): UploadRecord {
  return {
    id: "01UPLOAD",
    openId: "open-1",
    key: "uploads/open-1/2026-11-25/01UPLOAD.mp4",
    filename: "clip.mp4",
    contentType: "video/mp4",
    kind: "video",
    declaredSize: 1000,
    albumId: null,
    sourceUrl: null,
    state: "pending",
    createdAt: NOW - 60_000,
    expiresAt: NOW + 60_000,
    url: "https://files.example/uploads/open-1/2026-11-25/01UPLOAD.mp4",
    size: null,
    etag: null,
    video: null,
    image: null,
    ...change,
  };
}

function albumImage(change: Partial<UploadRecord> = {}): UploadRecord {
  return pending({
    kind: "image",
    contentType: "image/jpeg",
    albumId: "01ALBUM",
    ...change,
  });
}

function stored(size: number): ObjectInfo {
  return { size, etag: '"abc"', contentType: "application/octet-stream" };
}

function assertRefused(got: unknown, code: string, message: RegExp): void {
  assert.ok(got instanceof AppError, `expected a refusal, got ${got}`);
  assert.equal(got.code, code);
  assert.match(got.message, message);
}

Deno.test("an upload completed after its window closes is refused with upload_expired", () => {
  assert.equal(checkUploadWindow(pending({ expiresAt: NOW + 1 }), NOW), null);
  assertRefused(
    checkUploadWindow(pending({ expiresAt: NOW }), NOW),
    "upload_expired",
    /upload window \(1 hour\) has passed/,
  );
});

Deno.test("storage's report: no object, a size other than declared, or a file over the plan's size is refused", () => {
  assertRefused(
    checkStoredObject(pending(), FREE, null),
    "upload_not_received",
    /this upload is now deleted: start a new one/,
  );
  assertRefused(
    checkStoredObject(pending({ declaredSize: 1000 }), FREE, stored(999)),
    "size_mismatch",
    /^The file has 999 bytes but 1000 were declared, and this upload is now deleted: start a new one with the file's exact size/,
  );
  const over = FREE.maxFileBytes + 1;
  assertRefused(
    checkStoredObject(pending({ declaredSize: over }), FREE, stored(over)),
    "file_too_large",
    /^File is larger than your plan allows \(100 MB on Free\)\.$/,
  );
  const fits = stored(FREE.maxFileBytes);
  assert.equal(
    checkStoredObject(
      pending({ declaredSize: FREE.maxFileBytes }),
      FREE,
      fits,
    ),
    fits,
  );
});

Deno.test("a video upload whose bytes are not MP4, MOV or WebM is refused with unsupported_file_type", async () => {
  const jpeg = await fixture("photo2.jpg");
  assertRefused(
    inspectContent(pending(), jpeg.length, jpeg),
    "unsupported_file_type",
    /not an MP4, MOV or WebM video/,
  );
  const text = new TextEncoder().encode("just some text, not a video");
  assertRefused(
    inspectContent(pending(), text.length, text),
    "unsupported_file_type",
    /not an MP4, MOV or WebM video/,
  );
});

Deno.test("a video upload is accepted with the type its bytes show, whatever was declared", async () => {
  const mp4 = await fixture("portrait.mp4");
  const declaredMov = pending({ contentType: "video/quicktime" });
  assert.deepEqual(inspectContent(declaredMov, mp4.length, mp4), {
    contentType: "video/mp4",
    ext: "mp4",
    image: null,
  });
  const webm = await fixture("portrait.webm");
  assert.deepEqual(inspectContent(pending(), webm.length, webm), {
    contentType: "video/webm",
    ext: "webm",
    image: null,
  });
});

Deno.test("an album image that is not JPEG or WebP by its bytes is refused with unsupported_image_type", async () => {
  // A PNG is named, with what to do (docs/media.md#photo-mode).
  const png = await fixture("photo.png");
  assertRefused(
    inspectContent(albumImage(), png.length, png),
    "unsupported_image_type",
    /^Only JPEG\/WebP allowed: the file content is a PNG image \(image\/png\), not a JPEG or WebP image: convert the image to JPEG first\.$/,
  );
  const mp4 = await fixture("portrait.mp4");
  assertRefused(
    inspectContent(albumImage(), mp4.length, mp4),
    "unsupported_image_type",
    /^Only JPEG\/WebP allowed: the file content is not a JPEG or WebP image\.$/,
  );
});

Deno.test("an album image over 20 MB is refused with image_too_large", async () => {
  const jpeg = await fixture("photo2.jpg");
  assertRefused(
    inspectContent(albumImage(), 20_000_001, jpeg),
    "image_too_large",
    /^Image exceeds 20 MB\.$/,
  );
});

Deno.test("an album image whose header cannot be read is refused with unsupported_image_type", () => {
  // JPEG's magic bytes, then nothing that gives a size.
  const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0, 0]);
  assertRefused(
    inspectContent(albumImage(), broken.length, broken),
    "unsupported_image_type",
    /^The image header cannot be read\.$/,
  );
});

Deno.test("an album image over 1080 px on a side is refused with image_too_large_px", async () => {
  const wide = await fixture("photo-too-big-px.jpg");
  assertRefused(
    inspectContent(albumImage(), wide.length, wide),
    "image_too_large_px",
    /2000×1500/,
  );
  const portrait = await fixture("photo1.jpg");
  assertRefused(
    inspectContent(albumImage(), portrait.length, portrait),
    "image_too_large_px",
    /1080×1350/,
  );
});

Deno.test("an album image is accepted with its sniffed type and pixel size", async () => {
  const webp = await fixture("photo3.webp");
  const got = inspectContent(
    albumImage({ contentType: "image/jpeg" }),
    webp.length,
    webp,
  );
  assert.ok(!(got instanceof AppError), String(got));
  assert.equal(got.contentType, "image/webp");
  assert.equal(got.ext, "webp");
  assert.equal(got.image?.format, "webp");
  assert.ok(got.image.width <= 1080 && got.image.height <= 1080);
  const jpeg = await fixture("photo2.jpg");
  const accepted = inspectContent(albumImage(), jpeg.length, jpeg);
  assert.ok(!(accepted instanceof AppError), String(accepted));
  assert.equal(accepted.contentType, "image/jpeg");
  assert.equal(accepted.image?.format, "jpg");
});

Deno.test("a file too large is refused in one wording wherever its size is found out: starting, a streamed body's cap, completing", () => {
  const account = { plan: "free" } as Account;
  const over = FREE.maxFileBytes + 1;
  const atStart = fileSizeError(account, undefined, over);
  const atCap = uploadCap(account, undefined).tooLarge;
  const atCompletion = checkStoredObject(
    pending({ declaredSize: over }),
    FREE,
    stored(over),
  );
  for (const refusal of [atStart, atCap, atCompletion]) {
    assert.ok(refusal instanceof AppError);
    assert.deepEqual([refusal.code, refusal.status, refusal.message], [
      "file_too_large",
      413,
      "File is larger than your plan allows (100 MB on Free).",
    ]);
  }
  // An album image: the contract's words, with its size when it is its own.
  const image = fileSizeError(account, "01ALBUM", 20_000_001);
  assert.equal(image?.message, "Image exceeds 20 MB (20000001 bytes).");
  assert.equal(
    uploadCap(account, "01ALBUM").tooLarge.message,
    "Image exceeds 20 MB.",
  );
});
