/**
 * `deno task screenshots` (tasks/screenshots.ts) run as the task runs it,
 * in a child process, into a temporary folder: one valid PNG per dashboard
 * page, the whole page at the documented width, one per audit state of the
 * composer, cropped to it (docs/tiktok-audit.md), and docs/images/ left
 * alone (docs/testing.md#screenshots).
 */
import assert from "node:assert/strict";
import { dashboardPagePaths } from "../_helpers/page_quality.ts";
import {
  DEFAULT_SCREENSHOTS_DIR,
  screenshotFileName,
  screenshotsDir,
} from "../../tasks/screenshots.ts";
import { AUDIT_SCREENSHOT_FILES } from "../../tasks/screenshots_audit.ts";

const projectDir = new URL("../..", import.meta.url).pathname;
/** The task's viewport width: screenshots are that wide. */
const WIDTH = 1100;

/** The `deno task screenshots` command line, from deno.json, as args. */
async function taskArgs(): Promise<string[]> {
  const config = JSON.parse(
    await Deno.readTextFile(`${projectDir}deno.json`),
  );
  const [deno, ...args] = String(config.tasks.screenshots).split(/\s+/);
  assert.equal(deno, "deno", "the task runs deno");
  return args;
}

/** Width and height of a PNG, after checking its signature and header. */
function pngSize(bytes: Uint8Array, name: string) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], signature, `${name}: PNG`);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(view.getUint32(8), 13, `${name}: IHDR is 13 bytes`);
  assert.equal(
    new TextDecoder().decode(bytes.subarray(12, 16)),
    "IHDR",
    `${name}: IHDR first`,
  );
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Modification times of the committed screenshots, by file. */
async function docsImages(): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for await (const e of Deno.readDir(DEFAULT_SCREENSHOTS_DIR)) {
    if (!e.name.endsWith(".png")) continue;
    const info = await Deno.stat(`${DEFAULT_SCREENSHOTS_DIR}/${e.name}`);
    out[e.name] = info.mtime?.getTime() ?? null;
  }
  return out;
}

Deno.test("the screenshots' folder is the argument, else $SCREENSHOTS_DIR, else docs/images, relative to where the task was typed", () => {
  const env = (vars: Record<string, string>) => (n: string) => vars[n];
  assert.equal(screenshotsDir([], env({})), DEFAULT_SCREENSHOTS_DIR);
  assert.equal(
    screenshotsDir(["/tmp/a"], env({ SCREENSHOTS_DIR: "/tmp/b" })),
    "/tmp/a",
  );
  assert.equal(
    screenshotsDir([], env({ SCREENSHOTS_DIR: "/tmp/b" })),
    "/tmp/b",
  );
  assert.equal(
    screenshotsDir(["shots"], env({ INIT_CWD: "/home/me/site" })),
    "/home/me/site/shots",
  );
});

Deno.test("deno task screenshots writes a valid, full-width PNG of every dashboard page and one of the composer per audit state into the folder it is given", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "pm3k-shots-test-" });
  try {
    const committed = await docsImages();
    const started = Date.now();
    const run = await new Deno.Command(Deno.execPath(), {
      args: [...await taskArgs(), `${outDir}/shots`],
      cwd: projectDir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const seconds = (Date.now() - started) / 1000;
    const said = new TextDecoder().decode(run.stdout) +
      new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 0, `the task failed:\n${said}`);

    const pages = dashboardPagePaths().map(screenshotFileName);
    assert.ok(pages.length >= 5, `pages: ${pages}`);
    assert.ok(AUDIT_SCREENSHOT_FILES.length >= 7, "the audit's states");
    const expected = [...pages, ...AUDIT_SCREENSHOT_FILES].sort();
    const written = [];
    for await (const e of Deno.readDir(`${outDir}/shots`)) {
      written.push(e.name);
    }
    assert.deepEqual(
      written.sort(),
      expected,
      "one PNG per page and per audit state, no other",
    );
    for (const name of pages) {
      const { width, height } = pngSize(
        await Deno.readFile(`${outDir}/shots/${name}`),
        name,
      );
      assert.equal(width, WIDTH, `${name}: ${WIDTH} px wide`);
      assert.ok(height > 0, `${name}: ${height} px high`);
      assert.match(said, new RegExp(`wrote .*/${name}\\n`));
    }
    for (const name of AUDIT_SCREENSHOT_FILES) {
      const bytes = await Deno.readFile(`${outDir}/shots/${name}`);
      const { width, height } = pngSize(bytes, name);
      // The composer alone: narrower than the page, taller than a few
      // lines, and no longer than the whole compose page.
      assert.ok(
        width >= 600 && width < WIDTH,
        `${name}: cropped to the composer, ${width} px wide`,
      );
      assert.ok(height >= 500 && height <= 2000, `${name}: ${height} px high`);
      assert.ok(bytes.length > 20_000, `${name}: ${bytes.length} bytes`);
      assert.match(said, new RegExp(`wrote .*/${name}\\n`));
    }
    assert.deepEqual(await docsImages(), committed, "docs/images untouched");
    // The whole task, two server starts and the browser included (about
    // 50 s on a 2-core machine).
    console.log(`deno task screenshots took ${seconds.toFixed(1)} s`);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
