/**
 * What the composer must know of the account and the app beyond
 * creator_info (docs/dashboard.md#compose).
 * @module
 */
import { tiktokAppAudited } from "../posting/app_audit.ts";
import type { Account } from "../accounts/account_record.ts";
import { getPlan } from "../plans.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { grantedScopes } from "../tiktok/tiktok_scopes.ts";

export interface ComposeSettings {
  /** False while TikTok has not audited the app: only "Only me" posts. */
  appAudited: boolean;
  /** The account granted `video.upload`: posts can go to TikTok drafts. */
  canDraft: boolean;
  /** The account granted `video.publish`: it can post directly. */
  canPublish: boolean;
  /** The configured extra stop words, for the caption check while typing. */
  extraStopWords: string[];
  /** How long the account's plan keeps files: how far ahead it can schedule. */
  filesKeptHours: number;
}

export function composeSettings(
  deps: Pick<AppDeps, "config">,
  account: Account,
): ComposeSettings {
  return {
    appAudited: tiktokAppAudited(deps),
    canDraft: grantedScopes(account.tiktok?.scope).includes("video.upload"),
    canPublish: grantedScopes(account.tiktok?.scope).includes(
      "video.publish",
    ),
    extraStopWords: deps.config.stopWordsExtra,
    filesKeptHours: getPlan(account.plan ?? "free").storageTtlHours,
  };
}
