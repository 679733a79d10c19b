/**
 * `/dashboard?again=<post_id>`: the compose page opened by "Post again"
 * (docs/posting.md#posts-page). A bad, unknown, foreign or not failed id
 * gives a notice and an empty composer, never an error page.
 * @module
 */
import { postAgainPrefill } from "../posting/post_again.ts";
import { OUTCOME_UNKNOWN_SENTENCE } from "../tiktok/fail_reasons.ts";
import type {
  ComposePrefill,
  PostAgainRefusal,
} from "../posting/post_again.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { isUlid } from "../ulid_ids.ts";

/** What the compose page shows for `again`. */
export interface ComposeAgain {
  prefill: ComposePrefill | null;
  /** Why the composer is empty after all; null when it is not. */
  notice: string | null;
}

const NOTICES: Record<PostAgainRefusal | "invalid", string> = {
  invalid:
    "This Post again link is not valid, so the composer starts empty. Open Post again from the Posts page.",
  unknown:
    "This account has no such post (it may belong to another TikTok account, or be older than 30 days), so the composer starts empty.",
  outcome_unknown: `${OUTCOME_UNKNOWN_SENTENCE} The composer starts empty.`,
  not_failed:
    "Only a failed post can be posted again; this one did not fail, so the composer starts empty.",
};

/** The prefill for `again` (the raw query value), or the notice why none. */
export async function composeAgain(
  deps: Pick<AppDeps, "kv" | "clock" | "storage" | "config" | "ingestLimits">,
  openId: string,
  canDraft: boolean,
  again: string | undefined,
): Promise<ComposeAgain> {
  if (again === undefined) return { prefill: null, notice: null };
  // A post id is a ULID, in any case as a link may write it.
  if (!isUlid(again)) return { prefill: null, notice: NOTICES.invalid };
  const answer = await postAgainPrefill(
    deps,
    openId,
    canDraft,
    again.toUpperCase(),
  );
  return "prefill" in answer
    ? { prefill: answer.prefill, notice: null }
    : { prefill: null, notice: NOTICES[answer.refusal] };
}
