/**
 * Gets the island bundles for a manifest: the prebuilt ones from
 * `deno task build` when asked (Deno Deploy), else a build made in memory
 * once per process.
 * @module
 */
import fresh from "../../fresh.config.ts";
import {
  assetsFromBuild,
  bundleIslands,
  islandFileUrls,
  readBuild,
} from "../islands/island_assets.ts";
import type { IslandAssets, IslandBuild } from "../islands/island_assets.ts";

/**
 * What the island build reads of the route manifest (fresh.gen.ts): the
 * islands' names and the base URL their files are found from.
 */
export interface IslandManifest {
  islands: Record<string, unknown>;
  baseUrl: string;
}

let memo: Promise<IslandBuild> | null = null;

/** Loads or builds the island assets. */
export async function loadIslandAssets(
  manifest: IslandManifest,
  options: { prebuiltOnly: boolean },
): Promise<IslandAssets> {
  if (options.prebuiltOnly) {
    const dir = new URL(`../../${fresh.islandsBuildDir}`, import.meta.url);
    const build = await readBuild(dir.pathname);
    if (!build) {
      throw new Error(
        `No island build in ${fresh.islandsBuildDir}: run \`deno task build\` before deploying`,
      );
    }
    return assetsFromBuild(build);
  }
  memo ??= bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  return assetsFromBuild(await memo);
}
