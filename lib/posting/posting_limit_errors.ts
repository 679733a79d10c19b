/**
 * The contract's `daily_limit` and `interval_limit` errors for a post made
 * now (docs/posting.md#posting-limits). Their messages are the contract's,
 * word for word, whatever holds the slot (a post made or one scheduled):
 * scripts match them (docs/decisions.md); what holds it is said in fields.
 * @module
 */
import { AppError } from "../errors.ts";
import { POSTING_LIMITS } from "../plans.ts";

/** Which posting limit a post at some time breaks, and when it frees. */
export interface PostingBlock {
  code: "daily_limit" | "interval_limit";
  /** The first moment this limit lets a post through. */
  freeAt: number;
}

/**
 * The error of a post refused by `block` at `now`: `retry_after` is when it
 * frees, and an `interval_limit` also gives the minutes its message names.
 * `extra` adds what holds the slot.
 */
export function postingLimitError(
  block: PostingBlock,
  now: number,
  extra: Record<string, unknown> = {},
): AppError {
  const retryAfter = new Date(block.freeAt).toISOString();
  if (block.code === "daily_limit") {
    return new AppError(
      "daily_limit",
      `Daily TikTok posting limit (${POSTING_LIMITS.postsPerDay}/day) reached.`,
      { extra: { retry_after: retryAfter, ...extra } },
    );
  }
  const minutes = Math.max(1, Math.ceil((block.freeAt - now) / 60_000));
  return new AppError(
    "interval_limit",
    `You must wait about ${minutes} more minutes before next TikTok post.`,
    { extra: { retry_after: retryAfter, minutes_left: minutes, ...extra } },
  );
}
