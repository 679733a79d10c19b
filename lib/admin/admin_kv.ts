/**
 * The admin CLI's KV, opened as the server opens it and checked the same
 * way: SECRET_KEY against the KV's sealed check (confirmSecretKey,
 * lib/crypto/secret_key_check.ts), before any command reads or writes it.
 * @module
 */
import type { Config } from "../config.ts";
import { openKv } from "../runtime/app_runtime.ts";
import { confirmSecretKey } from "../crypto/secret_key_check.ts";
import { readSecretKey, resolveSecretKey } from "../crypto/secret_key.ts";
import { deriveTokenKey, toBase64Url } from "../crypto/token_cipher.ts";

/**
 * Opens the KV for one command and checks SECRET_KEY against it; the
 * caller closes it.
 *
 * `createData` (create-sandbox-user) does what the server does at start:
 * a missing secret key is generated into DATA_DIR, and a KV without a check
 * is sealed with the key. The other commands create nothing: without
 * SECRET_KEY or DATA_DIR/secret.key, the key a server would generate is a
 * new one, which a sealed KV refuses as it would; nothing is written.
 * @throws {ConfigError} when SECRET_KEY is not the KV's (one line)
 */
export async function openAdminKv(
  config: Config,
  options: { createData: boolean },
): Promise<Deno.Kv> {
  const kv = await openKv(config);
  try {
    const secret = options.createData
      ? await resolveSecretKey(config.secretKey, config.dataDir)
      : await readSecretKey(config.secretKey, config.dataDir) ??
        toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    await confirmSecretKey(kv, await deriveTokenKey(secret), {
      seal: options.createData,
    });
    return kv;
  } catch (error) {
    kv.close();
    throw error;
  }
}
