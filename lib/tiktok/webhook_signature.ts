/**
 * TikTok's webhook signature (docs/tiktok.md#tiktoks-webhooks): the header
 * `TikTok-Signature: t=<unix seconds>,s=<hex>` where hex is HMAC-SHA256,
 * keyed with the app's client secret, of `t + "." + raw body`: the body's
 * bytes as they arrived, never text decoded from them (decoding drops a
 * BOM and replaces bytes that are not UTF-8, so it would refuse a body
 * TikTok signed). Checked in constant time; a `t` more than five minutes
 * from our clock is refused (a replayed or stale request).
 * @module
 */
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIKTOK_SIGNATURE_HEADER = "TikTok-Signature";
/** Largest distance between `t` and our clock, either way. */
export const TIKTOK_SIGNATURE_SKEW_SECONDS = 300;

/**
 * `t=<t>,s=<hex>` for a body (what TikTok, and the simulator, send); a
 * string body is signed as its UTF-8 bytes.
 */
export function signTikTokWebhook(
  clientSecret: string,
  rawBody: string | Uint8Array,
  unixSeconds: number,
): string {
  return `t=${unixSeconds},s=${mac(clientSecret, unixSeconds, rawBody)}`;
}

function mac(
  secret: string,
  t: number | string,
  body: string | Uint8Array,
): string {
  return createHmac("sha256", secret).update(`${t}.`).update(body)
    .digest("hex");
}

/** Why a signature was refused (for the log and the 401's message). */
export type SignatureProblem = "missing" | "malformed" | "stale" | "mismatch";

/** null when the header signs `rawBody` now, else what is wrong with it. */
export function checkTikTokSignature(
  clientSecret: string,
  rawBody: string | Uint8Array,
  header: string | undefined | null,
  nowMs: number,
): SignatureProblem | null {
  if (!header) return "missing";
  const parts = new Map<string, string>();
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at > 0) parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const t = parts.get("t") ?? "";
  const s = parts.get("s") ?? "";
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-fA-F]{64}$/.test(s)) {
    return "malformed";
  }
  if (Math.abs(nowMs / 1000 - Number(t)) > TIKTOK_SIGNATURE_SKEW_SECONDS) {
    return "stale";
  }
  const expected = Buffer.from(mac(clientSecret, t, rawBody), "hex");
  const given = Buffer.from(s, "hex");
  return timingSafeEqual(expected, given) ? null : "mismatch";
}
