/**
 * `deno task storage-check` checks a bucket end to end before going live:
 * it passes on a bucket set up as docs/media.md#bucket-set-up says (s3rver
 * behind the AWS-checking gateway, with the documented CORS rules), names
 * the check and the fix when the set-up is wrong, and leaves nothing
 * behind.
 */
import assert from "node:assert/strict";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { denoTask } from "./_helpers/server_process.ts";
import { documentedCorsXml } from "./_helpers/bucket_cors.ts";
import { startR2Emulator } from "./_helpers/r2_emulator.ts";

const SITE = "https://pm3k.example.com";

async function storageCheck(env: Record<string, string>) {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-check-" });
  try {
    return await denoTask("storage-check", [], {
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: SITE,
      ...env,
    }, { clearEnv: true });
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

/** A run that failed (exit 1) on its first check, the signed PUT, with `code`. */
function assertFirstPutRefused(
  run: { code: number; lines: string[] },
  code: string,
): void {
  assert.equal(run.code, 1);
  assert.match(
    run.lines[0],
    new RegExp(`^FAIL signed PUT of a small object: .*${code}`),
  );
}

/** The one failing line of a run that failed (exit 1) on one check. */
function onlyFailure(run: { code: number; lines: string[] }): string {
  assert.equal(run.code, 1, run.lines.join("\n"));
  const failed = run.lines.filter((l) => l.startsWith("FAIL"));
  assert.equal(failed.length, 1, run.lines.join("\n"));
  return failed[0];
}

Deno.test("storage-check passes on a bucket set up as the docs say, and cleans up", async () => {
  const s3 = await startS3rver({ corsXml: await documentedCorsXml(SITE) });
  try {
    const run = await storageCheck(s3.env);
    assert.equal(run.code, 0, run.lines.join("\n") + run.stderr);
    const checks = run.lines.slice(0, -1);
    assert.equal(checks.length, 13, run.lines.join("\n"));
    assert.ok(checks.every((l) => l.startsWith("ok ")), checks.join("\n"));
    // What completing uploads and the orphan sweep need: a move, a listing.
    for (const name of ["move inside the bucket", "list a folder page by"]) {
      assert.ok(checks.some((l) => new RegExp(`^ok +${name}`).test(l)), name);
    }
    assert.equal(run.lines.at(-1), "All 13 checks passed.");
    assert.deepEqual(s3.refused, [
      // The one PUT the bucket must turn away, and does.
      `SignatureDoesNotMatch PUT /${s3.bucket}/${
        /pm3k-storage-check\/[^ ]+\/browser\.mp4/.exec(s3.refused[0] ?? "")
          ?.[0]
      }`,
    ]);
    assert.deepEqual(await s3.keys(), []);
  } finally {
    await s3.close();
  }
});

Deno.test("storage-check passes on an R2-style bucket (region auto) and fails on a region the bucket does not take", async () => {
  const s3 = await startS3rver({
    corsXml: await documentedCorsXml(SITE),
    region: "auto",
  });
  try {
    const run = await storageCheck({ ...s3.env, S3_REGION: "auto" });
    assert.equal(run.code, 0, run.lines.join("\n") + run.stderr);
    assert.equal(run.lines.at(-1), "All 13 checks passed.");
    const wrong = await storageCheck({ ...s3.env, S3_REGION: "eu-west-1" });
    assertFirstPutRefused(wrong, "AuthorizationHeaderMalformed");
    assert.deepEqual(await s3.keys(), []);
  } finally {
    await s3.close();
  }
});

Deno.test("storage-check passes on Cloudflare's R2 emulator (S3 API under a path, public r2.dev-style reads) and names a wrong key", async () => {
  const r2 = await startR2Emulator({ siteOrigins: [SITE] });
  try {
    const run = await storageCheck(r2.env);
    assert.equal(run.code, 0, run.lines.join("\n") + run.stderr);
    assert.equal(run.lines.at(-1), "All 13 checks passed.");
    assert.deepEqual(await r2.keys(), []);
    const wrong = await storageCheck({
      ...r2.env,
      S3_ACCESS_KEY_ID: "ffffffffffffffffffffffffffffffff",
    });
    assertFirstPutRefused(wrong, "Unauthorized");
    assert.deepEqual(await r2.keys(), []);
  } finally {
    await r2.close();
  }
});

Deno.test("storage-check names what is wrong: missing CORS rules, wrong credentials", async (t) => {
  const s3 = await startS3rver();
  try {
    await t.step("no CORS rules for the site", async () => {
      const run = await storageCheck(s3.env);
      assert.match(
        onlyFailure(run),
        /CORS preflight .*add the CORS rules of deploy\/bucket-cors\.json/,
      );
      assert.equal(run.lines.at(-1), "1 of 13 checks failed.");
      assert.deepEqual(await s3.keys(), []);
    });
    await t.step("a wrong secret key", async () => {
      const run = await storageCheck({
        ...s3.env,
        S3_SECRET_ACCESS_KEY: "wrong",
      });
      assertFirstPutRefused(run, "SignatureDoesNotMatch");
      assert.match(run.lines[0], /check S3_SECRET_ACCESS_KEY, and S3_REGION/);
      // A HEAD refusal has no body: it still names the credentials, not
      // the endpoint, and no later line blames FILES_BASE_URL.
      assert.match(
        run.lines[1],
        /^FAIL HEAD gives .*HTTP 403: the bucket refused this request; check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/,
      );
      assert.ok(!run.lines.some((l) => /could not be reached/.test(l)));
      assert.ok(
        run.lines.includes(
          "FAIL unsigned public read of FILES_BASE_URL: not checked: the signed PUT above failed, so there is no object to read",
        ),
        run.lines.join("\n"),
      );
    });
    await t.step("a bucket name that is not there", async () => {
      const run = await storageCheck({
        ...s3.env,
        S3_BUCKET: "no-such-bucket",
      });
      assertFirstPutRefused(run, "NoSuchBucket");
      assert.match(run.lines[0], /check S3_BUCKET$/);
      const listing = run.lines.find((l) => l.includes("ListObjectsV2"));
      assert.match(listing!, /NoSuchBucket: .*check S3_BUCKET$/);
      assert.ok(!run.lines.some((l) => /s3:ListBucket/.test(l)));
    });
    await t.step("a bucket that cannot be reached", async () => {
      // A port nothing listens on.
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const { port } = listener.addr as Deno.NetAddr;
      listener.close();
      const run = await storageCheck({
        ...s3.env,
        S3_ENDPOINT: `http://127.0.0.1:${port}`,
      });
      assert.equal(run.code, 1);
      assert.match(
        run.lines[0],
        /^FAIL signed PUT of a small object: .*could not be reached; check S3_ENDPOINT/,
      );
      // The presigned URLs the failed fetches name keep no signature.
      const presigned = run.lines.filter((l) => l.includes("X-Amz-Signature"));
      assert.ok(presigned.length > 0, run.lines.join("\n"));
      for (const line of presigned) {
        assert.match(line, /X-Amz-Signature=…/);
        assert.doesNotMatch(line, /X-Amz-Signature=[0-9a-f]/i);
      }
    });
  } finally {
    await s3.close();
  }
});

Deno.test("storage-check fails on a bucket TikTok cannot read without a signature", async () => {
  const s3 = await startS3rver({
    corsXml: await documentedCorsXml(SITE),
    publicRead: false,
  });
  try {
    const run = await storageCheck(s3.env);
    assert.match(
      onlyFailure(run),
      /^FAIL unsigned public read of FILES_BASE_URL: .* answered 403: TikTok fetches media from there/,
    );
    assert.deepEqual(await s3.keys(), []);
  } finally {
    await s3.close();
  }
});

Deno.test("storage-check says when FILES_BASE_URL does not lead to the bucket", async () => {
  const s3 = await startS3rver({ corsXml: await documentedCorsXml(SITE) });
  try {
    // Path-style, the bucket name left out: the likely mistake.
    const run = await storageCheck({ ...s3.env, FILES_BASE_URL: s3.endpoint });
    assert.match(
      onlyFailure(run),
      /^FAIL unsigned public read of FILES_BASE_URL: .* answered 404 for the object just written: FILES_BASE_URL must be the bucket's public address \(path-style: S3_ENDPOINT\/S3_BUCKET\)/,
    );
    assert.deepEqual(await s3.keys(), []);
  } finally {
    await s3.close();
  }
});

Deno.test("storage-check on local-disk storage says there is no bucket to check", async () => {
  const run = await storageCheck({});
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Nothing to check: media is on local disk/);
});
