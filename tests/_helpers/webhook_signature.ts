/**
 * The documented webhook verification, written the way a receiver would
 * (Web Crypto, from the raw body and the PM3K-Signature header).
 */

/** HMAC-SHA256 of `message` with `secret`, in hex. */
export async function hmacHex(
  secret: string,
  message: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(message),
  );
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
