/**
 * The first `deno task start` in a fresh clone, as a newcomer runs it: the
 * project's files copied to a new folder (no node_modules), where Deno
 * sets up the npm packages of deno.lock before the server listens: the
 * service's only, as the test-only ones (miniflare, s3rver, Chromium…) are
 * in tests/deno.json and tests/deno.lock. The script of one of them
 * (@scarf/scarf) is denied in deno.json (`allowScripts`), so no "Ignored
 * build scripts … Run deno approve-scripts" box asks the newcomer to act
 * (docs/testing.md#first-start). The packages come from DENO_DIR's cache,
 * which the suite's own runs fill; missing ones from the npm registry.
 */
import assert from "node:assert/strict";
import { copyProjectFiles } from "./_helpers/project_copy.ts";
import { freePort, waitForHealthz } from "./_helpers/server_process.ts";

/** Packages only the tests use, as node_modules/.deno names them. */
const TEST_ONLY = [
  "miniflare@",
  "workerd@",
  "s3rver@",
  "@sparticuz+chromium@",
  "playwright-core@",
  "fast-check@",
  "ftp-srv@",
  "hoodiecrow-imap@",
  "axe-core@",
  "dtrace-provider@",
];

/** All of `stream` as text, once it ends. */
async function textOf(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text += chunk;
  }
  return text;
}

Deno.test("the first deno task start in a fresh clone sets up the service's npm packages, none of the tests', and listens with no approve-scripts advice", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-first-start-" });
  try {
    await copyProjectFiles(dir);
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["task", "start"],
      cwd: dir,
      env: {
        NO_COLOR: "1",
        PORT: String(port),
        PUBLIC_BASE_URL: url,
        DATA_DIR: `${dir}/data`,
      },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = textOf(child.stdout);
    const err = textOf(child.stderr);
    // Setting up ~130 packages from the cache takes a while on a busy machine.
    const deadline = Date.now() + 240_000;
    let up = false;
    while (!up && Date.now() < deadline) up = await waitForHealthz(url);
    // deno task passes SIGTERM on to the server it runs.
    child.kill("SIGTERM");
    await child.status;
    const [stdout, stderr] = await Promise.all([out, err]);
    assert.ok(up, `no answer on ${url}:\n${stderr.slice(-2000)}`);
    assert.match(stdout, /PM3K listening/);
    const installed = [...Deno.readDirSync(`${dir}/node_modules/.deno`)]
      .map((e) => e.name);
    // The package whose script is denied was set up, so the warning had its
    // chance to show.
    assert.ok(installed.some((n) => n.startsWith("@scarf+scarf@")), "scarf");
    const testOnly = installed.filter((n) =>
      TEST_ONLY.some((name) => n.startsWith(name))
    );
    assert.deepEqual(testOnly, [], "no test-only package set up");
    const advice = stderr.split("\n").filter((l) =>
      /approve-scripts|Ignored build scripts|npm:(workerd|@scarf|dtrace)/
        .test(l)
    );
    assert.deepEqual(advice, [], "no build-scripts warning");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
