/**
 * The retention cron's place among the pending marks of account deletions
 * (`erasures_pending_cursor`, docs/accounts.md#a-deletion-cut-short): the
 * open_id of the last mark a round dealt with, so the next round reads
 * the marks after it, and a round at the end removes it (the next one
 * starts again from the first). It names only an account whose mark is
 * there: the deletion's last step, having removed its mark, moves the
 * cursor off its account ({@link moveCronCursorOff}).
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
 * Sets the cursor to `openId` (null: removes it) if it is still as
 * `cursor` read it; one moved meanwhile (another round, a deletion
 * finishing) is left as it is.
 */
export async function setCronCursor(
  deps: Pick<AppDeps, "kv">,
  cursor: Deno.KvEntryMaybe<string>,
  openId: string | null,
  /** The mark of `openId` as read: its deletion finished meanwhile, no write. */
  mark?: Deno.KvEntry<ErasurePending>,
): Promise<boolean> {
  if (cursor.value === openId) return true;
  const op = deps.kv.atomic().check(cursor);
  if (mark) op.check(mark);
  if (openId === null) op.delete(cursor.key);
  else op.set(cursor.key as TypedKey<string>, openId);
  return (await op.commit()).ok;
}

/**
 * After the mark of `openId` is removed (the deletion's last step): a
 * cursor naming it moves back to the mark before it (or goes), so no
 * record names the deleted account, and the next round still starts with
 * the marks after it.
 */
export async function moveCronCursorOff(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<void> {
  // The mark before may go between its read and the write (its deletion
  // finishing, whose own last step met the cursor still here): the write
  // checks it, and on a miss reads again; a cursor moved by another is left.
  for (let attempt = 0; attempt < 5; attempt++) {
    const cursor = await getTyped(deps.kv, keys.erasuresCronCursor());
    if (cursor.value !== openId) return;
    const [before] = await Array.fromAsync(
      deps.kv.list<ErasurePending>(
        {
          prefix: keys.erasuresPendingPrefix(),
          end: keys.erasurePending(openId),
        },
        { consistency: "strong", limit: 1, reverse: true },
      ),
    );
    if (
      await setCronCursor(deps, cursor, before?.value.openId ?? null, before)
    ) return;
  }
}
