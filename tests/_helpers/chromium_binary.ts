/**
 * The Chromium the browser tests drive, with nothing installed on the
 * machine: `CHROMIUM_PATH` when set, otherwise the Chromium that the npm
 * package `@sparticuz/chromium` ships (brotli-compressed) inside the
 * package, unpacked once into `.cache/chromium/<version>/`. The package is
 * imported by full specifier, not through the import map, so Deploy's
 * `deno install` never adds its 70 MB to a deployment (docs/testing.md).
 *
 * Run as a script (`deno run -A tests/_helpers/chromium_binary.ts`) it
 * unpacks ahead of the test run, so parallel test workers find it ready.
 * @module
 */
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress } from "node:zlib";

/** The `@sparticuz/chromium` release unpacked (Chromium 153). */
export const SPARTICUZ_VERSION = "153.0.0";

const PROJECT_ROOT = new URL("../../", import.meta.url);

/** Where the unpacked binary is cached. */
export const CACHED_CHROMIUM = new URL(
  `.cache/chromium/${SPARTICUZ_VERSION}/chromium`,
  PROJECT_ROOT,
).pathname;

/** Why no browser could be had, said in a way that tells what to do. */
export class ChromiumUnavailable extends Error {
  override name = "ChromiumUnavailable";
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && ((info.mode ?? 0o755) & 0o111) !== 0;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The compressed binary inside the installed npm package. */
async function packagedBinary(): Promise<string> {
  // A literal specifier: `deno test` fetches the package with the rest of
  // the module graph, and the resolved entry point is a file under
  // node_modules whose `bin/` folder holds `chromium.br`.
  await import("npm:@sparticuz/chromium@153.0.0");
  const entry = import.meta.resolve("npm:@sparticuz/chromium@153.0.0");
  if (!entry.startsWith("file:")) {
    throw new ChromiumUnavailable(
      `@sparticuz/chromium resolved to ${entry}, not a file; set CHROMIUM_PATH to a Chromium binary`,
    );
  }
  return new URL("../bin/chromium.br", entry).pathname;
}

/** Unpacks the packaged binary to `target` (atomically: temp + rename). */
async function unpack(target: string): Promise<string> {
  const source = await packagedBinary();
  await Deno.mkdir(target.replace(/\/[^/]+$/, ""), { recursive: true });
  // A unique temp name: two workers unpacking at once each rename a whole
  // file into place, and the last rename wins with identical bytes.
  const temp = `${target}.${crypto.randomUUID()}.part`;
  try {
    await pipeline(
      createReadStream(source),
      createBrotliDecompress(),
      createWriteStream(temp, { mode: 0o755 }),
    );
    await Deno.chmod(temp, 0o755);
    await Deno.rename(temp, target);
  } catch (error) {
    await Deno.remove(temp).catch((cleanup) => {
      if (!(cleanup instanceof Deno.errors.NotFound)) {
        console.error(`could not remove ${temp}: ${cleanup}`);
      }
    });
    throw new ChromiumUnavailable(
      `could not unpack Chromium from ${source} into ${target}: ${error}`,
    );
  }
  return target;
}

let pending: Promise<string> | null = null;

/**
 * The path of a Chromium binary to launch. Throws {@link ChromiumUnavailable}
 * (never returns a missing path) so a browser test fails and says why.
 */
export function chromiumPath(): Promise<string> {
  pending ??= findChromium({
    configured: Deno.env.get("CHROMIUM_PATH"),
    cache: CACHED_CHROMIUM,
  }).catch((error) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** Where to look: the `CHROMIUM_PATH` value, and the cache file to fill. */
export interface ChromiumSources {
  configured?: string;
  cache: string;
}

/** `configured` if set (and executable), else the cache, unpacked if new. */
export async function findChromium(sources: ChromiumSources): Promise<string> {
  if (sources.configured) {
    if (await isExecutableFile(sources.configured)) return sources.configured;
    throw new ChromiumUnavailable(
      `CHROMIUM_PATH is set to ${sources.configured}, which is not an executable file`,
    );
  }
  if (await isExecutableFile(sources.cache)) return sources.cache;
  return await unpack(sources.cache);
}

if (import.meta.main) {
  const path = await chromiumPath();
  console.log(`Chromium for the browser tests: ${path}`);
}
