/**
 * A local storage adapter over a test's own folder, with an unreachable
 * base URL: for tests of the adapter and of what stores through it, which
 * make no request to its URLs.
 * @module
 */
import { LocalStorage } from "../../lib/storage/local_storage.ts";
import { deriveUploadKey } from "../../lib/storage/local_upload_signature.ts";

/** The local adapter storing under `dir`. */
export async function localStorageIn(dir: string): Promise<LocalStorage> {
  return new LocalStorage({
    dataDir: dir,
    filesBaseUrl: "http://127.0.0.1:1/files",
    uploadBaseUrl: "http://127.0.0.1:1/files",
    uploadKey: await deriveUploadKey("local-secret-local-secret-local-secret"),
  });
}
