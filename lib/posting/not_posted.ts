/**
 * A post whose outcome is unknown (TikTok never answered its init), which
 * the creator found missing from the TikTok profile: on their word it
 * becomes `failed` with `fail_reason: "not_posted"`, and its video, caption
 * and place in the hour and the day are given back, so it can be posted
 * again (docs/posting.md#outcome-unknown). Not before an hour has passed
 * since it was made: TikTok may still be processing a post it took.
 * @module
 */
import { AppError } from "../errors.ts";
import { HOUR_MS } from "../time_units.ts";
import { findOwnPost, hasUnknownOutcome } from "./post_list.ts";
import type { ListDeps } from "./post_list.ts";
import { notFoundAs } from "./id_kinds.ts";
import { movePost } from "./publish_outcome.ts";
import type { OutcomeDeps } from "./publish_outcome.ts";
import type { ListedPost } from "./post_record.ts";

/** PM3K's fail_reason for a post the creator found not posted. */
const NOT_POSTED = "not_posted";

/** How long after a post is made it may still appear on the profile. */
export const NOT_POSTED_AFTER_MS = HOUR_MS;

/** When a post whose outcome is unknown may be marked not posted. */
export function notPostedFrom(post: Pick<ListedPost, "createdAt">): number {
  return post.createdAt + NOT_POSTED_AFTER_MS;
}

/**
 * Marks the account's post `postId`, whose outcome is unknown, as not
 * posted, and answers it as listed now.
 * @throws {AppError} `not_found` for a post not of this account;
 *   `conflict` for a post whose outcome is known, or made less than
 *   {@link NOT_POSTED_AFTER_MS} ago (`not_posted_from`: when it may be).
 */
export async function markNotPosted(
  deps: OutcomeDeps & ListDeps,
  openId: string,
  postId: string,
): Promise<ListedPost> {
  const post = await findOwnPost(deps, openId, postId);
  if (!post) {
    throw await notFoundAs(deps.kv, openId, "post_id", postId);
  }
  if (post.state !== "unknown") throw knownOutcome(post.state);
  const from = notPostedFrom(post);
  if (deps.clock.now() < from) {
    throw new AppError(
      "conflict",
      `TikTok may still be processing this post: it can take a while to appear on the profile. Look for it again, and mark it not posted from ${
        new Date(from).toISOString()
      } if it is still missing.`,
      // Not retry_after: no Retry-After header, as nothing should retry
      // this on its own; the creator looks at the profile first.
      { extra: { not_posted_from: new Date(from).toISOString() } },
    );
  }
  const moved = await movePost(
    deps,
    postId,
    (current, now) =>
      hasUnknownOutcome(deps, current)
        ? {
          ...current,
          state: "failed",
          failReason: NOT_POSTED,
          updatedAt: now,
          nextCheckAt: null,
        }
        : null,
  );
  // Another request marked it first (or it vanished with its 30 days).
  if (!moved) throw knownOutcome("failed");
  return { ...moved, state: "failed" };
}

function knownOutcome(state: string): AppError {
  return new AppError(
    "conflict",
    `Only a post whose outcome is unknown can be marked not posted; this one is ${state}.`,
  );
}
