/**
 * Webhooks (no need to poll): `post.published`, `post.failed`, `job.failed`
 * sent as JSON to the account's URL, signed with HMAC-SHA256, delivered
 * with retries and backoff, with a delivery log (the last 50).
 *
 * Signature header (Stripe-style): `PM3K-Signature: t=<unix seconds>,v1=<hex>`
 * where hex = HMAC-SHA256(secret, "<t>.<raw body>"). Receivers recompute it
 * from the raw body and refuse timestamps more than 5 minutes old.
 * @module
 */
import { CONTENDED_ATTEMPTS, pauseAfterLostCommit } from "../kv_contention.ts";
import { createHmac } from "node:crypto";
import { ulid } from "ulid";
import { getTyped, keys, listTyped } from "../kv_keys.ts";
import { drainDue } from "../runtime/drain_due.ts";
import { claimDue } from "../runtime/claim_due.ts";
import { AppError, quotedUrl } from "../errors.ts";
import { accountBusy } from "../accounts/accounts_store.ts";
import {
  decryptText,
  encryptText,
  toBase64Url,
} from "../crypto/token_cipher.ts";
import {
  assertSafeUrl,
  FetchFailedError,
  safeFetch,
  UnsafeUrlError,
} from "../net/safe_fetch.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import { filledOlderBody } from "./older_bodies.ts";
import type {
  WebhookDelivery,
  WebhookEvent,
  WebhookSettings,
} from "./webhook_record.ts";

export const SIGNATURE_HEADER = "PM3K-Signature";
/** Receivers should refuse signatures older than this. */
export const REPLAY_WINDOW_SECONDS = 300;
/** Wait before each retry after a failed attempt. */
export const RETRY_DELAYS_MS = [
  10_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
];
export const DELIVERY_LOG_SIZE = 50;
/**
 * A claimed attempt is due again after this long: if the process making it
 * dies before recording the outcome, another one retries it (an attempt
 * lasts at most its 10 s timeout).
 */
export const ATTEMPT_LEASE_MS = 2 * 60_000;

/** What queueing an event uses: KV, the clock, the queue, the log. */
export type EmitDeps = Pick<AppDeps, "kv" | "clock" | "enqueueWebhook" | "log">;

/** What delivering uses: queueing's, plus the secret's key and the fetch. */
export type DeliveryDeps =
  & EmitDeps
  & Pick<
    AppDeps,
    "tokenKey" | "allowLoopback" | "fetchOptions"
  >;

/** `t=<unix>,v1=<hex>` for a body at a time. */
export function signWebhook(
  secret: string,
  body: string,
  unixSeconds: number,
): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`)
    .digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * A reason of the SSRF rules continued after a colon: its first letter
 * lowered, unless it starts a word in capitals ("URLs with credentials").
 */
function midSentence(reason: string): string {
  return /^.[a-z]/.test(reason)
    ? reason[0].toLowerCase() + reason.slice(1)
    : reason;
}

/** Sets (or replaces) the webhook URL; a new secret is made on first set. */
export async function setWebhook(
  deps: Pick<
    AppDeps,
    "kv" | "clock" | "tokenKey" | "allowLoopback" | "fetchOptions"
  >,
  openId: string,
  url: string,
): Promise<{ settings: WebhookSettings; secret: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("bad_request", `${quotedUrl(url)} is not a URL.`);
  }
  try {
    await assertSafeUrl(parsed, {
      allowLoopback: deps.allowLoopback,
      ...deps.fetchOptions,
    });
  } catch (error) {
    if (error instanceof UnsafeUrlError) {
      throw new AppError(
        "bad_request",
        `This webhook URL cannot be used: ${midSentence(error.message)}.`,
      );
    }
    throw error;
  }
  // Checked against the entry read: two first sets at once would otherwise
  // each make a secret and answer it, and only the last written would ever
  // sign (docs/webhooks.md: the secret is made on first set, then kept).
  // The loser reads the winner's secret and answers that. A client may
  // set it from several requests at once: jittered tries, then 409
  // `conflict` (docs/api.md).
  for (let attempt = 0; attempt < CONTENDED_ATTEMPTS; attempt++) {
    if (attempt > 0) await pauseAfterLostCommit(attempt);
    const entry = await getTyped(deps.kv, keys.webhook(openId));
    const existing = entry.value;
    const now = deps.clock.now();
    const secret = existing
      ? await decryptText(deps.tokenKey, existing.secret)
      : `whsec_${toBase64Url(crypto.getRandomValues(new Uint8Array(24)))}`;
    const settings: WebhookSettings = {
      url: parsed.href,
      secret: existing?.secret ?? await encryptText(deps.tokenKey, secret),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    const res = await deps.kv.atomic().check(entry)
      .set(keys.webhook(openId), settings).commit();
    if (res.ok) return { settings, secret };
  }
  throw accountBusy();
}

export async function getWebhook(
  deps: Pick<AppDeps, "kv" | "tokenKey">,
  openId: string,
): Promise<{ settings: WebhookSettings; secret: string } | null> {
  const settings = (await getTyped(deps.kv, keys.webhook(openId))).value;
  if (!settings) return null;
  return {
    settings,
    secret: await decryptText(deps.tokenKey, settings.secret),
  };
}

/** The account's webhook URL, or null (the secret stays sealed). */
export async function webhookUrl(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<string | null> {
  return (await getTyped(deps.kv, keys.webhook(openId))).value?.url ?? null;
}

export async function deleteWebhook(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<void> {
  await deps.kv.delete(keys.webhook(openId));
}

/** Queues an event for the account's webhook, if it has one. */
export async function emitWebhook(
  deps: EmitDeps,
  openId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
): Promise<WebhookDelivery | null> {
  const op = deps.kv.atomic();
  const delivery = await stageWebhook(deps, op, openId, event, data);
  if (!delivery) return null;
  await op.commit();
  await afterWebhookStaged(deps, delivery);
  return delivery;
}

/**
 * Adds an event's delivery to `op` (two sets, no check), so it is recorded
 * by the same atomic commit as the change it reports: a process dying
 * after that commit loses nothing, the cron sends it. Null when the
 * account has no webhook. After the commit, call `afterWebhookStaged`.
 */
export async function stageWebhook(
  deps: Pick<AppDeps, "kv" | "clock">,
  op: Deno.AtomicOperation,
  openId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
): Promise<WebhookDelivery | null> {
  const hook = (await getTyped(deps.kv, keys.webhook(openId))).value;
  if (!hook) return null;
  const now = deps.clock.now();
  const id = ulid(now);
  const delivery: WebhookDelivery = {
    id,
    openId,
    event,
    body: JSON.stringify({
      id,
      type: event,
      created_at: new Date(now).toISOString(),
      data,
    }),
    state: "pending",
    attempts: 0,
    nextAttemptAt: now,
    lastStatusCode: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  op.set(keys.webhookDelivery(openId, id), delivery)
    .set(keys.webhookDue(now, openId, id), true);
  return delivery;
}

/**
 * After the commit that recorded a delivery: sends it soon through the
 * queue and keeps the log short. Neither is needed for it to go out (the
 * cron finds it in the due index), so failures are only logged.
 */
export async function afterWebhookStaged(
  deps: EmitDeps,
  delivery: WebhookDelivery,
): Promise<void> {
  const context = { open_id: delivery.openId, delivery_id: delivery.id };
  await deps.enqueueWebhook?.(delivery.openId, delivery.id, 0).catch(
    logFailure(deps.log, "enqueueing a webhook delivery", context),
  );
  await pruneLog(deps, delivery.openId).catch(
    logFailure(deps.log, "pruning the webhook delivery log", context),
  );
}

/**
 * Keeps the log to the last 50 settled deliveries. Pending ones are never
 * pruned (an event is not dropped while it may still be delivered); they
 * leave the log once settled and older than the last 50.
 */
async function pruneLog(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<void> {
  const { kv } = deps;
  const old = await listTyped(kv, keys.webhookDeliveriesPrefix(openId), {
    reverse: true,
  });
  for (const e of old.slice(DELIVERY_LOG_SIZE)) {
    if (e.value.state !== "pending") await kv.delete(e.key);
  }
}

/**
 * After a delivery settles: removes it when it is already older than the
 * last 50 (pending ones kept it in the log). Only it can newly be, as every
 * emit prunes the rest, so only the entries newer than it are read.
 */
async function pruneSettled(
  deps: Pick<AppDeps, "kv">,
  openId: string,
  key: Deno.KvKey,
): Promise<void> {
  const { kv } = deps;
  let fromIt = 0;
  for await (
    const _ of kv.list({
      prefix: keys.webhookDeliveriesPrefix(openId),
      start: key,
    }, {
      limit: DELIVERY_LOG_SIZE + 1,
    })
  ) fromIt++;
  if (fromIt > DELIVERY_LOG_SIZE) await kv.delete(key);
}

/** The delivery log, newest first (at most 50). */
export async function listDeliveries(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<WebhookDelivery[]> {
  return (await listTyped(deps.kv, keys.webhookDeliveriesPrefix(openId), {
    reverse: true,
    limit: DELIVERY_LOG_SIZE,
  })).map((e) => e.value);
}

/** One attempt at a delivery, claimed atomically (several processes may try). */
export async function attemptDelivery(
  deps: DeliveryDeps,
  openId: string,
  deliveryId: string,
  dueAt?: number,
): Promise<WebhookDelivery | null> {
  const { kv } = deps;
  const claim = await claimDelivery(deps, openId, deliveryId, dueAt);
  if (!claim) return null;
  const { entry, now, leaseAt } = claim;
  let { d, versionstamp } = claim;
  const older = await filledOlderBody(kv, d);
  if (older !== null) {
    // Stored before it is sent: this attempt and its retries sign and send
    // this one body (docs/webhooks.md#deliveries-recorded-before-an-upgrade).
    const filled = { ...d, body: older };
    const res = await kv.atomic().check({ key: entry.key, versionstamp })
      .set(entry.key, filled).commit();
    // Changed under the claim: deleted with its account, sent by nobody.
    if (!res.ok) return null;
    d = filled;
    versionstamp = res.versionstamp;
  }
  const hook = await getWebhook(deps, openId);
  let statusCode: number | null = null;
  let error: string | null = null;
  // A refused address or scheme will not get better by waiting.
  let permanent = false;
  if (!hook) {
    error = "The webhook was removed.";
    permanent = true;
  } else {
    try {
      const { response } = await safeFetch(hook.settings.url, {
        allowLoopback: deps.allowLoopback,
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "PM3K-Webhooks/1",
          [SIGNATURE_HEADER]: signWebhook(
            hook.secret,
            d.body,
            Math.floor(now / 1000),
          ),
        },
        body: d.body,
        timeoutMs: 10_000,
        maxRedirects: 0,
        ...deps.fetchOptions,
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (response.status >= 300 && response.status < 400) {
        error = `HTTP ${response.status}: a redirect${
          response.headers.has("location")
            ? ` to ${response.headers.get("location")}`
            : ""
        }, which deliveries do not follow; set the webhook to the final URL.`;
      } else if (response.status < 200 || response.status >= 300) {
        error = `HTTP ${response.status}`;
      }
    } catch (e) {
      if (!(e instanceof UnsafeUrlError || e instanceof FetchFailedError)) {
        throw e;
      }
      error = e.message;
      // The target itself refused (re-checked at every attempt): final.
      // A name that does not resolve, or redirects, may be fine later.
      permanent = e instanceof UnsafeUrlError && e.kind === "target";
    }
  }
  const attempts = d.attempts + 1;
  const retry = error !== null && !permanent &&
    attempts <= RETRY_DELAYS_MS.length;
  const next: WebhookDelivery = {
    ...d,
    attempts,
    lastStatusCode: statusCode,
    lastError: error,
    state: error === null ? "delivered" : retry ? "pending" : "failed",
    nextAttemptAt: retry ? now + RETRY_DELAYS_MS[attempts - 1] : null,
    updatedAt: now,
  };
  // Checked against the claim: the account may have been deleted during
  // the attempt (docs/accounts.md#deleting-an-account), and its delivery
  // must not be written back behind the sweep.
  const op = kv.atomic().check({ key: entry.key, versionstamp })
    .set(entry.key, next)
    .delete(keys.webhookDue(leaseAt, openId, deliveryId));
  if (next.nextAttemptAt !== null) {
    op.set(keys.webhookDue(next.nextAttemptAt, openId, deliveryId), true);
  }
  if (!(await op.commit()).ok) return next;
  if (next.state !== "pending") await pruneSettled(deps, openId, entry.key);
  if (next.nextAttemptAt !== null) {
    // The retry is due in the index: the cron makes it anyway.
    await deps.enqueueWebhook?.(openId, deliveryId, next.nextAttemptAt - now)
      .catch(
        logFailure(deps.log, "enqueueing a webhook retry", {
          open_id: openId,
          delivery_id: deliveryId,
        }),
      );
  }
  return next;
}

/**
 * Claims a due delivery: whoever moves its due entry first makes the
 * attempt, under a lease (the due entry moves ATTEMPT_LEASE_MS ahead) so
 * that a process dying mid-attempt delays the delivery, never loses it.
 * `dueAt` is the due entry the cron found: removed when it is stale (its
 * delivery gone, settled, or due at another time).
 */
export async function claimDelivery(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  deliveryId: string,
  dueAt?: number,
) {
  const { kv, clock } = deps;
  const entry = await getTyped(kv, keys.webhookDelivery(openId, deliveryId));
  const now = clock.now();
  const claim = await claimDue(kv, entry, {
    field: "nextAttemptAt",
    dueKey: (at) => keys.webhookDue(at, openId, deliveryId),
    now,
    leaseMs: ATTEMPT_LEASE_MS,
    foundAt: dueAt,
  });
  return claim && {
    entry,
    d: claim.value,
    now,
    leaseAt: claim.leaseAt,
    versionstamp: claim.versionstamp,
  };
}

/**
 * Attempts the deliveries that are due (the cron's work), in batches of 200
 * until none is left or the tick's time budget is spent.
 */
export function deliverDueWebhooks(deps: DeliveryDeps): Promise<number> {
  return drainDue(
    deps.kv,
    keys.webhookDuePrefix(),
    () => deps.clock.now(),
    async (at, key) =>
      await attemptDelivery(deps, String(key[2]), String(key[3]), at) !==
        null,
  );
}
