/**
 * An account's uploads counted today (docs/media.md#uploads: the uploads
 * per UTC day), read and set straight in KV, as upload tests look at and
 * fill the day's count.
 * @module
 */
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { utcDay } from "../../lib/media/utc_day.ts";
import type { TestServer } from "./test_server.ts";

/** The uploads counted today (the server's clock) for `openId`. */
export async function uploadsCounted(
  server: Pick<TestServer, "kv" | "clock">,
  openId: string,
): Promise<number> {
  const count = await getTyped(
    server.kv,
    keys.uploadDayCount(openId, utcDay(server.clock.now())),
  );
  return Number(count.value?.value ?? 0n);
}

/** Sets today's count of uploads for `openId`, as if `n` were made. */
export async function setUploadsCounted(
  server: Pick<TestServer, "kv" | "clock">,
  openId: string,
  n: number,
): Promise<void> {
  await server.kv.set(
    keys.uploadDayCount(openId, utcDay(server.clock.now())),
    new Deno.KvU64(BigInt(n)),
  );
}
