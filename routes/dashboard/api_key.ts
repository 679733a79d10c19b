import { expectNoBody } from "@/lib/http/no_body.ts";
import { issueApiKey, revokeApiKey } from "@/lib/api_keys/api_keys.ts";
import { requireSessionAccount } from "@/lib/http/session_auth.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/** Dashboard-only (session cookie + same-origin check), used by ApiKeyCard. */
export const handler: Handlers = {
  async POST(c) {
    const account = requireSessionAccount(c);
    await expectNoBody(c);
    const issued = await issueApiKey(c.get("deps"), account.openId);
    return jsonOk(c, {
      api_key: issued.apiKey,
      expires_at: new Date(issued.expiresAt).toISOString(),
    });
  },
  async DELETE(c) {
    const account = requireSessionAccount(c);
    await expectNoBody(c);
    await revokeApiKey(c.get("deps"), account.openId);
    return jsonOk(c, { revoked: true });
  },
};
