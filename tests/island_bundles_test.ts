/**
 * The islands take the API's response types from lib/http/api_responses.ts,
 * a module that builds zod schemas. They must import those types only
 * (`import type`): one value import would put zod, some 450 KB, into the
 * browser bundles.
 */
import assert from "node:assert/strict";
import { bundleIslands, islandFileUrls } from "../lib/islands/island_assets.ts";
import type { IslandBuild } from "../lib/islands/island_assets.ts";
import manifest from "../fresh.gen.ts";

/** Files of a build that carry zod's runtime (its base class name). */
function filesWithZod(build: IslandBuild): string[] {
  const decoder = new TextDecoder();
  return Object.entries(build.files)
    .filter(([, bytes]) => decoder.decode(bytes).includes("$ZodType"))
    .map(([name]) => name)
    .sort();
}

Deno.test("a bundle that imports zod is recognised as carrying it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-zod-probe-" });
  try {
    await Deno.writeTextFile(
      `${dir}/probe.ts`,
      'import { z } from "zod";\nexport const ok = z.string().safeParse("x");\n',
    );
    const build = await bundleIslands([`file://${dir}/probe.ts`]);
    assert.equal(filesWithZod(build).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the island bundles carry no zod: response types cross as types only", async () => {
  const build = await bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  assert.ok(build.files["islands/PostCard.js"]);
  assert.deepEqual(filesWithZod(build), []);
});

Deno.test("every island imports the shared helpers through components/shared_chunk.ts", async () => {
  // An island that does not would reach them by another set of islands,
  // and the bundler would split the one shared chunk into many again.
  const missing: string[] = [];
  for (const specifier of Object.keys(manifest.islands)) {
    const source = await Deno.readTextFile(
      new URL(specifier, manifest.baseUrl),
    );
    if (!source.includes('from "../components/shared_chunk.ts"')) {
      missing.push(specifier);
    }
  }
  assert.deepEqual(missing, []);
});

/** docs/dashboard.md#budget: all dashboard JavaScript, gzipped, at most. */
const DASHBOARD_JS_BUDGET_BYTES = 40 * 1024;

async function gzippedSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

Deno.test("all dashboard JavaScript together stays within 40 KB gzipped", async () => {
  const build = await bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  let total = 0;
  for (const bytes of Object.values(build.files)) {
    total += await gzippedSize(bytes);
  }
  assert.ok(total > 1_000, `the build has code: ${total} bytes`);
  assert.ok(
    total <= DASHBOARD_JS_BUDGET_BYTES,
    `dashboard JavaScript is ${total} bytes gzipped, over the ${DASHBOARD_JS_BUDGET_BYTES}-byte budget`,
  );
  console.log(`dashboard JavaScript: ${total} bytes gzipped`);
});
