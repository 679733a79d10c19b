/**
 * Account deletions cut short (docs/accounts.md#a-deletion-cut-short): the
 * commit deleting an account record marks the deletion pending, and its
 * last step removes the mark. A mark whose deletion stopped (a crash or a KV
 * error) is finished by the retention cron, a few per round,
 * and by the same TikTok user's next sign-in before the account is made
 * again: an old webhook, domain, job or session never meets the new
 * account.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";
import { AppError } from "../errors.ts";
import { eraseAccount, holdMark } from "./account_erasure.ts";
import type { EraseDeps } from "./account_erasure.ts";
import { ErasureStillPending } from "./erasure_still_pending.ts";
import { marksAfterCronCursor, setCronCursor } from "./erasure_cron_cursor.ts";
import type { ErasurePending } from "./erasure_pending_record.ts";

/** Deletions the cron takes up in one round at most. */
export const ERASURES_PER_ROUND = 3;

/** When a sign-in tried and failed to finish one: try again after this. */
const RETRY_AFTER_FAILURE_S = 60;

/**
 * When the cron's run of one failed: the cron tries that mark again only
 * after this, longer than its round, so the next rounds take the marks
 * after it rather than the same failing ones again; a sign-in does not wait
 * for it (docs/accounts.md#a-deletion-cut-short).
 */
export const CRON_RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/**
 * Sets the cron's next try of the mark `holder` (the cron's failed run)
 * let go of to {@link CRON_RETRY_AFTER_FAILURE_MS} from now; the mark stays
 * open to a sign-in, and a mark another run took meanwhile is left alone.
 */
async function backOff(
  deps: EraseDeps,
  openId: string,
  holder: string,
): Promise<void> {
  const entry = await getTyped(deps.kv, keys.erasurePending(openId));
  if (entry.value?.holder !== holder) return;
  await deps.kv.atomic().check(entry).set(entry.key, {
    ...entry.value,
    cronRetryAt: deps.clock.now() + CRON_RETRY_AFTER_FAILURE_MS,
  }).commit();
}

/** From when the cron may take the mark up (no run holds it, no back-off). */
const cronOpensAt = (mark: ErasurePending) =>
  Math.max(mark.claimedUntil, mark.cronRetryAt ?? 0);

/**
 * Takes the mark as {@link holdMark} does (the one rule for it, which a
 * deletion taking its own mark shares); returns the holder id to
 * run the deletion with, or null when another took it first.
 */
async function claim(
  deps: EraseDeps,
  entry: Deno.KvEntry<ErasurePending>,
): Promise<string | null> {
  const holder = crypto.randomUUID();
  return await holdMark(deps, entry.value.openId, entry, holder)
    ? holder
    : null;
}

/**
 * Marks the cron reads in one round at most, from its cursor on
 * (`erasures_pending_cursor`, erasure_cron_cursor.ts): a round's work stays
 * bounded however many deletions are pending, and a pass over every mark
 * takes ⌈marks ÷ this⌉ rounds, and one more for each
 * {@link ERASURES_PER_ROUND} deletions it takes up
 * (docs/accounts.md#a-deletion-cut-short).
 */
export const ERASURE_MARKS_READ_PER_ROUND = 100;

/**
 * The retention cron's part: reads up to `read` marks after its cursor, in
 * open_id order, and finishes up to `batch` deletions among them that no
 * run holds (cut short); the cursor then names the last mark it dealt
 * with (the last one taken when `batch` ran out, so the open ones after it
 * come next round), or goes when the round read the last mark. Marks held
 * by runs at work, however many, thus never hide an open one for more than
 * the rounds one pass over all marks takes. A failure is logged and the
 * cron tries that mark again only after {@link CRON_RETRY_AFTER_FAILURE_MS},
 * so later marks get their turn first (docs/accounts.md#a-deletion-cut-short).
 * Two processes at it take each mark once: the claim checks the mark.
 * @returns how many it finished
 */
export async function finishPendingErasures(
  deps: EraseDeps,
  options: { batch?: number; read?: number } = {},
): Promise<number> {
  const batch = options.batch ?? ERASURES_PER_ROUND;
  const read = options.read ?? ERASURE_MARKS_READ_PER_ROUND;
  const now = deps.clock.now();
  const { cursor, marks } = await marksAfterCronCursor(deps, read);
  let taken = 0;
  let finished = 0;
  let dealt = 0;
  for (const entry of marks) {
    if (taken >= batch) break;
    dealt++;
    if (cronOpensAt(entry.value) > now) continue;
    const holder = await claim(deps, entry);
    if (!holder) continue;
    taken++;
    try {
      await eraseAccount(deps, entry.value.openId, { holder });
      finished++;
    } catch (error) {
      const log = logFailure(
        deps.log,
        "finishing an account deletion cut short",
        { open_id: entry.value.openId },
      );
      // A post being sent holds the deletion: expected, and tried again at
      // a later round (docs/accounts.md), so a warning, not an error.
      if (error instanceof AppError && error.code === "conflict") {
        deps.log({
          level: "warn",
          message:
            "finishing an account deletion cut short waits for a post being sent",
          open_id: entry.value.openId,
          ...errorFields(error),
        });
      } else log(error);
      await backOff(deps, entry.value.openId, holder).catch(log);
    }
  }
  const atEnd = dealt === marks.length && marks.length < read;
  const next = atEnd ? null : marks[dealt - 1].value.openId;
  // The deletion this round finished last may be the one it names: its
  // mark gone, the cursor goes on the mark before it, in one commit.
  await setCronCursor(deps, cursor, next);
  return finished;
}

/**
 * Before `openId` signs in again: finishes its pending deletion here, or
 * refuses while another process is at it.
 * @throws {ErasureStillPending} while the deletion is held elsewhere, or
 *   when finishing it failed (logged)
 */
export async function finishErasureBeforeSignIn(
  deps: EraseDeps,
  openId: string,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const entry = await getTyped(deps.kv, keys.erasurePending(openId));
    const pending = entry.value;
    if (!pending) return;
    const left = pending.claimedUntil - deps.clock.now();
    if (left > 0) {
      throw new ErasureStillPending(openId, Math.ceil(left / 1000));
    }
    const holder = await claim(deps, entry as Deno.KvEntry<ErasurePending>);
    if (!holder) continue;
    try {
      await eraseAccount(deps, openId, { holder });
      return;
    } catch (error) {
      logFailure(deps.log, "finishing an account deletion at sign-in", {
        open_id: openId,
      })(error);
      throw new ErasureStillPending(openId, RETRY_AFTER_FAILURE_S, error);
    }
  }
  throw new ErasureStillPending(openId, RETRY_AFTER_FAILURE_S);
}
