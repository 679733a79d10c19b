/**
 * Where a public post's page is (docs/sandbox.md#posts-pages): TikTok's
 * site, or in sandbox mode the simulator's own, since a simulated post is
 * not on TikTok.
 * @module
 */
import type { Config } from "../config.ts";

/** The origin a post's `/@handle/video/<id>` page is under. */
export function tiktokPostsSite(
  config: Pick<Config, "sandbox" | "tiktok">,
): string {
  return config.sandbox ? config.tiktok.apiBaseUrl : "https://www.tiktok.com";
}
