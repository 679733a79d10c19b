/**
 * The TikTok simulator's webhooks (docs/sandbox.md#webhooks): events sent
 * to the app's callback URL in TikTok's shape — `{ client_key, event,
 * create_time, user_openid, content }` with `content` a JSON string — and
 * signed as TikTok signs them (`TikTok-Signature: t=…,s=…`, HMAC-SHA256
 * with the simulator's client secret). A mode in KV (set by the admin
 * endpoint; the mount's default otherwise) sends them, sends each twice
 * (TikTok delivers at least once), or sends none (to test polling alone).
 * @module
 */
import { getTyped } from "../../lib/kv_keys.ts";
import type { Clock } from "../../lib/clock.ts";
import { signTikTokWebhook } from "../../lib/tiktok/webhook_signature.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxWebhookMode } from "./sandbox_records.ts";

export const SANDBOX_WEBHOOK_MODES: readonly SandboxWebhookMode[] = [
  "on",
  "off",
  "duplicate",
];

export interface SandboxWebhookOptions {
  kv: Deno.Kv;
  clock: Clock;
  clientKey: string;
  clientSecret: string;
  /** The app's callback URL, as registered in TikTok's developer portal. */
  webhookUrl?: string;
  /** The mode until the admin endpoint sets one. */
  webhooksByDefault?: SandboxWebhookMode;
}

/** The mode in force. */
export async function webhookMode(
  options: SandboxWebhookOptions,
): Promise<SandboxWebhookMode> {
  return (await getTyped(options.kv, sandboxKeys.webhookMode())).value ??
    options.webhooksByDefault ?? "on";
}

/**
 * Sends one event (or two, in duplicate mode) and waits for the answers.
 * `contentJson` is the content's JSON text, written by the caller so a
 * post id can go out as a 19-digit number, as TikTok sends it.
 */
export async function sendSandboxEvent(
  options: SandboxWebhookOptions,
  openId: string,
  event: string,
  contentJson: string,
): Promise<void> {
  const mode = await webhookMode(options);
  if (mode === "off" || !options.webhookUrl) return;
  const body = JSON.stringify({
    client_key: options.clientKey,
    event,
    create_time: Math.floor(options.clock.now() / 1000),
    user_openid: openId,
    content: contentJson,
  });
  for (let copy = 0; copy < (mode === "duplicate" ? 2 : 1); copy++) {
    const t = Math.floor(options.clock.now() / 1000);
    try {
      const res = await fetch(options.webhookUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "TikTok-Signature": signTikTokWebhook(options.clientSecret, body, t),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      await options.kv.atomic()
        .sum(sandboxKeys.webhooksSent(openId), 1n)
        .commit();
    } catch {
      // As TikTok would retry later; the simulator does not: the app's
      // poller is the fallback (what the "off" mode tests).
    }
  }
}

/**
 * A publish's final events: complete (+ publicly_available), failed, or a
 * draft's inbox_delivered.
 */
export async function sendPublishEvents(
  options: SandboxWebhookOptions,
  publish: {
    publishId: string;
    openId: string;
    status: string;
    failReason: string | null;
    postId: string | null;
    privacyLevel: string;
    mode?: "DIRECT_POST" | "MEDIA_UPLOAD";
  },
): Promise<void> {
  const id = JSON.stringify(publish.publishId);
  const type = publish.mode === "MEDIA_UPLOAD"
    ? "INBOX_SHARE"
    : "DIRECT_PUBLISH";
  if (publish.status === "FAILED") {
    await sendSandboxEvent(
      options,
      publish.openId,
      "post.publish.failed",
      `{"publish_id":${id},"reason":${
        JSON.stringify(publish.failReason)
      },"publish_type":"${type}"}`,
    );
    return;
  }
  if (publish.status === "SEND_TO_USER_INBOX") {
    await sendSandboxEvent(
      options,
      publish.openId,
      "post.publish.inbox_delivered",
      `{"publish_id":${id},"publish_type":"${type}"}`,
    );
    return;
  }
  if (publish.status !== "PUBLISH_COMPLETE") return;
  await sendSandboxEvent(
    options,
    publish.openId,
    "post.publish.complete",
    `{"publish_id":${id},"publish_type":"${type}"}`,
  );
  if (publish.postId && publish.privacyLevel === "PUBLIC_TO_EVERYONE") {
    await sendSandboxEvent(
      options,
      publish.openId,
      "post.publish.publicly_available",
      `{"publish_id":${id},"post_id":${publish.postId},"publish_type":"DIRECT_PUBLISH"}`,
    );
  }
}
