/**
 * A client's URL, or a query's value or name, repeated in a message is
 * quoted, cut and its controls and invisible characters spelt out, as ids
 * and paths are (`echoed`, docs/api.md#errors): a 4,000-character
 * source_url or a 5,000-character query value must not come back whole,
 * and a right-to-left override must not turn the sentence around.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { albumOf, posterFor } from "./_helpers/posting_setup.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { AppError } from "../lib/errors.ts";
import { setWebhook } from "../lib/webhooks/webhooks.ts";
import { uploadFromUrl } from "../lib/media/upload_from_url.ts";
import { ingestExternalUrl } from "../lib/media/ingest.ts";

/** Controls and invisible characters a message must spell out. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * `message` repeats what was sent cut after `max` characters, spelt out,
 * and (a URL) quoted.
 */
function assertEchoed(message: string, max: number, quoted = true): void {
  assert.doesNotMatch(message, HIDDEN, message.slice(0, 300));
  assert.match(message, /\\u\{202E\}/);
  assert.match(message, quoted ? /…"/ : /…/, "cut (then the quote closed)");
  assert.ok(message.length < max + 200, `${message.length} characters`);
}

Deno.test("a post's source_url that is no live upload, or an upload of the wrong kind, is repeated quoted, cut after 200 characters and spelt out", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "echo_source");
    const video = await me.uploadVideo();
    const odd = `\u202E\u0001${"x".repeat(3800)}`;
    // Not a live upload: the URL under PM3K's files with another path.
    const gone = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: `${video}${odd}`,
      title: "odd",
      privacy: "SELF_ONLY",
    });
    assert.equal(gone.status, 400, JSON.stringify(gone.body).slice(0, 300));
    assert.equal(gone.body.error, "bad_request");
    const goneSaid = String(gone.body.message);
    assertEchoed(goneSaid, 200);
    assert.ok(goneSaid.startsWith(`"${video.slice(0, 100)}`), goneSaid);
    assert.match(goneSaid, /…" is not one of your live videos/);
    // An image as the video: its query names the same object.
    const { urls } = await albumOf(me, "photo2.jpg");
    const image = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: `${urls[0]}?${odd}`,
      title: "odd",
      privacy: "SELF_ONLY",
    });
    assert.equal(image.body.error, "unsupported_file_type");
    const imageSaid = String(image.body.message);
    assertEchoed(imageSaid, 200);
    assert.match(imageSaid, /…" is an image among your uploads/);
    // A video among the photos.
    const photo = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: [`${video}?${odd}`],
      title: "odd",
      privacy: "SELF_ONLY",
    });
    assert.equal(photo.body.error, "unsupported_image_type");
    const photoSaid = String(photo.body.message);
    assertEchoed(photoSaid, 200);
    assert.match(photoSaid, /^Only JPEG\/WebP allowed: ".*…" is a video/);
  } finally {
    await server.close();
  }
});

Deno.test("a query parameter with no name, or one given twice, is repeated cut and spelt out", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "echo_query");
    const odd = encodeURIComponent(`\u202E\u0001${"v".repeat(5000)}`);
    const noName = await me.json("GET", `/api/jobs?=${odd}`);
    assert.equal(noName.status, 400);
    const noNameSaid = String(noName.body.message);
    assertEchoed(noNameSaid, 80, false);
    assert.match(noNameSaid, /^A query parameter has no name \(=\\u\{202E\}/);
    const twice = await me.json("GET", `/api/jobs?${odd}=1&${odd}=2`);
    assert.equal(twice.status, 400);
    const twiceSaid = String(twice.body.message);
    assertEchoed(twiceSaid, 100, false);
    assert.match(twiceSaid, /^The query parameter \\u\{202E\}.*… is given 2/);
  } finally {
    await server.close();
  }
});

Deno.test("a URL that does not parse is refused with it quoted, cut and spelt out, by the webhook, upload-from-URL and verified-domain paths", async () => {
  // Their schemas (keptUrl) refuse such a URL before these run, so no
  // request reaches them today; each still repeats what it was given in
  // the words every message uses, whoever calls it next.
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "echo_not_url");
    const account = (await getTyped(server.kv, keys.account(me.openId)))
      .value!;
    const odd = `\u202E\u0001 ${"u".repeat(5000)}`;
    const calls: [string, () => Promise<unknown>][] = [
      ["setWebhook", () => setWebhook(server.deps, me.openId, odd)],
      [
        "uploadFromUrl",
        () => uploadFromUrl(server.deps, me.openId, { url: odd }),
      ],
      [
        "ingestExternalUrl",
        () => ingestExternalUrl(server.deps, account, odd, "video"),
      ],
    ];
    for (const [name, call] of calls) {
      await assert.rejects(call, (e) => {
        assert.ok(e instanceof AppError, name);
        assert.equal(e.code, "bad_request", name);
        assertEchoed(e.message, 200);
        assert.match(e.message, /^"\\u\{202E\}\\u\{1\} u+…" is not a URL\.$/);
        return true;
      });
    }
  } finally {
    await server.close();
  }
});
