/**
 * `/api/tiktok/status` from KV: the caller's own publish only (others: 404),
 * under the per-account status limits. Every call writes (it counts), so
 * the reads come from the process's entry cache and the one commit checks
 * every entry the answer rests on — key, account, limit state, last post,
 * publish snapshot. A stale entry fails the commit and the call is decided
 * again from fresh reads; a refusal is only ever given from fresh reads.
 * @module
 */
import { fitsKvKey, keys } from "../kv_keys.ts";
import { readThrough, rememberEntry } from "../kv_entry_cache.ts";
import { AppError, notOnAccount } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Credential } from "../api_keys/credential.ts";
import type { PublishSnapshot } from "./post_record.ts";
import type { PostMode } from "./direct_post_input_record.ts";
import { decideStatusCall } from "./status_limits.ts";
import type { StatusDecision } from "./status_limits.ts";
import type { StatusLimitState } from "./status_limit_record.ts";
import { stateOf } from "./follow_publishes.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";
import { notFoundAs } from "./id_kinds.ts";

export interface StatusAnswer {
  /** PM3K's id of the post (docs/posting.md#status): its stats' and list's. */
  post_id: string;
  status: string;
  state: "pending" | "done" | "failed";
  fail_reason: string | null;
  /** fail_reason as a sentence, derived when answering (lib/tiktok/fail_reasons.ts). */
  fail_message: string | null;
  raw: Record<string, unknown>;
  source: "PULL_FROM_URL" | "FILE_UPLOAD";
  post_mode: PostMode;
}

export async function publishStatus(
  deps: Pick<AppDeps, "kv" | "clock">,
  credential: Credential,
  publishId: string,
): Promise<StatusAnswer> {
  const { kv, clock } = deps;
  const { openId, proofKeys } = credential;
  // An id longer than a KV key holds is no publish of anyone's: answered
  // as an unknown one, before KV would refuse the read (docs/mcp.md#answers-and-errors).
  if (!fitsKvKey(keys.postByPublishId(publishId))) {
    throw notOnAccount("publish_id", publishId);
  }
  const limitsKey = keys.statusLimits(openId);
  const read = [
    ...proofKeys,
    limitsKey,
    keys.lastPostSuccess(openId),
    keys.postByPublishId(publishId),
  ];
  let fresh = false;
  for (let attempt = 0; attempt < 50; attempt++) {
    const entries = await readThrough(kv, read, fresh);
    const [limits, lastPost, snapshot] = entries.slice(proofKeys.length) as [
      Deno.KvEntryMaybe<StatusLimitState>,
      Deno.KvEntryMaybe<number>,
      Deno.KvEntryMaybe<PublishSnapshot>,
    ];
    let decision: StatusDecision;
    let missing = false;
    try {
      const now = clock.now();
      credential.confirm(entries.slice(0, proofKeys.length), now);
      if (!snapshot.value || snapshot.value.openId !== openId) {
        missing = true;
        throw notOnAccount("publish_id", publishId);
      }
      decision = decideStatusCall(limits.value, lastPost.value, now);
    } catch (error) {
      if (!fresh) {
        fresh = true;
        continue;
      }
      // Another kind of this account's id given as a publish_id: the 404
      // says which (docs/api.md#limits-on-every-request).
      if (missing) throw await notFoundAs(kv, openId, "publish_id", publishId);
      throw error;
    }
    if (decision.refusal && !fresh) {
      fresh = true;
      continue;
    }
    if (decision.next) {
      const op = kv.atomic();
      for (const entry of entries) op.check(entry);
      const res = await op.set(limitsKey, decision.next).commit();
      if (!res.ok) {
        fresh = true;
        continue;
      }
      rememberEntry(kv, {
        key: limitsKey,
        value: decision.next,
        versionstamp: res.versionstamp,
      });
    }
    if (decision.refusal) throw decision.refusal;
    return {
      post_id: snapshot.value.postId,
      status: snapshot.value.status,
      state: snapshot.value.state ?? stateOf(snapshot.value.status),
      fail_reason: snapshot.value.failReason,
      fail_message: failMessage(snapshot.value.failReason),
      raw: snapshot.value.raw ?? {},
      source: snapshot.value.source ?? "PULL_FROM_URL",
      post_mode: snapshot.value.postMode ?? "DIRECT_POST",
    };
  }
  throw new AppError(
    "conflict",
    "Too many /status calls at the same moment; try again.",
  );
}
