/**
 * What the local storage adapter holds under an account's `tmp/` folder,
 * read from the disk itself: partial files a storage listing may not name
 * count too.
 * @module
 */
import type { TestServer } from "./test_server.ts";

/** The names in `media/tmp/<openId>` of the server's data dir; none if absent. */
export async function localTmpFiles(
  server: TestServer,
  openId: string,
): Promise<string[]> {
  const dir = `${server.deps.config.dataDir}/media/tmp/${openId}`;
  const left: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) left.push(e.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return left;
}
