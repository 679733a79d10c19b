/**
 * The retention cron's place among the pending marks of account deletions
 * (`erasures_pending_cursor`, docs/accounts.md#a-deletion-cut-short): the
 * open_id of the last mark a round dealt with, so the next round reads
 * the marks after it, and a round at the end removes it (the next one
 * starts again from the first). It names only an account whose mark is
 * there: the deletion's last step moves the cursor off its account in the
 * commit removing its mark ({@link moveCronCursorOffIn}), and a round sets
 * it only with a check that the mark it names is there, so a process
 * dying between two steps leaves it on no finished deletion.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { TypedKey } from "../kv_keys.ts";
import type { ErasurePending } from "./erasure_pending_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/**
 * Up to `limit` marks after the cursor's, in key (open_id) order, and the
 * cursor's entry as read (for {@link setCronCursor}'s check).
 */
export async function marksAfterCronCursor(
  deps: Pick<AppDeps, "kv">,
  limit: number,
): Promise<{
  cursor: Deno.KvEntryMaybe<string>;
  marks: Deno.KvEntry<ErasurePending>[];
}> {
  const cursor = await getTyped(deps.kv, keys.erasuresCronCursor());
  const prefix = keys.erasuresPendingPrefix();
  // KV's `start` is inclusive; the key right after the cursor's mark is
  // its open_id followed by "\0", which sorts before any other character.
  const selector = cursor.value === null
    ? { prefix }
    : { prefix, start: [...prefix, `${cursor.value}\0`] };
  const marks = await Array.fromAsync(
    deps.kv.list<ErasurePending>(selector, { consistency: "strong", limit }),
  );
  return { cursor, marks };
}

/**
 * Adds to `op` the cursor's move to the mark of `openId`, or where that
 * mark is gone (`inclusive` false: it is the one `op` removes) to the
 * mark before it, or off every mark; with checks on the cursor as read
 * and on the mark it is moved to, so that a commit of `op` never leaves it
 * naming a mark gone meanwhile, and nothing after that commit has to move
 * it: a process dying right after it leaves no cursor on a finished
 * deletion (docs/accounts.md#a-deletion-cut-short).
 */
async function placeCursor(
  deps: Pick<AppDeps, "kv">,
  op: Deno.AtomicOperation,
  cursor: Deno.KvEntryMaybe<string>,
  openId: string,
  inclusive: boolean,
): Promise<void> {
  const prefix = keys.erasuresPendingPrefix();
  // The mark itself, read alone (most often it is there), else the one
  // before it.
  const own = inclusive
    ? await getTyped(deps.kv, keys.erasurePending(openId))
    : null;
  const [at] = own?.value
    ? [own as Deno.KvEntry<ErasurePending>]
    : await Array.fromAsync(
      deps.kv.list<ErasurePending>(
        { prefix, end: keys.erasurePending(openId) },
        { consistency: "strong", limit: 1, reverse: true },
      ),
    );
  op.check(cursor);
  if (!at) {
    if (cursor.value !== null) op.delete(cursor.key);
    return;
  }
  op.check(at);
  if (cursor.value !== at.value.openId) {
    op.set(cursor.key as TypedKey<string>, at.value.openId);
  }
}

/** Commits attempted before a cursor move gives up (a round tries again). */
const CURSOR_ATTEMPTS = 5;

/**
 * Sets the cursor to `openId` (null: removes it) if it is still as
 * `cursor` read it; one moved meanwhile (another round, a deletion
 * finishing) is left as it is. A mark of `openId` gone since it was read
 * (its deletion finished) puts the cursor on the mark before it, in the
 * same commit.
 */
export async function setCronCursor(
  deps: Pick<AppDeps, "kv">,
  cursor: Deno.KvEntryMaybe<string>,
  openId: string | null,
): Promise<void> {
  if (cursor.value === openId) return;
  for (let attempt = 0; attempt < CURSOR_ATTEMPTS; attempt++) {
    const op = deps.kv.atomic();
    if (openId === null) op.check(cursor).delete(cursor.key);
    else await placeCursor(deps, op, cursor, openId, true);
    if ((await op.commit()).ok) return;
    // Moved by another round or a deletion: theirs stands.
    const now = await getTyped(deps.kv, keys.erasuresCronCursor());
    if (now.versionstamp !== cursor.versionstamp) return;
  }
}

/**
 * Adds to `op`, which removes the mark of `openId` (the deletion's last
 * step), the cursor's move off it when it names it: to the mark before it,
 * or away. The cursor is checked either way: a move committed meanwhile
 * onto this mark fails `op`, whose caller reads again and retries, so no
 * record names the deleted account once `op` is committed, and the next
 * round still starts with the marks after it.
 */
export async function moveCronCursorOffIn(
  deps: Pick<AppDeps, "kv">,
  op: Deno.AtomicOperation,
  openId: string,
): Promise<void> {
  const cursor = await getTyped(deps.kv, keys.erasuresCronCursor());
  if (cursor.value !== openId) {
    op.check(cursor);
    return;
  }
  await placeCursor(deps, op, cursor, openId, false);
}
