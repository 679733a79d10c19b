/**
 * Takes an event TikTok POSTed to `/webhooks/tiktok`
 * (docs/tiktok.md#tiktoks-webhooks): checks its signature, then records it
 * in KV — the event and its due entry in one atomic commit — before the
 * route answers 200. The work itself comes after the answer
 * (tiktok_event_processing.ts), so a process dying after the 200 loses
 * nothing: the event is in KV and the `pm3k-tiktok-events` cron finds it.
 * TikTok delivers at least once: the event's identity (a hash of its
 * name, user, create_time and content) is recorded with the event, and a
 * redelivery within EVENT_KEPT_MS is answered 200 and dropped.
 * @module
 */
import { keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { sha256Hex } from "../crypto/hashing.ts";
import { parseJsonExact } from "../tiktok/exact_json.ts";
import { jsonShape } from "../json_duplicate_keys.ts";
import { checkTikTokSignature } from "../tiktok/webhook_signature.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { TikTokEventRecord } from "./tiktok_event_record.ts";

/** Largest event body taken (TikTok's events are a few hundred bytes). */
export const MAX_TIKTOK_EVENT_BYTES = 16 * 1024;
/**
 * How long an event's identity is remembered: beyond TikTok's 72 hours of
 * redeliveries, with room to spare.
 */
export const EVENT_KEPT_MS = 7 * 24 * 3600_000;

export type IntakeDeps = Pick<AppDeps, "kv" | "clock" | "config" | "log">;

export type Intake =
  | { kind: "recorded"; id: string }
  | { kind: "duplicate"; id: string }
  /** Signed by TikTok but not an event we can read: logged, answered 200. */
  | { kind: "unreadable" };

/** Decodes an event's bytes; a BOM is dropped, other bytes must be UTF-8. */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks and records one delivery. The signature is checked over
 * `rawBody`, the bytes as they arrived; only then are they decoded, and a
 * body that is not UTF-8 is not an event we can read.
 * @throws {AppError} `unauthorized` (401) for a missing, malformed, old
 * or wrong signature; nothing is recorded then
 */
export async function takeTikTokEvent(
  deps: IntakeDeps,
  rawBody: Uint8Array,
  signature: string | undefined,
): Promise<Intake> {
  const { kv, clock } = deps;
  const now = clock.now();
  const problem = checkTikTokSignature(
    deps.config.tiktok.clientSecret,
    rawBody,
    signature,
    now,
  );
  if (problem) {
    // A wrong TIKTOK_CLIENT_SECRET makes every delivery a mismatch.
    deps.log({
      level: "warn",
      message: `refused a TikTok webhook delivery: bad signature${
        problem === "mismatch"
          ? " (TikTok signs with the app's client secret: if every delivery is refused, check TIKTOK_CLIENT_SECRET)"
          : problem === "stale"
          ? " (its timestamp is over 5 minutes from this server's clock)"
          : problem === "malformed"
          ? " (the header is not of TikTok's form t=<unix seconds>,s=<hex>)"
          : ""
      }`,
      problem,
    });
    throw new AppError(
      "unauthorized",
      problem === "missing"
        ? "The TikTok-Signature header is missing."
        : problem === "stale"
        ? "The TikTok-Signature timestamp is more than 5 minutes from our clock."
        : problem === "malformed"
        ? "The TikTok-Signature header is not of the form t=<unix seconds>,s=<64 hex digits>."
        : "The TikTok-Signature header does not sign this body.",
    );
  }
  const event = readEvent(rawBody);
  if (!event) {
    deps.log({
      level: "warn",
      message: "a signed TikTok webhook delivery is not an event we can read",
      // For the log only: bytes that are not UTF-8 show as U+FFFD.
      body: new TextDecoder().decode(rawBody).slice(0, 500),
    });
    return { kind: "unreadable" };
  }
  const id = await sha256Hex(
    [event.event, event.userOpenId, event.createTime, event.contentText].join(
      "\n",
    ),
  );
  const record: TikTokEventRecord = {
    id,
    event: event.event,
    userOpenId: event.userOpenId,
    createTime: event.createTime,
    content: event.content,
    state: "pending",
    nextAttemptAt: now,
    attempts: 0,
    receivedAt: now,
    updatedAt: now,
  };
  const res = await kv.atomic()
    .check({ key: keys.tiktokEvent(id), versionstamp: null })
    .set(keys.tiktokEvent(id), record, { expireIn: EVENT_KEPT_MS })
    .set(keys.tiktokEventDue(now, id), true)
    .commit();
  return res.ok ? { kind: "recorded", id } : { kind: "duplicate", id };
}

interface ReadEvent {
  event: string;
  userOpenId: string;
  createTime: number;
  contentText: string;
  content: Record<string, unknown>;
}

/**
 * `text` parsed, or null when it is not JSON or names a field twice in an
 * object: JSON.parse keeps the last, and which one TikTok meant would be
 * a guess (an event naming two events), as on the API
 * (json_duplicate_keys.ts).
 */
function parseOnce(text: string): unknown | null {
  try {
    const value = parseJsonExact(text);
    return jsonShape(text).duplicate === null ? value : null;
  } catch {
    return null;
  }
}

/**
 * The event's fields; `content` is a JSON string (an object is taken too).
 * null for bytes that are not UTF-8 JSON, or JSON naming a field twice.
 */
function readEvent(rawBody: Uint8Array): ReadEvent | null {
  let text: string;
  try {
    text = STRICT_UTF8.decode(rawBody);
  } catch {
    return null;
  }
  const body = parseOnce(text);
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== "object" || typeof b.event !== "string") return null;
  const createTime = Number(b.create_time ?? 0);
  const contentText = typeof b.content === "string"
    ? b.content
    : JSON.stringify(b.content ?? {});
  const content = parseOnce(contentText || "{}");
  if (!content || typeof content !== "object" || Array.isArray(content)) {
    return null;
  }
  return {
    event: b.event,
    userOpenId: String(b.user_openid ?? ""),
    createTime: Number.isFinite(createTime) ? createTime : 0,
    contentText,
    content: content as Record<string, unknown>,
  };
}
