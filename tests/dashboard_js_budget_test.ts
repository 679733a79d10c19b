/**
 * All the dashboard's JavaScript (the boot script, every island and their
 * shared chunks) stays within 40 KB gzipped in total, as the issue sets.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { bundleIslands, islandFileUrls } from "../lib/islands/island_assets.ts";
import manifest from "../fresh.gen.ts";

const BUDGET_BYTES = 40 * 1024;

Deno.test("the dashboard's JavaScript is at most 40 KB gzipped in total", async () => {
  const build = await bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  const sizes = Object.entries(build.files)
    .filter(([name]) => name.endsWith(".js"))
    .map(([name, bytes]) => [name, gzipSync(bytes).length] as const);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  console.log(
    `dashboard JS: ${
      (total / 1024).toFixed(1)
    } KB gzipped in ${sizes.length} files`,
  );
  assert.ok(
    total <= BUDGET_BYTES,
    `${total} bytes gzipped:\n${
      sizes.sort((a, b) => b[1] - a[1]).map(([n, s]) => `${n} ${s}`).join("\n")
    }`,
  );
});
