/**
 * The dashboard uploads straight from the browser into an S3 bucket (s3rver,
 * which applies CORS as AWS does), with the CORS rules README documents in
 * deploy/bucket-cors.json; without them the card says what to fix.
 */
import assert from "node:assert/strict";
import { startS3rver } from "../_helpers/s3rver_harness.ts";
import { documentedCorsXml } from "../_helpers/bucket_cors.ts";
import type { S3rverHandle } from "../_helpers/s3rver_harness.ts";
import {
  browserRunner,
  escapeRegExp,
  fixturePath,
  signInWithPlan,
} from "../_helpers/browser_flows.ts";
import type { BrowserBody } from "../_helpers/browser_flows.ts";

async function withS3Browser(
  s3: S3rverHandle,
  body: BrowserBody,
): Promise<void> {
  try {
    await browserRunner({}, { env: s3.env })(body);
  } finally {
    await s3.close();
  }
}

function signIn(run: Parameters<BrowserBody>[0], username: string) {
  return signInWithPlan(run, username, {
    planName: "Monthly",
    cards: ["upload-card", "photo-card"],
    islands: ["UploadCard", "PhotoModeCard"],
  });
}

Deno.test("the dashboard uploads a video straight into an S3 bucket whose CORS rules allow the site", async () => {
  // The test server's port is chosen later: allow any port on loopback.
  const s3 = await startS3rver({
    corsXml: await documentedCorsXml("http://127.0.0.1:*"),
  });
  await withS3Browser(s3, async (run) => {
    const { page, watched } = run;
    const openId = await signIn(run, "s3_uploader");
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
        `^${escapeRegExp(`${s3.endpoint}/${s3.bucket}`)}/uploads/${
          escapeRegExp(openId)
        }/`,
      ),
      "the file URL is in the bucket",
    );
    assert.equal(puts.length, 1);
    assert.ok(
      puts[0].startsWith(`${s3.endpoint}/${s3.bucket}/`),
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
  });
});

Deno.test("a bucket without CORS rules for the site: the upload card says which rule is missing, and nothing is listed", async () => {
  const s3 = await startS3rver();
  await withS3Browser(s3, async (run) => {
    const { page, server, watched } = run;
    await signIn(run, "s3_no_cors");
    await page.setInputFiles(
      "[data-testid=video-input]",
      fixturePath("portrait.mp4"),
    );
    const error = page.locator("[data-testid=upload-error]");
    await error.waitFor();
    assert.equal(
      (await error.textContent())?.trim(),
      `The storage at ${s3.endpoint} refused the upload from this page: its CORS rules must allow PUT with Content-Type from ${server.url}.`,
    );
    assert.equal(await page.locator("[data-testid=upload-list]").count(), 0);
    assert.equal(await page.locator("[data-testid=no-uploads]").count(), 1);
    // Chromium reports the blocked request on the console.
    watched.watch.assertClean({
      allowConsole: [/CORS policy|net::ERR_FAILED/],
    });
  });
});
