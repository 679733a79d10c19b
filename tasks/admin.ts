/**
 * `deno task admin <command>`: operator commands on the same KV as a
 * running server (the file KV is shared safely through SQLite).
 *
 *   accounts                                 list accounts
 *   set-plan <open_id> <free|monthly|annual> record a plan
 *   issue-key <open_id>                      issue (or regenerate) an API key;
 *                                            the key is printed alone on the last line
 *   create-sandbox-user <name> [--plan <plan>]
 *                                            sandbox only: a TikTok sandbox user
 *                                            signed in to PM3K, ready for issue-key
 *
 * Arguments are checked first (lib/admin/admin_commands.ts, node:util
 * parseArgs in strict mode): an unknown option, a missing value, a repeated
 * option or an extra argument exits 2 with the usage, having done nothing.
 */
import { ConfigError, loadConfig } from "../lib/config.ts";
import { openKv } from "../lib/runtime/app_runtime.ts";
import {
  AdminUsageError,
  parseAdminArgs,
  runAdminCommand,
} from "../lib/admin/admin_commands.ts";
import { AppError } from "../lib/errors.ts";
import { systemClock } from "../lib/clock.ts";

try {
  const config = loadConfig();
  // Bad arguments are refused before the KV is opened.
  const command = parseAdminArgs(Deno.args, config);
  const kv = await openKv(config);
  try {
    const lines = await runAdminCommand(
      { config, kv, clock: systemClock },
      command,
    );
    for (const line of lines) console.log(line);
  } finally {
    kv.close();
  }
} catch (error) {
  if (error instanceof AdminUsageError) {
    console.error(error.message);
    Deno.exit(2);
  }
  if (error instanceof ConfigError || error instanceof AppError) {
    console.error(error.message);
    Deno.exit(1);
  }
  throw error;
}
