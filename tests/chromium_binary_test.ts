/**
 * The browser tests' Chromium comes from npm with nothing installed on the
 * machine, and a wrong CHROMIUM_PATH is named rather than skipped.
 */
import assert from "node:assert/strict";
import {
  CACHED_CHROMIUM,
  ChromiumUnavailable,
  findChromium,
  SPARTICUZ_VERSION,
} from "./_helpers/chromium_binary.ts";
import { launchChromium } from "./_helpers/browser.ts";

Deno.test("a CHROMIUM_PATH that is not an executable file fails and names the path", async () => {
  const missing = `${await Deno.makeTempDir()}/no-chromium-here`;
  await assert.rejects(
    findChromium({ configured: missing, cache: CACHED_CHROMIUM }),
    (error: unknown) =>
      error instanceof ChromiumUnavailable &&
      error.message.includes(missing) &&
      error.message.includes("CHROMIUM_PATH"),
  );
  await Deno.remove(missing.replace(/\/[^/]+$/, ""), { recursive: true });
});

Deno.test({
  name: "without CHROMIUM_PATH the tests launch the Chromium shipped by npm",
  ignore: Boolean(Deno.env.get("CHROMIUM_PATH")),
  async fn() {
    const launched = await launchChromium();
    try {
      const major = SPARTICUZ_VERSION.split(".")[0];
      assert.match(launched.browser.version(), new RegExp(`^${major}\\.`));
      const page = await launched.browser.newPage();
      await page.setContent("<button onclick='this.textContent=1'>0</button>");
      await page.click("button");
      assert.equal(await page.textContent("button"), "1");
      await page.close();
    } finally {
      await launched.close();
    }
  },
});
