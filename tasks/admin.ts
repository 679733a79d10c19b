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
 * Then SECRET_KEY is checked against the KV as the server checks it at
 * start (docs/configuration.md#the-secret-key): another key is refused in
 * one line, exit 1, before any command reads or writes the KV.
 */
import { ConfigError, loadConfig } from "../lib/config.ts";
import { openAdminKv } from "../lib/admin/admin_kv.ts";
import {
  AdminUsageError,
  commandCreatesData,
  parseAdminArgs,
  runAdminCommand,
} from "../lib/admin/admin_commands.ts";
import { AppError } from "../lib/errors.ts";
import { systemClock } from "../lib/clock.ts";

try {
  const config = loadConfig();
  // Bad arguments are refused before the KV is opened.
  const command = parseAdminArgs(Deno.args, config);
  // SECRET_KEY is checked against the KV's as the server checks it.
  const kv = await openAdminKv(config, {
    createData: commandCreatesData(command),
  });
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
