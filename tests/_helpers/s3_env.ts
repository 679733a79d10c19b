/** The environment that points a PM3K server or task at an S3 bucket. */
import type { S3StorageOptions } from "../../lib/storage/s3_storage.ts";

export function s3Env(o: S3StorageOptions): Record<string, string> {
  return {
    S3_ENDPOINT: o.endpoint,
    S3_REGION: o.region,
    S3_BUCKET: o.bucket,
    S3_ACCESS_KEY_ID: o.accessKeyId,
    S3_SECRET_ACCESS_KEY: o.secretAccessKey,
    S3_FORCE_PATH_STYLE: String(o.forcePathStyle),
    FILES_BASE_URL: o.filesBaseUrl,
  };
}
