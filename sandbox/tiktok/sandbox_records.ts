/**
 * State of the TikTok sandbox (a simulator of TikTok for the embedded
 * default and the tests). None of this is PM3K data.
 * @module
 */

export interface SandboxUser {
  openId: string;
  /** The handle typed on the consent page; unique. */
  username: string;
  displayName: string;
  createdAt: number;
}

export interface SandboxAuthCode {
  openId: string;
  clientKey: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string | null;
  expiresAt: number;
}

export interface SandboxToken {
  openId: string;
  clientKey: string;
  scope: string;
  expiresAt: number;
  /** The access token a refresh token belongs to, so revoke kills both. */
  pairedToken: string;
}

/** One Direct Post or draft (inbox upload) the sandbox accepted. */
export interface SandboxPublish {
  publishId: string;
  openId: string;
  kind: "video" | "photo";
  /** Absent on publishes recorded before drafts existed: DIRECT_POST. */
  mode?: "DIRECT_POST" | "MEDIA_UPLOAD";
  urls: string[];
  privacyLevel: string;
  title: string;
  createdAt: number;
  status:
    | "PROCESSING_DOWNLOAD"
    | "PROCESSING_UPLOAD"
    | "SEND_TO_USER_INBOX"
    | "PUBLISH_COMPLETE"
    | "FAILED";
  failReason: string | null;
  downloadedBytes: number;
  /** 19 digits, kept as a string; emitted as a JSON number like TikTok. */
  postId: string | null;
  statusCalls: number;
  /** A failure planned by the admin endpoint, applied when downloading. */
  plannedFailure: string | null;
  /** post_info as received (interaction and ad flags, auto_add_music). */
  postInfo?: Record<string, unknown>;
  /** source_info.photo_cover_index of a photo post. */
  photoCoverIndex?: number;
  /** Absent: PULL_FROM_URL (publishes recorded before FILE_UPLOAD existed). */
  source?: "PULL_FROM_URL" | "FILE_UPLOAD";
  /** A FILE_UPLOAD's declaration and progress. */
  upload?: SandboxUpload;
}

/** What the simulator knows of a FILE_UPLOAD (docs/sandbox.md#file-upload). */
export interface SandboxUpload {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  /** Bytes received in order so far (the next chunk starts here). */
  received: number;
  /** The upload_url stops taking chunks then (1 h after init). */
  expiresAt: number;
  /** Where the chunks are assembled (deleted once processed). */
  file: string;
  /** Set when the simulator processed the whole file: its SHA-256, hex. */
  sha256?: string;
  /** The file's first bytes named a video container TikTok takes. */
  looksLikeVideo?: boolean;
}

/** Faults the admin endpoint queued for a sandbox user's next calls. */
export type SandboxFault =
  | "rate_limit"
  | "server_error"
  | "timeout"
  /** creator_info stalls past the client's timeout, then answers 500. */
  | "creator_info_timeout"
  /** The video query stalls past the client's timeout, then answers 500. */
  | "video_query_timeout"
  /** Answers too late for the client, but creates the publish anyway. */
  | "slow_accept"
  /**
   * Simulated slowness within the client's patience: the init goes on as
   * usual, answered only after the fault's `delayMs`.
   */
  | "slow_answer"
  | "spam_risk_too_many_posts"
  | "url_ownership_unverified"
  | "publish_failed"
  /** TikTok's refusal of an unaudited app posting to a public account. */
  | "unaudited_client_can_only_post_to_private_accounts"
  /** The app's daily cap of active posting users is reached. */
  | "reached_active_user_cap"
  /** Five drafts pending already (also reached by really sending five). */
  | "spam_risk_too_many_pending_share"
  /**
   * TikTok's 401 for a token lacking the call's scope, simulated on a grant
   * that holds it (as when TikTok no longer honours a scope PM3K recorded).
   */
  | "scope_not_authorized"
  /** The next PULL_FROM_URL video publish ends FAILED video_pull_failed. */
  | "pull_failed"
  /** The next chunk PUT answers 500 / 429 (not init faults). */
  | "upload_chunk_server_error"
  | "upload_chunk_rate_limit"
  /** The chunk PUT stalls until the client hangs up. */
  | "upload_chunk_stall"
  /** The next revoke of one of the user's tokens answers HTTP 500. */
  | "revoke_server_error"
  /** The next refresh of the user's token answers invalid_grant. */
  | "refresh_invalid_grant"
  /** The next refresh answers HTTP 500 (a passing TikTok failure). */
  | "refresh_server_error";

/** Whether the simulator sends its webhooks: on, off, or each twice. */
export type SandboxWebhookMode = "on" | "off" | "duplicate";

/** One queued fault. */
export interface QueuedFault {
  fault: SandboxFault;
  failReason?: string;
  /** upload_chunk_* only: the 1-based chunk it waits for (any chunk if absent). */
  chunk?: number;
  /** slow_answer only: how long the answer waits, in ms. */
  delayMs?: number;
}

/** A draft sent to a user's inbox, counted against TikTok's 5 in 24 h. */
export interface SandboxInboxShare {
  publishId: string;
  at: number;
}

/** creator_info's "cannot post now" codes, which TikTok sends with HTTP 200. */
export const CREATOR_INFO_REFUSALS = [
  "spam_risk_too_many_posts",
  "spam_risk_user_banned_from_posting",
  "reached_active_user_cap",
] as const;
export type CreatorInfoRefusal = typeof CREATOR_INFO_REFUSALS[number];

export interface SandboxUserSettings {
  /** Private accounts offer FOLLOWER_OF_CREATOR instead of PUBLIC_TO_EVERYONE. */
  privateAccount: boolean;
  /** Comments set to "No one": creator_info's comment_disabled. */
  commentDisabled?: boolean;
  maxVideoPostDurationSec: number;
  /**
   * FILES_BASE_URL not verified for this app: every PULL_FROM_URL init
   * answers url_ownership_unverified (absent: verified).
   */
  urlPrefixUnverified?: boolean;
  /** creator_info answers this "cannot post now" code (HTTP 200) until cleared. */
  creatorInfoError?: CreatorInfoRefusal;
  /** Queued faults, consumed one per init call (publish_failed: per publish). */
  faults: QueuedFault[];
}
