/**
 * The service secret: SECRET_KEY when configured; in the embedded default a
 * random key generated once and kept under DATA_DIR so tokens stay readable
 * across restarts.
 * @module
 */
import { toBase64Url } from "./token_cipher.ts";
import { ConfigError, MIN_SECRET_KEY_LENGTH } from "../config.ts";

/**
 * Returns the configured secret, or the one kept in `<dataDir>/secret.key`;
 * undefined when there is neither (nothing is created: the admin CLI's
 * commands on existing data use this).
 */
export async function readSecretKey(
  configured: string | undefined,
  dataDir: string,
): Promise<string | undefined> {
  if (configured) return configured;
  const path = `${dataDir}/secret.key`;
  let kept: string;
  try {
    kept = (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return undefined;
  }
  // The rule of SECRET_KEY holds for the file too: an empty or cut file
  // (a crash while it was first written) would seal every secret with a
  // key anyone can guess (docs/configuration.md#the-secret-key).
  if (kept.length < MIN_SECRET_KEY_LENGTH) {
    throw new ConfigError(
      `${path} holds ${kept.length} characters, not a secret key (at least ${MIN_SECRET_KEY_LENGTH}): put back the original file, or set SECRET_KEY to the key this data was first used with.`,
    );
  }
  return kept;
}

/** How long a start waits for another's secret.key to be written. */
const WRITE_WAIT_MS = 1_000;

/** Returns the configured secret, or loads/creates `<dataDir>/secret.key`. */
export async function resolveSecretKey(
  configured: string | undefined,
  dataDir: string,
): Promise<string> {
  const kept = await readSecretKey(configured, dataDir);
  if (kept !== undefined) return kept;
  const path = `${dataDir}/secret.key`;
  await Deno.mkdir(dataDir, { recursive: true });
  const secret = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  try {
    // createNew: two processes starting at once must agree on one key.
    await Deno.writeTextFile(path, secret, { createNew: true, mode: 0o600 });
    return secret;
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  // Another process created it first and may not have written it yet: an
  // empty read is that moment, not its key (which would seal every secret
  // with a key anyone can derive; docs/configuration.md#the-secret-key).
  // Its write is one small call, so it lands within a few milliseconds; a
  // file still short after WRITE_WAIT_MS is refused by readSecretKey.
  const until = Date.now() + WRITE_WAIT_MS;
  for (;;) {
    try {
      const kept = await readSecretKey(undefined, dataDir);
      if (kept !== undefined) return kept;
      // Deleted meanwhile: start over.
      return await resolveSecretKey(configured, dataDir);
    } catch (error) {
      if (!(error instanceof ConfigError) || Date.now() > until) throw error;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
