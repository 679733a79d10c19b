/**
 * The claim that makes auto's FILE_UPLOAD fallback happen once per post
 * (docs/posting.md#video-source): before calling TikTok's init, a follower
 * writes the claim with a check that none is there, so of several
 * followers (the poller and whoever TikTok's post.publish.failed event
 * woke) only one calls the init, however they interleave. The others wait
 * for its outcome and record the publish it made (`started`) on the post,
 * or let the pull's failure stand (`gaveUp`). A claim whose claimer died
 * before recording an outcome is taken over after FALLBACK_CLAIM_MS; the
 * dead claimer's publish, if TikTok made one, never gets a chunk, so it
 * never posts.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { postExpiry } from "./post_reservation.ts";
import type { FallbackClaim, PostRecord } from "./post_record.ts";

/**
 * How long a claim without an outcome is left to its claimer: a token
 * refresh (with its wait) and the init fit well inside, with the default
 * TIKTOK_TIMEOUT_MS and any sane one (it is added).
 */
const CLAIM_BASE_MS = 2 * 60_000;

export function fallbackClaimMs(
  config: Pick<AppDeps["config"], "tiktokTimeoutMs">,
): number {
  return CLAIM_BASE_MS + config.tiktokTimeoutMs;
}

/** What a follower that found a pull failed may do about the fallback. */
export type FallbackTurn =
  /** Ours: call the init, then `recordFallback`. */
  | { kind: "init"; versionstamp: string; claim: FallbackClaim }
  /** Another follower's init made this publish: record it on the post. */
  | { kind: "adopt"; started: { publishId: string; uploadUntil: number } }
  /** Another follower is calling the init now: check again shortly. */
  | { kind: "wait" }
  /** TikTok refused the fallback's init: the pull's failure stands. */
  | { kind: "gave_up" };

/** Claims the fallback of `post` (now on its failed pull), or says why not. */
export async function claimFallback(
  deps: Pick<AppDeps, "kv" | "config">,
  post: PostRecord,
  now: number,
): Promise<FallbackTurn> {
  const key = keys.postFallbackClaim(post.id);
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await getTyped(deps.kv, key);
    const found = entry.value;
    if (found && found.pullPublishId === post.publishId) {
      if (found.started) return { kind: "adopt", started: found.started };
      if (found.gaveUp) return { kind: "gave_up" };
      if (now < found.claimedAt + fallbackClaimMs(deps.config)) {
        return { kind: "wait" };
      }
      // Its claimer died before TikTok's answer was recorded: take over.
    }
    const claim: FallbackClaim = {
      pullPublishId: post.publishId!,
      claimedAt: now,
      started: null,
      gaveUp: false,
    };
    const res = await deps.kv.atomic().check(entry)
      .set(key, claim, postExpiry(post, now))
      .commit();
    if (res.ok) {
      return { kind: "init", versionstamp: res.versionstamp, claim };
    }
  }
  return { kind: "wait" };
}

/**
 * Records the outcome of our init on our claim; false when the claim was
 * taken over meanwhile (we were presumed dead): then our publish must get
 * no chunk.
 */
export async function recordFallback(
  deps: Pick<AppDeps, "kv" | "clock">,
  post: PostRecord,
  turn: Extract<FallbackTurn, { kind: "init" }>,
  outcome: Pick<FallbackClaim, "started" | "gaveUp">,
): Promise<boolean> {
  const key = keys.postFallbackClaim(post.id);
  const res = await deps.kv.atomic()
    .check({ key, versionstamp: turn.versionstamp })
    .set(key, { ...turn.claim, ...outcome }, postExpiry(post, deps.clock.now()))
    .commit();
  return res.ok;
}
