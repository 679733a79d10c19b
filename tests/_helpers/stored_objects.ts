/**
 * What a test server's storage holds where an upload writes: a copy
 * stopped or refused must leave nothing there (docs/media.md#uploads-from-a-url).
 * @module
 */
import type { TestServer } from "./test_server.ts";

/** Every object the storage holds, under any prefix an upload writes to. */
export async function storedObjects(server: TestServer): Promise<string[]> {
  const out: string[] = [];
  for (const prefix of ["uploads/", "uploads-staging/", "tmp/"]) {
    for await (const o of server.deps.storage.list(prefix)) out.push(o.key);
  }
  return out;
}
