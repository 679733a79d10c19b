/**
 * What a server still keeps of an account, for the deletion tests
 * (docs/accounts.md#deleting-an-account): KV entries naming its ids, and
 * the stored objects under its upload prefix.
 * @module
 */
import { storedObjects } from "./stored_objects.ts";
import type { TestServer } from "./test_server.ts";

/** Every KV entry (the simulator's aside) whose key or value names `ids`. */
export async function entriesNaming(
  server: Pick<TestServer, "kv">,
  ids: string[],
): Promise<string[]> {
  const found: string[] = [];
  for await (const e of server.kv.list({ prefix: [] })) {
    if (String(e.key[0]).startsWith("sandbox_")) continue;
    const text = JSON.stringify(e.key) +
      JSON.stringify(e.value, (_, v) => typeof v === "bigint" ? String(v) : v);
    if (ids.some((id) => text.includes(id))) found.push(JSON.stringify(e.key));
  }
  return found;
}

/** Stored objects under the account's upload prefix. */
export async function objectsOf(
  server: Pick<TestServer, "deps">,
  openId: string,
): Promise<string[]> {
  return await storedObjects(server, [`uploads/${openId}/`]);
}

/**
 * Paths under the local-disk adapter's folders (`media`, `media-meta` in
 * DATA_DIR) whose name holds `openId`: a folder left empty names the
 * account too.
 */
export async function pathsNaming(
  server: Pick<TestServer, "deps">,
  openId: string,
): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    try {
      for await (const e of Deno.readDir(dir)) {
        const path = `${dir}/${e.name}`;
        if (e.name.includes(openId)) found.push(path);
        if (e.isDirectory) await walk(path);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  for (const root of ["media", "media-meta"]) {
    await walk(`${server.deps.config.dataDir}/${root}`);
  }
  return found;
}
