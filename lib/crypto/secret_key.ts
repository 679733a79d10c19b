/**
 * The service secret: SECRET_KEY when configured; in the embedded default a
 * random key generated once and kept under DATA_DIR so tokens stay readable
 * across restarts.
 * @module
 */
import { toBase64Url } from "./token_cipher.ts";

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
  try {
    return (await Deno.readTextFile(`${dataDir}/secret.key`)).trim();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return undefined;
  }
}

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
  // Written whole under a name of its own, then linked into place: a link
  // fails where secret.key exists, so two processes starting at once agree
  // on one key, and neither reads a file the other has created but not yet
  // written (which would be an empty secret;
  // docs/configuration.md#the-secret-key).
  const draft = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(draft, secret, { createNew: true, mode: 0o600 });
  try {
    await Deno.link(draft, path);
    return secret;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      return (await Deno.readTextFile(path)).trim();
    }
    throw error;
  } finally {
    await Deno.remove(draft);
  }
}
