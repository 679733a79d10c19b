/**
 * The admin CLI's KV, opened as the server opens it and checked the same
 * way: SECRET_KEY against the KV's sealed check (confirmSecretKey,
 * lib/crypto/secret_key_check.ts), before any command reads or writes it.
 * @module
 */
import { ConfigError } from "../config.ts";
import type { Config } from "../config.ts";
import { firstLineOf } from "../errors.ts";
import { kvVariableHint, openKv } from "../runtime/app_runtime.ts";
import { confirmSecretKey } from "../crypto/secret_key_check.ts";
import { confirmTikTokApp } from "../runtime/tiktok_app_mark.ts";
import { readSecretKey, resolveSecretKey } from "../crypto/secret_key.ts";
import { deriveTokenKey, toBase64Url } from "../crypto/token_cipher.ts";

/** The KV file the configuration names, when it is a local file. */
function localKvFile(config: Config): string | undefined {
  const path = config.kvPath;
  if (path === undefined || path === ":memory:" || path.includes("://")) {
    return undefined;
  }
  return path;
}

/**
 * Opens the KV for one command and checks SECRET_KEY against it; the
 * caller closes it. Every refusal is one line (a {@link ConfigError}; a
 * file that stays busy is the API's `database_busy`).
 *
 * `createData` (create-sandbox-user) does what the server does at start:
 * a missing secret key is generated into DATA_DIR, and a KV without a check
 * is sealed with the key. The other commands create nothing: without
 * SECRET_KEY or DATA_DIR/secret.key, the key a server would generate is a
 * new one, which a sealed KV refuses as it would; nothing is written. Nor
 * do they start a data folder: where the KV file is missing, they answer
 * "no PM3K data in <DATA_DIR>".
 * @throws {ConfigError} when there is no KV file and the command creates no
 * data, when the KV or the secret key cannot be opened, or when SECRET_KEY
 * is not the KV's
 */
export async function openAdminKv(
  config: Config,
  options: { createData: boolean },
): Promise<Deno.Kv> {
  const file = localKvFile(config);
  if (file !== undefined && !options.createData) {
    try {
      await Deno.stat(file);
    } catch (error) {
      // A path through a file, a folder it may not read: in one line, as
      // openKv says it (never an uncaught trace).
      if (!(error instanceof Deno.errors.NotFound)) {
        throw new ConfigError(
          `cannot open the KV at ${file}: ${firstLineOf(error)}${
            kvVariableHint(config)
          }`,
        );
      }
      throw new ConfigError(
        `no PM3K data in ${config.dataDir}: no KV file at ${file} (check DATA_DIR and KV_PATH)`,
      );
    }
  }
  // One line when it cannot be opened (openKv's ConfigError).
  const kv = await openKv(config);
  try {
    let secret;
    try {
      secret = options.createData
        ? await resolveSecretKey(config.secretKey, config.dataDir)
        : await readSecretKey(config.secretKey, config.dataDir);
    } catch (error) {
      throw new ConfigError(
        `cannot read the secret key in ${config.dataDir}: ${
          firstLineOf(error)
        }`,
      );
    }
    // The servers' TikTok, not the simulator with production data: checked
    // first, since the admin CLI run with DATA_DIR alone lacks SECRET_KEY
    // too, and the servers' variables bring both (reads only).
    await confirmTikTokApp(kv, config);
    secret ??= toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    await confirmSecretKey(kv, await deriveTokenKey(secret), {
      seal: options.createData,
      dataDir: config.secretKey === undefined ? undefined : config.dataDir,
    });
    return kv;
  } catch (error) {
    kv.close();
    throw error;
  }
}
