/**
 * The last KV entries (value and versionstamp) this process saw, per KV
 * handle. Never trusted on its own: whoever decides from a cached entry
 * commits with `check()` on it, so a stale entry fails the commit and is
 * read afresh. A hot path that writes anyway (the /status counter) thus
 * skips its reads without ever answering from stale data, on one instance
 * or many.
 * @module
 */
import type { TypedKey } from "./kv_keys.ts";

/** Bounded: the oldest-used entries go first (Map keeps insertion order). */
const MAX_ENTRIES = 5_000;

// Per handle: two KV databases may hand out the same versionstamps.
const caches = new WeakMap<Deno.Kv, Map<string, Deno.KvEntryMaybe<unknown>>>();

function cacheOf(kv: Deno.Kv): Map<string, Deno.KvEntryMaybe<unknown>> {
  let cache = caches.get(kv);
  if (!cache) caches.set(kv, cache = new Map());
  return cache;
}

// PM3K's keys hold strings and numbers only (kv_keys.ts), which JSON keeps
// apart ("1" vs 1); a bigint or bytes would throw here, not collide.
function id(key: Deno.KvKey): string {
  return JSON.stringify(key);
}

/** The entry last seen for `key`, if any (possibly stale). */
export function cachedEntry<T>(
  kv: Deno.Kv,
  key: TypedKey<T>,
): Deno.KvEntryMaybe<T> | undefined {
  const cache = cacheOf(kv);
  const k = id(key);
  const entry = cache.get(k);
  if (entry) {
    cache.delete(k);
    cache.set(k, entry);
  }
  return entry as Deno.KvEntryMaybe<T> | undefined;
}

/** Records an entry just read, or just written with its new versionstamp. */
export function rememberEntry<T>(
  kv: Deno.Kv,
  entry: Deno.KvEntryMaybe<T>,
): void {
  const cache = cacheOf(kv);
  const k = id(entry.key);
  cache.delete(k);
  cache.set(k, entry);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}

/**
 * The entries of `keys`, in order: from the cache where it has them, the
 * rest in one read round trip; with `fresh`, all read from KV.
 */
export async function readThrough(
  kv: Deno.Kv,
  keys: readonly Deno.KvKey[],
  fresh: boolean,
): Promise<Deno.KvEntryMaybe<unknown>[]> {
  const out = keys.map((key) => fresh ? undefined : cachedEntry(kv, key));
  const missing = keys.filter((_, i) => out[i] === undefined);
  if (missing.length === 0) return out as Deno.KvEntryMaybe<unknown>[];
  const read = await kv.getMany(missing);
  let next = 0;
  return out.map((entry) => {
    if (entry) return entry;
    const got = read[next++];
    rememberEntry(kv, got);
    return got;
  });
}
