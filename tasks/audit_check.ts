/**
 * `deno task audit-check`: fetches, over the network, what TikTok's app
 * review and URL verification will fetch from this PM3K
 * (lib/tiktok_app/app_review_check.ts), and prints one line per check. Run it
 * beside the running server with the server's variables. Exits 1 when a
 * check fails, 2 when there is nothing to check (the sandbox) or a
 * variable is wrong. AUDIT_CHECK_API_KEY, an API key of the signed-in test
 * creator, lets it ask the server what its composer offers.
 */
import { loadConfig, siteVerification } from "../lib/config.ts";
import { exitOnConfigError, exitWithChecks } from "./check_task_output.ts";
import { createStorage } from "../lib/storage/create_storage.ts";
import {
  allPassedSummary,
  checkAppReview,
} from "../lib/tiktok_app/app_review_check.ts";
import { INGEST_PREFIX } from "../lib/media/media_keys.ts";

/**
 * AUDIT_CHECK_FILES_VERIFICATION: TikTok's signature file for the bucket's
 * URL prefix, as TIKTOK_SITE_VERIFICATION is written; a bad value exits 2.
 */
function filesVerification() {
  const value = Deno.env.get("AUDIT_CHECK_FILES_VERIFICATION");
  if (!value?.trim()) return undefined;
  const parsed = siteVerification.safeParse(value);
  if (!parsed.success) {
    console.error(
      `AUDIT_CHECK_FILES_VERIFICATION ${parsed.error.issues[0].message}`,
    );
    Deno.exit(2);
  }
  return parsed.data;
}

try {
  const config = loadConfig();
  if (config.sandbox) {
    console.error(
      "Nothing to check: this is the TikTok sandbox. Run it with the server's production variables (TIKTOK_CLIENT_KEY, PUBLIC_BASE_URL, …); without a TikTok app yet, rehearse against PM3K's simulator: docs/tiktok-audit.md#a-rehearsal-against-the-simulator",
    );
    Deno.exit(2);
  }
  // The check only writes, reads and deletes a file: no URL is signed, so
  // a key of its own serves (the server's comes from SECRET_KEY).
  const unusedUploadKey = await crypto.subtle.generateKey(
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const results = await checkAppReview({
    config,
    storage: createStorage(config, unusedUploadKey),
    // Under the ingest folder, which the orphan sweep empties should the
    // deletion after the check fail.
    mediaKey: `${INGEST_PREFIX}pm3k-audit-check-${crypto.randomUUID()}.txt`,
    // Surrounding spaces and newlines, as a paste brings, are not the key's.
    apiKey: Deno.env.get("AUDIT_CHECK_API_KEY")?.trim() || undefined,
    filesVerification: filesVerification(),
  });
  const label = { ok: "ok  ", fail: "FAIL", note: "note" } as const;
  exitWithChecks(
    results.map((r) => ({ ...r, label: label[r.outcome] })),
    allPassedSummary(results),
  );
} catch (error) {
  exitOnConfigError(error);
}
