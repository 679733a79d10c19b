/**
 * The admin CLI's commands, as a function of arguments to output lines so
 * they are easy to test and to reuse from scripts.
 * @module
 */
import {
  listAccounts,
  requireAccount,
  setPlan,
  upsertAccount,
} from "../accounts/accounts_store.ts";
import { issueApiKey } from "../api_keys/api_keys.ts";
import { isPlanId, PLAN_IDS } from "../plans.ts";
import { resolveSecretKey } from "../crypto/secret_key.ts";
import { deriveTokenKey, encryptText } from "../crypto/token_cipher.ts";
import {
  ensureSandboxUser,
  issueTokens,
  normaliseUsername,
} from "../../sandbox/tiktok/sandbox_store.ts";
import { TIKTOK_SCOPES } from "../tiktok/oauth_client.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Account } from "../accounts/account_record.ts";

/** The commands run on the configuration, KV and clock alone. */
export type AdminDeps = Pick<AppDeps, "config" | "kv" | "clock">;

/** Wrong arguments: the message is the usage line. */
export class AdminUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminUsageError";
  }
}

const USAGE = [
  "usage: deno task admin <command>",
  "  accounts",
  "  set-plan <open_id> <free|monthly|annual>",
  "  issue-key <open_id>",
  "  create-sandbox-user <name> [--plan <free|monthly|annual>]",
].join("\n");

/** Runs one command; returns the lines to print. */
export async function runAdminCommand(
  deps: AdminDeps,
  args: string[],
): Promise<string[]> {
  const [command, ...rest] = args;
  switch (command) {
    case "accounts":
      return listAccountLines(deps);
    case "set-plan": {
      const [openId, plan] = rest;
      if (!openId || !isPlanId(plan)) throw new AdminUsageError(USAGE);
      const account = await setPlan(deps, openId, plan);
      return [`${account.openId} plan=${account.plan}`];
    }
    case "issue-key": {
      const [openId] = rest;
      if (!openId) throw new AdminUsageError(USAGE);
      const issued = await issueApiKey(deps, openId);
      return [
        `issued for ${openId}, expires ${
          new Date(issued.expiresAt).toISOString()
        }`,
        issued.apiKey,
      ];
    }
    case "create-sandbox-user":
      return createSandboxUser(deps, rest);
    default:
      throw new AdminUsageError(USAGE);
  }
}

async function listAccountLines(deps: AdminDeps): Promise<string[]> {
  const accounts = await listAccounts(deps);
  if (accounts.length === 0) return ["no accounts"];
  return accounts.map((a) =>
    [
      a.openId,
      `plan=${a.plan ?? "none"}`,
      `key=${
        a.apiKeyExpiresAt === null
          ? "none"
          : `expires ${new Date(a.apiKeyExpiresAt).toISOString()}`
      }`,
      `created=${new Date(a.createdAt).toISOString()}`,
      JSON.stringify(a.displayName),
    ].join("\t")
  );
}

async function createSandboxUser(
  deps: AdminDeps,
  args: string[],
): Promise<string[]> {
  if (!deps.config.sandbox) {
    throw new AdminUsageError(
      "create-sandbox-user works only in sandbox mode (no TIKTOK_CLIENT_KEY set)",
    );
  }
  const planIndex = args.indexOf("--plan");
  const plan = planIndex >= 0 ? args[planIndex + 1] : undefined;
  const name = args.find((a, i) =>
    !a.startsWith("--") && (planIndex < 0 || i !== planIndex + 1)
  );
  const username = normaliseUsername(name ?? "");
  if (!username || (plan !== undefined && !isPlanId(plan))) {
    throw new AdminUsageError(
      `${USAGE}\n(name: 1-24 of a-z 0-9 . _; plan: ${PLAN_IDS.join("|")})`,
    );
  }
  const account = await signInSandboxUser(deps, {
    username,
    plan,
    simulatorKv: deps.kv,
    simulatorBaseUrl: `${deps.config.publicBaseUrl}/_sandbox/tiktok`,
  });
  return [
    `sandbox user @${username} signed in, plan=${account.plan ?? "none"}`,
    account.openId,
  ];
}

/**
 * Makes (or finds) a user in the TikTok simulator and signs it in to PM3K
 * with the grant the consent page would give. The simulator's KV is
 * PM3K's own when the sandbox is mounted in the app; the scale benchmark
 * runs the simulator in its own process, with its own KV file.
 */
export async function signInSandboxUser(
  deps: AdminDeps,
  options: {
    username: string;
    plan?: string;
    simulatorKv: Deno.Kv;
    /** Where the simulator serves (its avatars). */
    simulatorBaseUrl: string;
  },
): Promise<Account> {
  const { clock, config } = deps;
  const { username, plan, simulatorKv } = options;
  const user = await ensureSandboxUser(simulatorKv, clock, username);
  const tokens = await issueTokens(simulatorKv, clock, {
    openId: user.openId,
    clientKey: config.tiktok.clientKey,
    scope: TIKTOK_SCOPES.join(","),
  });
  const tokenKey = await deriveTokenKey(
    await resolveSecretKey(config.secretKey, config.dataDir),
  );
  const now = clock.now();
  await upsertAccount(deps, {
    openId: user.openId,
    displayName: user.displayName,
    avatarUrl: `${options.simulatorBaseUrl}/avatars/${username}.svg`,
    tiktok: {
      accessToken: await encryptText(tokenKey, tokens.access_token),
      refreshToken: await encryptText(tokenKey, tokens.refresh_token),
      accessExpiresAt: now + tokens.expires_in * 1000,
      refreshExpiresAt: now + tokens.refresh_expires_in * 1000,
      scope: tokens.scope,
      grantedAt: now,
    },
  });
  if (plan && isPlanId(plan)) await setPlan(deps, user.openId, plan);
  return await requireAccount(deps, user.openId);
}
