/**
 * The end of a deletion whose process died (docs/accounts.md#a-deletion-cut-short):
 * the retention cron leaves it to the dead run while its hold lasts, then
 * one round past {@link ERASURE_CLAIM_MS} finishes it, leaving nothing.
 * @module
 */
import assert from "node:assert/strict";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { ERASURE_CLAIM_MS } from "../../lib/erasure/account_erasure.ts";
import type { TestServer } from "./test_server.ts";
import type { CronRecorder } from "./cron_recorder.ts";
import { entriesNaming, pathsNaming } from "./account_traces.ts";

/**
 * Ticks the retention cron while the dead run's hold of `openId`'s mark
 * lasts (the mark stays; `whileHeld` then looks at the server), moves the
 * clock past the hold and ticks again: nothing of the account is left in
 * KV or on disk.
 */
export async function finishAfterDeadHold(
  server: TestServer,
  crons: CronRecorder,
  openId: string,
  whileHeld: () => Promise<void> = async () => {},
): Promise<void> {
  await crons.tick("pm3k-media-retention");
  assert.ok(
    (await getTyped(server.kv, keys.erasurePending(openId))).value,
    "held by the dead run for its claim",
  );
  await whileHeld();
  server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
  await crons.tick("pm3k-media-retention");
  assert.deepEqual(await entriesNaming(server, [openId]), []);
  assert.deepEqual(await pathsNaming(server, openId), []);
}
