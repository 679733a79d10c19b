/**
 * TikTok's webhook signature against vectors made outside PM3K's code: the
 * simulator signs with the same function PM3K verifies with, so a shared
 * mistake (key, separator, encoding) would pass every HTTP test. Here the
 * expected header comes from `openssl dgst -sha256 -hmac` (a fixed vector)
 * and from Web Crypto's HMAC (a second implementation, for any input).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkTikTokSignature,
  signTikTokWebhook,
} from "../lib/tiktok/webhook_signature.ts";
import { hmacHex, tiktokSignedBytes } from "./_helpers/webhook_signature.ts";

const SECRET = "client-secret-123";
const T = 1767225600;
const BODY =
  '{"client_key":"sbaw0abc","event":"authorization.removed","create_time":1767225600,"user_openid":"act.example","content":"{\\"reason\\":1}"}';
/**
 * printf '%s' "$T.$BODY" | openssl dgst -sha256 -hmac client-secret-123
 */
const OPENSSL_HEX =
  "17852735b57836b75578409d26f5c8709c4fcffd2c46ce759486a748fd58895e";

Deno.test("the signature of a fixed event is openssl's HMAC-SHA256 of t.body, and it verifies", () => {
  assert.equal(
    signTikTokWebhook(SECRET, BODY, T),
    `t=${T},s=${OPENSSL_HEX}`,
  );
  const header = `t=${T},s=${OPENSSL_HEX}`;
  assert.equal(checkTikTokSignature(SECRET, BODY, header, T * 1000), null);
  // TikTok's hex may come in capitals; the same MAC still verifies.
  assert.equal(
    checkTikTokSignature(
      SECRET,
      BODY,
      header.toUpperCase().replace("T=", "t=").replace("S=", "s="),
      T * 1000,
    ),
    null,
  );
  assert.equal(
    checkTikTokSignature("another-secret", BODY, header, T * 1000),
    "mismatch",
  );
  assert.equal(
    checkTikTokSignature(SECRET, `${BODY} `, header, T * 1000),
    "mismatch",
  );
});

Deno.test("any body, secret and time: Web Crypto's HMAC of t.body verifies, and signing gives the same", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.string({ maxLength: 300, unit: "binary" }),
      fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
      async (secret, body, t) => {
        const hex = await hmacHex(secret, `${t}.${body}`);
        assert.equal(signTikTokWebhook(secret, body, t), `t=${t},s=${hex}`);
        assert.equal(
          checkTikTokSignature(secret, body, `t=${t},s=${hex}`, t * 1000),
          null,
        );
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("any bytes, UTF-8 or not: Web Crypto's HMAC of t. then the bytes verifies, and signing gives the same", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 300 }),
      fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
      async (body, t) => {
        const hex = await hmacHex(SECRET, tiktokSignedBytes(t, body));
        assert.equal(signTikTokWebhook(SECRET, body, t), `t=${t},s=${hex}`);
        assert.equal(
          checkTikTokSignature(SECRET, body, `t=${t},s=${hex}`, t * 1000),
          null,
        );
      },
    ),
    { numRuns: 200 },
  );
});
