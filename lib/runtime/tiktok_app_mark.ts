/**
 * The TikTok a KV's data belongs to (docs/configuration.md#one-tiktok-per-kv).
 * The accounts' tokens, open_ids and grants are a TikTok app's: sent to
 * another TikTok they are worthless, and a process in sandbox mode on
 * production data would revoke grants at the simulator and sign simulated
 * users in beside real creators. So every server start records its TikTok
 * (the sandbox, or its TIKTOK_CLIENT_KEY), and:
 * - a server in sandbox mode refuses a KV last used with a TikTok app (the
 *   production variables were forgotten); a server with a TikTok app takes
 *   any KV (a sandbox rehearsal, or TikTok's Sandbox app, going live);
 * - the admin CLI refuses any TikTok other than the one recorded: it must
 *   run with the running servers' variables.
 * @module
 */
import { ConfigError } from "../config.ts";
import type { Config } from "../config.ts";
import { getTyped, keys } from "../kv_keys.ts";

/** The name of the TikTok a configuration posts to. */
function appOf(config: Pick<Config, "sandbox" | "tiktok">): string {
  return config.sandbox ? "sandbox" : config.tiktok.clientKey;
}

function said(app: string): string {
  return app === "sandbox"
    ? "the built-in TikTok sandbox (no TIKTOK_CLIENT_KEY)"
    : `the TikTok app ${app} (TIKTOK_CLIENT_KEY)`;
}

function refusal(recorded: string, mine: string, who: string): ConfigError {
  return new ConfigError(
    `this KV's accounts belong to ${said(recorded)}, and ${who} runs with ${
      said(mine)
    }: give it the same variables as the running servers (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET and the rest); nothing was written.`,
  );
}

/**
 * A server's start: refuses sandbox mode on a KV last used with a TikTok
 * app, else records this start's TikTok.
 * @throws {ConfigError}
 */
export async function markTikTokApp(
  kv: Deno.Kv,
  config: Pick<Config, "sandbox" | "tiktok">,
  now: number,
): Promise<void> {
  const mine = appOf(config);
  const recorded = (await getTyped(kv, keys.tiktokAppMark())).value;
  if (mine === "sandbox" && recorded && recorded.app !== "sandbox") {
    throw refusal(recorded.app, mine, "PM3K");
  }
  if (recorded?.app === mine) return;
  await kv.set(keys.tiktokAppMark(), { app: mine, at: now });
}

/**
 * The admin CLI, before any command: refuses a TikTok other than the one
 * the servers recorded. A KV no server has marked (older data, or none
 * yet) is taken as it is.
 * @throws {ConfigError}
 */
export async function confirmTikTokApp(
  kv: Deno.Kv,
  config: Pick<Config, "sandbox" | "tiktok">,
): Promise<void> {
  const recorded = (await getTyped(kv, keys.tiktokAppMark())).value;
  const mine = appOf(config);
  if (recorded && recorded.app !== mine) {
    throw refusal(recorded.app, mine, "the admin CLI");
  }
}
