/**
 * `deno task storage-check`: checks the bucket the S3_* variables name, end
 * to end, as PM3K will use it (lib/storage/bucket_check.ts), and prints one
 * line per check. Exits 1 when a check fails, 2 when there is no bucket to
 * check. Run it once per environment before going live on AWS S3, R2 or
 * MinIO; it writes under `pm3k-storage-check/` and deletes what it wrote.
 */
import { loadConfig } from "../lib/config.ts";
import { exitOnConfigError, exitWithChecks } from "./check_task_output.ts";
import { S3Storage } from "../lib/storage/s3_storage.ts";
import { checkBucket } from "../lib/storage/bucket_check.ts";

try {
  const config = loadConfig();
  if (config.storage.kind !== "s3") {
    console.error(
      "Nothing to check: media is on local disk. Set S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and FILES_BASE_URL.",
    );
    Deno.exit(2);
  }
  const storage = new S3Storage({
    ...config.storage,
    filesBaseUrl: config.filesBaseUrl,
  });
  const results = await checkBucket({
    storage,
    siteOrigin: new URL(config.publicBaseUrl).origin,
    prefix: `pm3k-storage-check/${crypto.randomUUID()}`,
  });
  exitWithChecks(
    results.map((r) => ({ ...r, label: r.ok ? "ok  " : "FAIL" })),
    `All ${results.length} checks passed.`,
  );
} catch (error) {
  exitOnConfigError(error);
}
