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
import { deleteAccountCommand, pendingDeletionLines } from "./admin_erasure.ts";
import { parseArgs } from "node:util";
import { isPlanId, PLAN_IDS } from "../plans.ts";
import { resolveSecretKey } from "../crypto/secret_key.ts";
import { deriveTokenKey, encryptText } from "../crypto/token_cipher.ts";
import {
  ensureSandboxUser,
  issueTokens,
  normaliseUsername,
} from "../../sandbox/tiktok/sandbox_store.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { Account, PlanId } from "../accounts/account_record.ts";
import type { Config } from "../config.ts";

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
  "  delete-account <open_id>",
  "  pending-deletions",
  "(an open_id that starts with - goes after --: issue-key -- <open_id>)",
].join("\n");

/** One command with its arguments, checked. */
export type AdminCommand =
  | { name: "accounts" }
  | { name: "set-plan"; openId: string; plan: PlanId }
  | { name: "issue-key"; openId: string }
  | { name: "create-sandbox-user"; username: string; plan?: PlanId }
  | { name: "delete-account"; openId: string }
  | { name: "pending-deletions" };

/** Each command's positional arguments and `--options` (each a value). */
const COMMAND_ARGS: Record<
  AdminCommand["name"],
  { positionals: number; options: string[] }
> = {
  "accounts": { positionals: 0, options: [] },
  "set-plan": { positionals: 2, options: [] },
  "issue-key": { positionals: 1, options: [] },
  "create-sandbox-user": { positionals: 1, options: ["plan"] },
  "delete-account": { positionals: 1, options: [] },
  "pending-deletions": { positionals: 0, options: [] },
};

function isCommandName(name: string | undefined): name is AdminCommand["name"] {
  return name !== undefined && Object.hasOwn(COMMAND_ARGS, name);
}

/**
 * Checks the arguments before anything is opened: an unknown command or
 * option, an option without its value or given twice, or a missing or extra
 * argument is an {@link AdminUsageError} (the usage; the CLI exits 2).
 * node:util `parseArgs` in strict mode refuses unknown options and missing
 * values; it would let a repeated option's last value win, so each option is
 * collected as a list and refused past one.
 */
export function parseAdminArgs(
  args: string[],
  config: Pick<Config, "sandbox">,
): AdminCommand {
  const [name, ...rest] = args;
  if (!isCommandName(name)) throw new AdminUsageError(USAGE);
  const spec = COMMAND_ARGS[name];
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        spec.options.map((o) => [o, { type: "string", multiple: true }]),
      ),
      strict: true,
      allowPositionals: true,
    });
  } catch {
    throw new AdminUsageError(USAGE);
  }
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string[] | undefined>;
  if (
    positionals.length !== spec.positionals ||
    Object.values(values).some((v) => v !== undefined && v.length !== 1)
  ) {
    throw new AdminUsageError(USAGE);
  }
  switch (name) {
    case "accounts":
    case "pending-deletions":
      return { name };
    case "set-plan": {
      const [openId, plan] = positionals;
      if (!openId || !isPlanId(plan)) throw new AdminUsageError(USAGE);
      return { name, openId, plan };
    }
    case "issue-key":
    case "delete-account": {
      const [openId] = positionals;
      if (!openId) throw new AdminUsageError(USAGE);
      return { name, openId };
    }
    case "create-sandbox-user": {
      if (!config.sandbox) {
        throw new AdminUsageError(
          "create-sandbox-user works only in sandbox mode (no TIKTOK_CLIENT_KEY set)",
        );
      }
      const username = normaliseUsername(positionals[0]);
      const plan = values.plan?.[0];
      if (!username || (plan !== undefined && !isPlanId(plan))) {
        throw new AdminUsageError(
          `${USAGE}\n(name: 1-24 of a-z 0-9 . _; plan: ${PLAN_IDS.join("|")})`,
        );
      }
      return { name, username, plan };
    }
  }
}

/**
 * True for the one command that may start a data folder (a KV, a secret
 * key) where there is none, as the server does; the others need one.
 */
export function commandCreatesData(command: AdminCommand): boolean {
  return command.name === "create-sandbox-user";
}

/** Runs one command; returns the lines to print. */
export async function runAdminCommand(
  deps: AdminDeps,
  args: string[] | AdminCommand,
): Promise<string[]> {
  const command = Array.isArray(args)
    ? parseAdminArgs(args, deps.config)
    : args;
  switch (command.name) {
    case "accounts":
      return listAccountLines(deps);
    case "set-plan": {
      const account = await setPlan(deps, command.openId, command.plan);
      return [`${account.openId} plan=${account.plan}`];
    }
    case "issue-key": {
      const { openId } = command;
      const issued = await issueApiKey(deps, openId);
      return [
        `issued for ${openId}, expires ${
          new Date(issued.expiresAt).toISOString()
        }`,
        issued.apiKey,
      ];
    }
    case "create-sandbox-user":
      return createSandboxUser(deps, command);
    case "delete-account":
      return deleteAccountCommand(deps, command.openId);
    case "pending-deletions":
      return pendingDeletionLines(deps);
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
  command: { username: string; plan?: PlanId },
): Promise<string[]> {
  const { username, plan } = command;
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
    scope: config.tiktok.scopes.join(","),
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
