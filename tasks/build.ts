/**
 * `deno task build`: bundles the islands of the manifest into
 * `_build/islands` (content-hashed build id), for hosts where the app must
 * not bundle at start (Deno Deploy).
 */
import fresh from "../fresh.config.ts";
import manifest from "../fresh.gen.ts";
import {
  bundleIslands,
  islandFileUrls,
  writeBuild,
} from "../lib/islands/island_assets.ts";

const build = await bundleIslands(
  islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
);
const dir = new URL(`../${fresh.islandsBuildDir}`, import.meta.url).pathname;
await writeBuild(build, dir);
console.log(
  `built ${
    Object.keys(build.files).length
  } files into ${fresh.islandsBuildDir} (build ${build.buildId})`,
);
