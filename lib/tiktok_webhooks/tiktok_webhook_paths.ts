/**
 * Where PM3K takes TikTok's events: the callback URL registered in the
 * TikTok developer portal is `$PUBLIC_BASE_URL` + {@link TIKTOK_WEBHOOK_PATH}
 * (docs/tiktok.md#tiktoks-webhooks). Served by lib/http/tiktok_webhook_app.ts,
 * named to the operator by lib/tiktok_app/.
 * @module
 */
export const TIKTOK_WEBHOOK_PREFIX = "/webhooks";
/** The callback URL's path (register `$PUBLIC_BASE_URL` + this at TikTok). */
export const TIKTOK_WEBHOOK_PATH = `${TIKTOK_WEBHOOK_PREFIX}/tiktok`;
