import { keys } from "../../lib/kv_keys.ts";
import { hookWritesUnder } from "./kv_write_hook.ts";

/**
 * A crash point for tests: the real KV, until the first atomic commit that
 * writes (sets, deletes or sums a key) and succeeds; from then on every
 * call fails, as in a process that died right after that commit. What the
 * commit wrote is in the real KV for the test to read; whatever the code
 * meant to do next never happens. A commit that only checks or only
 * enqueues does not count (`hookWritesUnder` does not see it); the code
 * its tests crash makes none.
 */
export function diesAfterFirstCommit(kv: Deno.Kv): Deno.Kv {
  return diesAfterWriteUnder(kv, [], () => Promise.resolve(true));
}

/**
 * A crash point just before a commit: the real KV until the atomic
 * operation that would write under `prefix` for the `nth` time (1-based);
 * that commit is never made, and from then on every call fails, as in a
 * process that died right before it. Whatever it did first (its earlier
 * commits, the HTTP calls it made) stays done.
 */
export function diesBeforeWriteUnder(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  nth: number,
): Deno.Kv {
  let dead = false;
  let writes = 0;
  const died = (): never => {
    throw new Error("the process died before its commit");
  };
  return hookWritesUnder(
    kv,
    prefix,
    (real) => {
      if (++writes === nth) {
        dead = true;
        died();
      }
      return real();
    },
    () => dead ? died : null,
  );
}

/**
 * A crash point right after a commit: the real KV until a successful
 * commit writing under `prefix` after which `diesNow` (reading the real
 * KV) says true; from then on every call fails, as in a process that died
 * right after that commit.
 */
export function diesAfterWriteUnder(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  diesNow: (kv: Deno.Kv) => Promise<boolean>,
): Deno.Kv {
  let dead = false;
  const died = (): never => {
    throw new Error("the process died after its commit");
  };
  return hookWritesUnder(
    kv,
    prefix,
    async (real) => {
      const res = await real();
      if (res.ok && await diesNow(kv)) dead = true;
      return res;
    },
    () => dead ? died : null,
  );
}

/**
 * A crash point right after an account deletion's commit deleting the
 * record of account `openId` (its step 2, docs/accounts.md#deleting-an-account):
 * the pending mark, written before, stays, and nothing after happens.
 */
export function diesAfterAccountRecordGoes(kv: Deno.Kv, openId: string) {
  return diesAfterWriteUnder(
    kv,
    keys.account(openId),
    async (real) => (await real.get(keys.account(openId))).value === null,
  );
}
