/**
 * The upload card's "Or paste a link" in a real Chromium: PM3K copies the
 * video from a link into its storage (POST /api/uploads/from_url) and the
 * composer takes it, as after a file upload; a share link is fetched in its
 * direct form, a web page is refused saying so, and a slow copy shows its
 * progress (docs/dashboard.md#compose). Drive and Dropbox cannot be
 * reached from the tests: the source server answers for them (simulated).
 */
import assert from "node:assert/strict";
import {
  browserRunner,
  fixturePath,
  signInWithPlan,
} from "../_helpers/browser_flows.ts";
import { waitForAllIslands } from "../_helpers/page_quality.ts";
import { hostsNetwork, startSourceServer } from "../_helpers/source_server.ts";
import type { SourceServer } from "../_helpers/source_server.ts";
import { waitUntil } from "../_helpers/wait_until.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import type { Page } from "playwright-core";

const $ = (id: string) => `[data-testid=${id}]`;

async function pasteLink(page: Page, link: string) {
  await page.fill($("link-input"), link);
  await page.click($("link-submit"));
}

/** Runs `body` with a source server, closed after. */
async function withSource(body: (source: SourceServer) => Promise<void>) {
  const source = await startSourceServer();
  try {
    await body(source);
  } finally {
    await source.close();
  }
}

Deno.test("a pasted Dropbox share link becomes an upload the composer takes; a link to a web page is refused saying so and kept to correct", async () => {
  await withSource(async (source) => {
    const hosts = hostsNetwork(source);
    const withSimulatedHosts = browserRunner({}, {
      fetchOptions: hosts.fetchOptions,
    });
    await withSimulatedHosts(async (run) => {
      const { page, watched } = run;
      await signInWithPlan(run, "link_uploader");
      await waitForAllIslands(page);

      const shared = "https://files.example.com/clip-page";
      await pasteLink(page, shared);
      const error = page.locator($("upload-error"));
      await error.waitFor();
      assert.match(
        await error.textContent() ?? "",
        /answered a web page \(HTML\), not a file/,
      );
      assert.equal(await page.locator($("link-input")).inputValue(), shared);

      await pasteLink(
        page,
        "https://www.dropbox.com/scl/fi/abc/clip.mp4?rlkey=x&dl=0",
      );
      await page.locator($("upload-result")).waitFor();
      const url = await page.locator($("upload-url")).inputValue();
      assert.match(
        await page.locator($("upload-result")).textContent() ?? "",
        /Uploaded dropbox clip\.mp4 .*ready in the composer/,
      );
      // Fetched in its direct form, and the composer took the video.
      assert.ok(
        hosts.asked.includes(
          "https://www.dropbox.com/scl/fi/abc/clip.mp4?rlkey=x&dl=1",
        ),
        hosts.asked.join("\n"),
      );
      assert.equal(await page.locator($("post-source")).inputValue(), url);
      assert.equal(await page.locator($("link-input")).inputValue(), "");
      // The page's fetch of the web page link answered its 400, as it should.
      watched.watch.assertClean({ allowConsole: [/status of 400/] });
    });
  });
});

Deno.test("while PM3K copies a slow link the card shows it in progress with the host named, and takes no second upload", async () => {
  await withSource(async (source) => {
    await browserRunner()(async (run) => {
      const { page, watched } = run;
      await signInWithPlan(run, "slow_link_uploader");
      await waitForAllIslands(page);
      source.holding = true;
      try {
        await pasteLink(page, `${source.origin}/held.mp4`);
        const progress = page.locator($("fetch-progress"));
        await progress.waitFor();
        assert.match(
          await page.locator("label[for=fetch-progress]").textContent() ??
            "",
          /copying the video from 127\.0\.0\.1/,
        );
        assert.equal(await page.locator($("link-submit")).isDisabled(), true);
        assert.equal(await page.locator($("video-input")).isDisabled(), true);
      } finally {
        source.holding = false;
      }
      await page.locator($("upload-result")).waitFor();
      assert.equal(await page.locator($("fetch-progress")).count(), 0);
      watched.watch.assertClean();
    });
  });
});

Deno.test("a link being copied can be cancelled: the copy stops on the server, it says so, and nothing is listed", async () => {
  await withSource(async (source) => {
    await browserRunner()(async (run) => {
      const { page, server, watched } = run;
      const openId = await signInWithPlan(run, "link_canceller");
      await waitForAllIslands(page);
      // A byte every 100 ms until told: a copy that would last long.
      source.holding = true;
      const link = `${source.origin}/held.mp4`;
      await pasteLink(page, link);
      await page.locator($("fetch-progress")).waitFor();
      await waitUntil("the copy under way", () => source.openBodies() === 1);
      // The file upload's Cancel, beside the copy's progress.
      await page.getByRole("button", { name: "Cancel" }).click();
      const error = page.locator($("upload-error"));
      await error.waitFor();
      assert.equal(
        (await error.textContent())?.trim(),
        "Copy cancelled: nothing was kept. Press Fetch video to copy it again.",
      );
      assert.equal(await page.locator($("fetch-progress")).count(), 0);
      // Kept to copy again, the button free.
      assert.equal(await page.locator($("link-input")).inputValue(), link);
      assert.equal(await page.locator($("link-submit")).isDisabled(), false);
      // The server stopped copying at once (docs/media.md#uploads-from-a-url):
      // the source is no longer read, the ingest slot given back.
      await waitUntil(
        "the copy stopped, its slot given back",
        async () =>
          source.openBodies() === 0 &&
          (await getTyped(server.kv, keys.ingestSlots(openId))).value ===
            null,
        5_000,
      );
      const listed = await page.evaluate(async () =>
        (await (await fetch("/api/uploads")).json()).uploads.length
      );
      assert.equal(listed, 0, "no upload listed");
      assert.equal(await page.locator($("no-uploads")).count(), 1);
      watched.watch.assertClean();
    });
  });
});

Deno.test("a Cancel pressed once the copy's answer arrived changes nothing: the upload made is shown and listed, never an empty one", async () => {
  await withSource(async (source) => {
    await browserRunner()(async (run) => {
      const { page, watched } = run;
      await signInWithPlan(run, "link_late_canceller");
      await waitForAllIslands(page);
      // The person's Cancel lands between the answer's headers and its
      // body being read: the moment the copy is over on the server.
      await page.evaluate(() => {
        const json = Response.prototype.json;
        Response.prototype.json = function (this: Response) {
          if (this.url.endsWith("/api/uploads/from_url")) {
            document.querySelector<HTMLButtonElement>(
              "[data-testid=upload-cancel]",
            )?.click();
          }
          return json.call(this);
        };
      });
      await pasteLink(page, `${source.origin}/video.mp4`);
      await page.locator($("upload-result")).waitFor();
      assert.match(
        await page.locator($("upload-result")).textContent() ?? "",
        /Uploaded video\.mp4 .*ready in the composer/,
      );
      const url = await page.locator($("upload-url")).inputValue();
      assert.match(url, /^http/);
      assert.equal(await page.locator($("upload-error")).count(), 0);
      const listed = await page.evaluate(async () =>
        (await (await fetch("/api/uploads")).json()).uploads.length
      );
      assert.equal(listed, 1, "the upload made is listed");
      watched.watch.assertClean();
    });
  });
});

/** Whether `a` comes before `b` in the page. */
function before(page: Page, a: string, b: string): Promise<boolean> {
  return page.evaluate(
    ([a, b]) =>
      !!(document.querySelector(a)!.compareDocumentPosition(
        document.querySelector(b)!,
      ) & Node.DOCUMENT_POSITION_FOLLOWING),
    [a, b],
  );
}

Deno.test("a refused file is said beside the file picker and names the file; a refused link is said beside the link", async () => {
  await withSource(async (source) => {
    const hosts = hostsNetwork(source);
    await browserRunner({}, { fetchOptions: hosts.fetchOptions })(
      async (run) => {
        const { page, watched } = run;
        await signInWithPlan(run, "error_places");
        await waitForAllIslands(page);

        await page.setInputFiles(
          $("video-input"),
          fixturePath("landscape.mp4"),
        );
        const error = page.locator($("upload-error"));
        await error.waitFor();
        assert.match(
          await error.innerText(),
          /^landscape\.mp4: The video must be vertical \(9:16\)/,
        );
        // Beside the picker, before the link's box: not read as the link's.
        assert.equal(
          await before(page, $("upload-dropzone"), $("upload-error")),
          true,
        );
        assert.equal(
          await before(page, $("upload-error"), $("link-form")),
          true,
        );
        // Announced once, at once: an alert in no other live region.
        assert.deepEqual(
          await error.evaluate((el) => [
            el.getAttribute("role"),
            el.parentElement?.closest("[aria-live]") ?? null,
          ]),
          ["alert", null],
          "announced",
        );

        await pasteLink(page, "https://files.example.com/clip-page");
        await error.filter({ hasText: "web page" }).waitFor();
        assert.equal(await error.count(), 1, "the file's error went");
        assert.equal(
          await before(page, $("link-form"), $("upload-error")),
          true,
        );
        assert.doesNotMatch(await error.innerText(), /^landscape/);
        watched.watch.assertClean({ allowConsole: [/status of 400/] });
      },
    );
  });
});
