/**
 * What a test server's storage holds where an upload writes: a copy
 * stopped or refused must leave nothing there (docs/media.md#uploads-from-a-url),
 * nor a deleted account under its uploads' prefix.
 * @module
 */
import type { TestServer } from "./test_server.ts";

/** The prefixes an upload writes to: its object, its staging, TikTok's copies. */
const UPLOAD_PREFIXES = ["uploads/", "uploads-staging/", "tmp/"];

/**
 * The keys of every object the storage holds under `prefixes`, prefix by
 * prefix in key order: by default any prefix an upload writes to.
 */
export async function storedObjects(
  server: Pick<TestServer, "deps">,
  prefixes: readonly string[] = UPLOAD_PREFIXES,
): Promise<string[]> {
  const out: string[] = [];
  for (const prefix of prefixes) {
    for await (const o of server.deps.storage.list(prefix)) out.push(o.key);
  }
  return out;
}
