/**
 * `deno task admin delete-account <open_id>`: the operator's way to delete
 * an account and everything PM3K keeps for it, as the account's own
 * Settings does (docs/accounts.md#deleting-an-account), for an owner who
 * asks by mail or can no longer sign in. The CLI has the configuration,
 * KV and clock; the storage, token key and TikTok client are made here as
 * the server makes them (lib/runtime/app_runtime.ts).
 * @module
 */
import { eraseAccount } from "../erasure/account_erasure.ts";
import { keys, listTyped } from "../kv_keys.ts";
import { resolveSecretKey } from "../crypto/secret_key.ts";
import { deriveTokenKey } from "../crypto/token_cipher.ts";
import { deriveUploadKey } from "../storage/local_upload_signature.ts";
import { createStorage } from "../storage/create_storage.ts";
import { TikTokOAuthClient } from "../tiktok/oauth_client.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Logger } from "../runtime/logger.ts";

/** Its log lines go to stderr: stdout holds the command's answer. */
const stderrLogger: Logger = (line) =>
  console.error(JSON.stringify({ ts: new Date().toISOString(), ...line }));

/** Deletes `openId`; returns the command's lines. */
export async function deleteAccountCommand(
  deps: Pick<AppDeps, "config" | "kv" | "clock"> & { log?: Logger },
  openId: string,
): Promise<string[]> {
  const { config } = deps;
  const secret = await resolveSecretKey(config.secretKey, config.dataDir);
  const log = deps.log ?? stderrLogger;
  const erased = await eraseAccount(
    {
      ...deps,
      log,
      storage: createStorage(
        config,
        await deriveUploadKey(secret),
        undefined,
        log,
      ),
      tokenKey: await deriveTokenKey(secret),
      tiktokOAuth: new TikTokOAuthClient(config.tiktok),
    },
    openId,
    { takeOver: true },
  );
  const removed =
    `${erased.uploads} uploads, ${erased.albums} albums, ${erased.posts} posts, ${erased.jobs} scheduled posts`;
  if (!erased.found) {
    return [`no account ${openId}; removed what was left of it: ${removed}`];
  }
  return [
    `deleted ${openId}: ${removed}; TikTok access ${
      erased.revoked
        ? "revoked"
        : "not revoked (TikTok did not confirm; logged)"
    }`,
  ];
}

/**
 * `deno task admin pending-deletions`: the account deletions cut short
 * and not finished yet (docs/accounts.md#a-deletion-cut-short), one line
 * each; `delete-account <open_id>` finishes one at once.
 */
export async function pendingDeletionLines(
  deps: Pick<AppDeps, "kv" | "clock">,
): Promise<string[]> {
  const marks = await listTyped(deps.kv, keys.erasuresPendingPrefix(), {
    consistency: "strong",
  });
  if (marks.length === 0) return ["no deletions pending"];
  const now = deps.clock.now();
  const at = (ms: number) => new Date(ms).toISOString();
  return marks.map(({ value: mark }) =>
    [
      mark.openId,
      `since=${at(mark.since)}`,
      mark.claimedUntil > now
        ? `held until ${at(mark.claimedUntil)}`
        : mark.cronRetryAt !== undefined && mark.cronRetryAt > now
        ? `waiting for the retention cron from ${at(mark.cronRetryAt)}`
        : "waiting for the retention cron",
    ].join("\t")
  );
}
