/**
 * Picks the storage adapter the configuration names.
 * @module
 */
import type { Config } from "../config.ts";
import type { ObjectStorage } from "./object_storage.ts";
import { LocalStorage } from "./local_storage.ts";
import { S3Storage } from "./s3_storage.ts";
import type { Logger } from "../runtime/logger.ts";

/** Path under which the app serves (and accepts signed PUTs for) local media. */
export const FILES_PATH = "/files";

export function createStorage(
  config: Config,
  uploadKey: CryptoKey,
  fetchImpl?: typeof fetch,
  log?: Logger,
): ObjectStorage {
  if (config.storage.kind === "s3") {
    return new S3Storage({
      ...config.storage,
      filesBaseUrl: config.filesBaseUrl,
      fetch: fetchImpl,
      log,
    });
  }
  return new LocalStorage({
    dataDir: config.dataDir,
    filesBaseUrl: config.filesBaseUrl,
    uploadBaseUrl: `${config.publicBaseUrl}${FILES_PATH}`,
    uploadKey,
  });
}
