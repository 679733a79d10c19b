/**
 * The dashboard uploads straight from the browser into an S3 bucket (s3rver,
 * which applies CORS as AWS does), with the CORS rules of
 * deploy/bucket-cors.json (docs/media.md#bucket-set-up); without them the
 * card says what to fix. The same upload into Cloudflare's R2 emulator.
 */
import assert from "node:assert/strict";
import { startS3rver } from "../_helpers/s3rver_harness.ts";
import { documentedCorsXml } from "../_helpers/bucket_cors.ts";
import { startR2Emulator } from "../_helpers/r2_emulator.ts";
import {
  browserRunner,
  escapeRegExp,
  fixturePath,
  signInWithPlan,
  uploadCardError,
} from "../_helpers/browser_flows.ts";
import type { BrowserBody, BrowserRun } from "../_helpers/browser_flows.ts";

/** Runs `body` in a browser against a server on `bucket`, then closes it. */
async function withBucketBrowser(
  bucket: { env: Record<string, string>; close(): Promise<void> },
  body: BrowserBody,
): Promise<void> {
  try {
    await browserRunner({}, { env: bucket.env })(body);
  } finally {
    await bucket.close();
  }
}

function signIn(run: BrowserRun, username: string) {
  return signInWithPlan(run, username, {
    planName: "Monthly",
    cards: ["upload-card", "post-card"],
    islands: ["UploadCard", "PostCard"],
  });
}

/**
 * Uploads portrait.mp4 from the upload card: the browser PUTs it once,
 * presigned, to `bucketUrl`; the file URL shown is under `filesBaseUrl` and
 * serves the same bytes.
 */
async function assertDashboardUpload(
  run: BrowserRun,
  username: string,
  bucketUrl: string,
  filesBaseUrl: string,
): Promise<void> {
  const { page, watched } = run;
  const openId = await signIn(run, username);
  const puts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PUT") puts.push(r.url());
  });
  await page.setInputFiles(
    "[data-testid=video-input]",
    fixturePath("portrait.mp4"),
  );
  await page.locator("[data-testid=upload-result]").waitFor();
  const url = await page.locator("[data-testid=upload-url]").inputValue();
  assert.match(
    url,
    new RegExp(
      `^${escapeRegExp(filesBaseUrl)}/uploads/${escapeRegExp(openId)}/`,
    ),
    "the file URL is in the bucket",
  );
  assert.equal(puts.length, 1);
  assert.ok(
    puts[0].startsWith(`${bucketUrl}/`),
    `the browser PUT went to the bucket itself: ${puts[0]}`,
  );
  assert.match(puts[0], /X-Amz-Signature=/, "a presigned URL");
  const stored = await fetch(url);
  assert.equal(stored.status, 200);
  assert.deepEqual(
    new Uint8Array(await stored.arrayBuffer()),
    await Deno.readFile(fixturePath("portrait.mp4")),
  );
  watched.watch.assertClean();
}

Deno.test("the dashboard uploads a video straight into an S3 bucket whose CORS rules allow the site", async () => {
  // The test server's port is chosen later: allow any port on loopback.
  const s3 = await startS3rver({
    corsXml: await documentedCorsXml("http://127.0.0.1:*"),
  });
  await withBucketBrowser(s3, async (run) => {
    const bucketUrl = `${s3.endpoint}/${s3.bucket}`;
    await assertDashboardUpload(run, "s3_uploader", bucketUrl, bucketUrl);
  });
});

Deno.test("the dashboard uploads a video straight into Cloudflare's R2 emulator", async () => {
  const r2 = await startR2Emulator();
  await withBucketBrowser(r2, async (run) => {
    await assertDashboardUpload(
      run,
      "r2_uploader",
      `${r2.endpoint}/${r2.bucket}`,
      r2.publicBaseUrl,
    );
  });
});

Deno.test("a bucket without CORS rules for the site: the upload card says which rule is missing, and nothing is listed", async () => {
  const s3 = await startS3rver();
  await withBucketBrowser(s3, async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "s3_no_cors");
    const { text } = await uploadCardError(page, "portrait.mp4");
    assert.equal(
      text,
      `portrait.mp4: The storage at ${s3.endpoint} refused the upload from this page: its CORS rules must allow PUT with Content-Type from ${server.url}.`,
    );
    assert.equal(await page.locator("[data-testid=upload-list]").count(), 0);
    assert.equal(await page.locator("[data-testid=no-uploads]").count(), 1);
    // Chromium reports the blocked request on the console.
    watched.watch.assertClean({
      allowConsole: [/CORS policy|net::ERR_FAILED/],
    });
  });
});
