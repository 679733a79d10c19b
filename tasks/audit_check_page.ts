/**
 * `deno task audit-check:page`: the real composer page checked as TikTok's
 * reviewer sees it (docs/tiktok-audit.md#checking-the-real-composer-page).
 * It starts this version's server on the TikTok simulator with a fresh
 * data folder and `TIKTOK_APP_AUDITED` as set here (`false` unset, as the
 * review's demo runs), signs simulated creators in through the consent
 * page in the browser tests' headless Chromium, and reads their composer
 * (tasks/composer_page_check.ts): one line per creator, exit 1 when one
 * fails.
 * @module
 */
import { launchChromium } from "../tests/_helpers/browser.ts";
import { exitWithChecks } from "./check_task_output.ts";
import type { CheckLine } from "./check_task_output.ts";
import { checkComposerPage } from "./composer_page_check.ts";
import { withServer } from "./screenshots.ts";

const audited = Deno.env.get("TIKTOK_APP_AUDITED") === "true";
const launched = await launchChromium();
const lines: CheckLine[] = [];
try {
  await withServer(
    { TIKTOK_APP_AUDITED: String(audited) },
    async (server) => {
      for (
        const { username, problems } of await checkComposerPage(
          launched.browser,
          server,
          audited,
        )
      ) {
        lines.push({
          label: problems.length === 0 ? "ok  " : "FAIL",
          name: `composer page of @${username}`,
          detail: problems.length === 0
            ? `served to the signed-in creator and read in Chromium, TIKTOK_APP_AUDITED=${audited}: every guideline point met for a video post and a photo post, each previewed`
            : problems.join("; "),
        });
      }
    },
  );
} finally {
  await launched.close();
}
exitWithChecks(
  lines,
  "The composer page served to a signed-in creator meets every point checked.",
);
