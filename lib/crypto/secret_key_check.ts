/**
 * Every secret PM3K keeps in KV (TikTok tokens, webhook signing secrets)
 * is sealed with a key derived from SECRET_KEY, and API keys and sessions
 * are checked with it. Started with another SECRET_KEY on the same KV,
 * a process could read none of them: every post would fail on a token it
 * cannot open. So the first process seals a known text in KV, and every
 * process opens it at start and refuses to start with another key
 * (docs/configuration.md#the-secret-key); so does the admin CLI before any
 * command (lib/admin/admin_kv.ts).
 * @module
 */
import { ConfigError } from "../config.ts";
import { getTyped, keys } from "../kv_keys.ts";
import { decryptText, encryptText } from "./token_cipher.ts";

const CHECK_TEXT = "pm3k-secret-key-check-v1";

/**
 * Seals the check with `tokenKey` when the KV has none yet; otherwise
 * opens it. With `seal: false` (the admin CLI's commands that start no
 * data) a KV without a check is left as it is: only a check there refuses.
 * @throws {ConfigError} when another SECRET_KEY sealed it
 */
export async function confirmSecretKey(
  kv: Deno.Kv,
  tokenKey: CryptoKey,
  options: { seal?: boolean } = {},
): Promise<void> {
  for (;;) {
    const entry = await getTyped(kv, keys.secretKeyCheck());
    if (entry.value === null) {
      if (options.seal === false) return;
      const sealed = await encryptText(tokenKey, CHECK_TEXT);
      const res = await kv.atomic().check(entry).set(entry.key, sealed)
        .commit();
      if (res.ok) return;
      continue; // another process sealed it first: open theirs
    }
    let opened: string | null = null;
    try {
      opened = await decryptText(tokenKey, entry.value);
    } catch {
      // Sealed with another key: said below.
    }
    if (opened === CHECK_TEXT) return;
    throw new ConfigError(
      "SECRET_KEY is not the one this database was first used with: the TikTok tokens, webhook secrets and API keys stored in it were sealed with that key and cannot be read with this one. Start PM3K with the original SECRET_KEY (on the embedded default, the original DATA_DIR/secret.key); every instance sharing this KV must use the same one.",
    );
  }
}
