/**
 * Island bundles: built with Deno's bundler (browser, ESM, minified, code
 * splitting), kept in memory or in `_build/islands`, and served under a
 * content-hashed build id so they can be cached forever.
 * @module
 */
import { sha256Hex } from "../crypto/hashing.ts";

/** Where the built bundles are and how to address them. */
export interface IslandAssets {
  buildId: string;
  /** URL path of an entry (`client_boot` or an island name). */
  url(entry: string): string;
  /** Bytes of a built file, by file name, or undefined. */
  file(name: string): Uint8Array | undefined;
}

/** URL prefix of all island bundles. */
export const ISLANDS_PREFIX = "/_islands";

const BOOT_ENTRY = new URL("./client_boot.ts", import.meta.url);

/** A build kept in memory: file name → bytes. */
export interface IslandBuild {
  buildId: string;
  files: Record<string, Uint8Array>;
}

/**
 * Bundles the boot script and every island file.
 * @param islandFiles absolute file URLs or paths of the islands
 */
export async function bundleIslands(
  islandFiles: string[],
): Promise<IslandBuild> {
  const entrypoints = [BOOT_ENTRY.href, ...islandFiles];
  const result = await Deno.bundle({
    entrypoints,
    platform: "browser",
    format: "esm",
    minify: true,
    codeSplitting: true,
    write: false,
    outputDir: "/islands-out",
  });
  if (!result.success) {
    const why = result.errors.map((e) => e.text).join("; ");
    throw new Error(`Cannot bundle islands: ${why}`);
  }
  // Paths stay relative to the output folder: entries import their shared
  // chunks by relative path, so flattening them would break those imports.
  const files: Record<string, Uint8Array> = {};
  for (const out of result.outputFiles ?? []) {
    files[out.path.replace(/^\/islands-out\//, "")] = out.contents ??
      new TextEncoder().encode(out.text());
  }
  const digestInput = Object.keys(files).sort().map((name) =>
    `${name}:${new TextDecoder().decode(files[name])}`
  ).join("\n");
  return { buildId: (await sha256Hex(digestInput)).slice(0, 16), files };
}

/** Wraps a build as servable assets. */
export function assetsFromBuild(build: IslandBuild): IslandAssets {
  // Entry name (file name without extension) → its path in the build.
  const entries = new Map<string, string>();
  for (const path of Object.keys(build.files)) {
    const name = path.replace(/^.*\//, "").replace(/\.js$/, "");
    if (!name.startsWith("chunk-")) entries.set(name, path);
  }
  return {
    buildId: build.buildId,
    url: (entry) => {
      const path = entries.get(entry);
      if (!path) throw new Error(`No island bundle named "${entry}"`);
      return `${ISLANDS_PREFIX}/${build.buildId}/${path}`;
    },
    file: (path) => build.files[path],
  };
}

/** Writes a build to `dir` (for `deno task build` and Deno Deploy). */
export async function writeBuild(
  build: IslandBuild,
  dir: string,
): Promise<void> {
  // Clears an older build (usually none); files it fails to remove are
  // not listed in build.json, so never read back.
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  for (const [path, bytes] of Object.entries(build.files)) {
    await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]*$/, ""), {
      recursive: true,
    });
    await Deno.writeFile(`${dir}/${path}`, bytes);
  }
  await Deno.writeTextFile(
    `${dir}/build.json`,
    JSON.stringify({ buildId: build.buildId, files: Object.keys(build.files) }),
  );
}

/** Reads a build written by {@link writeBuild}; null when there is none. */
export async function readBuild(dir: string): Promise<IslandBuild | null> {
  let meta: { buildId: string; files: string[] };
  try {
    meta = JSON.parse(await Deno.readTextFile(`${dir}/build.json`));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const files: Record<string, Uint8Array> = {};
  for (const name of meta.files) {
    files[name] = await Deno.readFile(`${dir}/${name}`);
  }
  return { buildId: meta.buildId, files };
}

/** Island file URLs from the manifest's island specifiers. */
export function islandFileUrls(
  specifiers: string[],
  baseUrl: string,
): string[] {
  return specifiers.map((s) => new URL(s, baseUrl).href);
}
