/**
 * TikTok's real creator_info rate limit (20 calls a minute per token, in
 * the simulator) used up from outside, as another client of the same token
 * would: PM3K's next creator_info call gets TikTok's HTTP 429.
 * @module
 */
import assert from "node:assert/strict";
import type { TestServer } from "./test_server.ts";
import type { Poster } from "./posting_setup.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import type { SandboxToken } from "../../sandbox/tiktok/sandbox_records.ts";

/** The sandbox's live access tokens of a user (what PM3K calls TikTok with). */
export async function sandboxTokensOf(
  server: TestServer,
  openId: string,
): Promise<string[]> {
  const prefix = sandboxKeys.accessToken("").slice(0, 1);
  const out: string[] = [];
  for await (const e of server.kv.list<SandboxToken>({ prefix })) {
    if (e.value.openId === openId && e.value.expiresAt > server.clock.now()) {
      out.push(String(e.key[1]));
    }
  }
  return out;
}

/**
 * Uses up TikTok's 20 creator_info calls a minute for every token of the
 * user, as another client of the same token would: PM3K's next
 * creator_info call gets TikTok's real HTTP 429.
 */
export async function exhaustCreatorInfo(server: TestServer, me: Poster) {
  const tokens = await sandboxTokensOf(server, me.openId);
  assert.ok(tokens.length > 0, "the user has a live sandbox token");
  for (const token of tokens) {
    for (let i = 0; i < 20; i++) {
      const res = await fetch(
        `${server.url}/_sandbox/tiktok/v2/post/publish/creator_info/query/`,
        {
          method: "POST",
          headers: {
            Authorization: `Bearer ${token}`,
            "Content-Type": "application/json",
          },
          body: "{}",
        },
      );
      await res.body?.cancel();
      assert.ok([200, 429].includes(res.status), `creator_info ${res.status}`);
    }
  }
}
