/**
 * The TikTok sandbox's own KV keys (a simulator of TikTok, not PM3K data),
 * kept apart from PM3K's key catalogue in lib/kv_keys.ts. Each builder's
 * return type carries the type of the value stored under it.
 * @module
 */
import { key } from "../../lib/kv_keys.ts";
import type {
  SandboxAuthCode,
  SandboxInboxShare,
  SandboxPublish,
  SandboxToken,
  SandboxUser,
  SandboxUserSettings,
  SandboxWebhookMode,
} from "./sandbox_records.ts";

export const sandboxKeys = {
  user: (openId: string) => key<SandboxUser>("sandbox_users", openId),
  usersPrefix: () => key<SandboxUser>("sandbox_users"),
  userByName: (name: string) => key<string>("sandbox_users_by_name", name),
  authCode: (code: string) => key<SandboxAuthCode>("sandbox_auth_codes", code),
  accessToken: (token: string) =>
    key<SandboxToken>("sandbox_access_tokens", token),
  refreshToken: (token: string) =>
    key<SandboxToken>("sandbox_refresh_tokens", token),
  publish: (publishId: string) =>
    key<SandboxPublish>("sandbox_publishes", publishId),
  /** The publish a FILE_UPLOAD's upload_url token belongs to. */
  uploadTarget: (token: string) => key<string>("sandbox_upload_targets", token),
  userSettings: (openId: string) =>
    key<SandboxUserSettings>("sandbox_user_settings", openId),
  /** The publish that made a published video, by its post (video) id. */
  video: (postId: string) => key<string>("sandbox_videos", postId),
  /** Posts the sandbox published for a user (what exactly-once tests count). */
  postCount: (openId: string) => key<Deno.KvU64>("sandbox_post_counts", openId),
  /** Direct Posts the sandbox accepted (init) for a user. */
  initCount: (openId: string) => key<Deno.KvU64>("sandbox_init_counts", openId),
  /** The user's drafts of the last 24 hours (the pending-share cap). */
  inboxShares: (openId: string) =>
    key<SandboxInboxShare[]>("sandbox_inbox_shares", openId),
  /** Calls of one token to one endpoint in one minute (TikTok's limits). */
  rateWindow: (token: string, endpoint: string, minute: number) =>
    key<Deno.KvU64>("sandbox_rate_windows", token, endpoint, minute),
  rateWindowsPrefix: () => key<Deno.KvU64>("sandbox_rate_windows"),
  /** Whether the simulator sends webhooks (set by the admin endpoint). */
  webhookMode: () => key<SandboxWebhookMode>("sandbox_webhook_mode"),
  /** Webhook requests the simulator made for a user's events. */
  webhooksSent: (openId: string) =>
    key<Deno.KvU64>("sandbox_webhooks_sent", openId),
  accessTokensPrefix: () => key<SandboxToken>("sandbox_access_tokens"),
  refreshTokensPrefix: () => key<SandboxToken>("sandbox_refresh_tokens"),
} as const;
