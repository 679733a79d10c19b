/**
 * Per-address limit on starting sign-ins
 * (docs/accounts.md#sign-in-with-tiktok), a fixed one-minute window counted
 * in KV so it holds across processes.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

export const SIGN_INS_PER_MINUTE = 20;
/** How long an address's count is kept: its minute and the next. */
export const SIGN_IN_COUNT_KEPT_MS = 120_000;

/** Counts one attempt; throws `rate_limited` past the limit. */
export async function countSignInAttempt(
  deps: Pick<AppDeps, "kv" | "clock">,
  ip: string,
): Promise<void> {
  const { kv, clock } = deps;
  const minute = Math.floor(clock.now() / 60_000);
  const k = keys.signInAttempts(ip, minute);
  // Until counted or refused: giving up after some lost commits let a
  // burst of sign-ins through uncounted. Each lost commit is another
  // attempt counted, so the count reaches the limit and every loop ends.
  for (;;) {
    const entry = await getTyped(kv, k);
    const count = Number(entry.value?.value ?? 0n);
    if (count >= SIGN_INS_PER_MINUTE) {
      throw new AppError(
        "rate_limited",
        "Too many sign-in attempts from your network. Wait a minute and try again.",
        {
          extra: {
            retry_after: new Date((minute + 1) * 60_000).toISOString(),
          },
        },
      );
    }
    const res = await kv.atomic().check(entry)
      .set(k, new Deno.KvU64(BigInt(count + 1)), {
        expireIn: SIGN_IN_COUNT_KEPT_MS,
      })
      .commit();
    if (res.ok) return;
  }
}
