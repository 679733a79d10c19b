/**
 * How many test events an account may send (docs/webhooks.md#setting-a-webhook):
 * each failed one is retried for hours like any event, so without a bound
 * a client could pile up waiting deliveries in KV and requests to a URL.
 * Counted from the delivery log itself: test deliveries still waiting are
 * never pruned from it, so none escapes the count.
 * @module
 */
import { AppError } from "../errors.ts";
import { getTyped, keys, listTyped } from "../kv_keys.ts";
import { HOUR_MS } from "../time_units.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { afterWebhookStaged, type EmitDeps, stageWebhook } from "./webhooks.ts";
import type { WebhookDelivery } from "./webhook_record.ts";

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

/**
 * Records a test event for the account's webhook within the limit; null
 * when it has no webhook. The webhook's row guards the count: the commit
 * recording the delivery checks it and rewrites it as it is, so test sends
 * counted at once cannot all commit past the limit; a send that loses
 * counts again.
 * @throws {AppError} 429 `rate_limited` with `retry_after`
 */
export async function emitTestEvent(
  deps: EmitDeps,
  openId: string,
  data: Record<string, unknown>,
): Promise<WebhookDelivery | null> {
  for (;;) {
    // The row first, then the count: a send committed after this read
    // rewrote the row, so this commit's check fails and counts again; read
    // the other way round, a send committing in between went uncounted.
    const hook = await getTyped(deps.kv, keys.webhook(openId));
    if (!hook.value) return null;
    await refuseTooManyTestSends(deps, openId);
    const op = deps.kv.atomic().check(hook).set(hook.key, hook.value);
    const delivery = await stageWebhook(deps, op, openId, "test", data);
    if (!delivery) return null;
    if ((await op.commit()).ok) {
      await afterWebhookStaged(deps, delivery);
      return delivery;
    }
  }
}
