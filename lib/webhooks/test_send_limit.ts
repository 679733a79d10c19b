/**
 * How many test events an account may send (docs/webhooks.md#setting-a-webhook):
 * each failed one is retried for hours like any event, so without a bound
 * a client could pile up waiting deliveries in KV and requests to a URL.
 * Counted from the delivery log itself: test deliveries still waiting are
 * never pruned from it, so none escapes the count.
 * @module
 */
import { AppError } from "../errors.ts";
import { keys, listTyped } from "../kv_keys.ts";
import { HOUR_MS } from "../time_units.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

export const TEST_SENDS_PER_HOUR = 10;

/**
 * Refuses a test send past {@link TEST_SENDS_PER_HOUR} in the last hour.
 * @throws {AppError} 429 `rate_limited` with `retry_after`
 */
export async function refuseTooManyTestSends(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<void> {
  const since = deps.clock.now() - HOUR_MS;
  const sent = (await listTyped(deps.kv, keys.webhookDeliveriesPrefix(openId)))
    .map((e) => e.value)
    .filter((d) => d.event === "test" && d.createdAt > since)
    .map((d) => d.createdAt);
  if (sent.length < TEST_SENDS_PER_HOUR) return;
  const next = new Date(Math.min(...sent) + HOUR_MS).toISOString();
  throw new AppError(
    "rate_limited",
    `At most ${TEST_SENDS_PER_HOUR} test events an hour: the next can be sent at ${next}.`,
    { extra: { retry_after: next } },
  );
}
