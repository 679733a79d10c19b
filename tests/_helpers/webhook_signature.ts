/**
 * The documented webhook verification, written the way a receiver would
 * (Web Crypto, from the raw body and the PM3K-Signature header).
 */

/** HMAC-SHA256 of `message` (text as UTF-8, or bytes) with `secret`, in hex. */
export async function hmacHex(
  secret: string,
  message: string | Uint8Array,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const bytes = typeof message === "string"
    ? new TextEncoder().encode(message)
    : message as Uint8Array<ArrayBuffer>;
  const mac = await crypto.subtle.sign("HMAC", key, bytes);
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** True when `header` signs `rawBody` with `secret` within the 5-minute window. */
export async function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  header: string,
  nowSeconds: number,
): Promise<boolean> {
  const parts = Object.fromEntries(
    header.split(",").map((p) => p.split("=") as [string, string]),
  );
  if (Math.abs(nowSeconds - Number(parts.t)) > 300) return false;
  return await hmacHex(secret, `${parts.t}.${rawBody}`) === parts.v1;
}

/** True when a received delivery is signed with `secret` at clock `nowMs`. */
export async function isSignedDelivery(
  secret: string,
  hook: { body: string; headers: Headers },
  nowMs: number,
): Promise<boolean> {
  return await verifyWebhookSignature(
    secret,
    hook.body,
    hook.headers.get("pm3k-signature") ?? "",
    Math.floor(nowMs / 1000),
  );
}

/** TikTok's signed-payload bytes: `t.` then the raw body (docs/tiktok.md). */
export function tiktokSignedBytes(t: number, body: Uint8Array): Uint8Array {
  return new Uint8Array([...new TextEncoder().encode(`${t}.`), ...body]);
}
