/**
 * What a server still keeps of an account, for the deletion tests
 * (docs/accounts.md#deleting-an-account): KV entries naming its ids, and
 * the stored objects under its upload prefix.
 * @module
 */
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
  const found: string[] = [];
  for await (const o of server.deps.storage.list(`uploads/${openId}/`)) {
    found.push(o.key);
  }
  return found;
}
