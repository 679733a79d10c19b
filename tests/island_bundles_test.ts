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

/** Files of a build whose code `carries` accepts. */
function filesWhere(
  build: IslandBuild,
  carries: (code: string) => boolean,
): string[] {
  const decoder = new TextDecoder();
  return Object.entries(build.files)
    .filter(([, bytes]) => carries(decoder.decode(bytes)))
    .map(([name]) => name)
    .sort();
}

/** The build of one module whose code is `source`. */
async function probeBuild(source: string): Promise<IslandBuild> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-bundle-probe-" });
  try {
    await Deno.writeTextFile(`${dir}/probe.ts`, source);
    return await bundleIslands([`file://${dir}/probe.ts`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The build of every island of the manifest. */
async function islandsBuild(): Promise<IslandBuild> {
  const build = await bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  assert.ok(build.files["islands/PostCard.js"]);
  return build;
}

/** Code carrying zod's runtime (its base class name). */
const hasZod = (code: string) => code.includes("$ZodType");

Deno.test("a bundle that imports zod is recognised as carrying it", async () => {
  const build = await probeBuild(
    'import { z } from "zod";\nexport const ok = z.string().safeParse("x");\n',
  );
  assert.equal(filesWhere(build, hasZod).length, 1);
});

Deno.test("the island bundles carry no zod: response types cross as types only", async () => {
  assert.deepEqual(filesWhere(await islandsBuild(), hasZod), []);
});

/**
 * Code importing a Deno or Node built-in (`node:crypto`): a browser cannot
 * load one, and the page's CSP blocks it as a script, so every island of
 * the page stops. A module islands import must keep such imports out
 * (lib/posting/same_media.ts, lib/posting/photos_digest.ts).
 */
const importsNode = (code: string) =>
  /(?:from|import)\s*\(?\s*["']node:/.test(code);

Deno.test("a bundle that imports node:crypto is recognised as importing a built-in", async () => {
  const build = await probeBuild(
    'import { createHash } from "node:crypto";\nexport const h = () => createHash("sha256");\n',
  );
  assert.equal(filesWhere(build, importsNode).length, 1);
});

Deno.test("the island bundles import no node: built-in, which the browser would refuse", async () => {
  assert.deepEqual(filesWhere(await islandsBuild(), importsNode), []);
});

/**
 * Whether an island's code imports components/shared_chunk.ts: in the
 * island file, or, for an island of a page's group (the file names its
 * component from `components/<page>/islands.ts`), in every module that
 * group module names.
 */
async function importsSharedChunk(fileUrl: URL): Promise<boolean> {
  const source = await Deno.readTextFile(fileUrl);
  if (source.includes('from "../components/shared_chunk.ts"')) return true;
  const group = source.match(/from "(\.\.\/components\/\w+\/islands\.ts)"/);
  if (!group) return false;
  const groupUrl = new URL(group[1], fileUrl);
  const members = [
    ...(await Deno.readTextFile(groupUrl)).matchAll(/from "(\.\/\w+\.tsx)"/g),
  ];
  if (members.length === 0) return false;
  for (const [, member] of members) {
    const code = await Deno.readTextFile(new URL(member, groupUrl));
    if (!code.includes('from "../shared_chunk.ts"')) return false;
  }
  return true;
}

Deno.test("every island imports the shared helpers through components/shared_chunk.ts", async () => {
  // An island that does not would reach them by another set of islands,
  // and the bundler would split the one shared chunk into many again.
  const missing: string[] = [];
  for (const specifier of Object.keys(manifest.islands)) {
    if (!await importsSharedChunk(new URL(specifier, manifest.baseUrl))) {
      missing.push(specifier);
    }
  }
  assert.deepEqual(missing, []);
});

/**
 * The islands a page always renders together, with a text only each
 * island's code holds (components/<page>/islands.ts).
 */
const PAGE_GROUPS: Record<string, Record<string, string>> = {
  "/dashboard": {
    JobsList: "Nothing scheduled.",
    PostCard: "post-is_ad",
    PostsList: "Nothing posted yet.",
    UploadCard: "Copy URL",
  },
  "/dashboard/settings": {
    ApiKeyCard: "Regenerate key",
    DomainsCard: "Add domain",
    WebhookCard: "Send test event",
  },
};

Deno.test("the islands of one page are one chunk, shared by no other page", async () => {
  // docs/dashboard.md#budget: a page's islands name their code from one
  // module, so the build has one chunk for them, which only they import.
  const build = await bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  const text = (name: string) => new TextDecoder().decode(build.files[name]);
  const chunksOf = (name: string) =>
    [...text(name).matchAll(/"\.\.\/(chunk-\w+\.js)"/g)].map((m) => m[1]);
  for (const [path, group] of Object.entries(PAGE_GROUPS)) {
    const page = Object.keys(group);
    const [first, ...rest] = page.map((n) => chunksOf(`islands/${n}.js`));
    for (const chunks of rest) assert.deepEqual(chunks, first, path);
    const own = first.filter((chunk) =>
      Object.keys(build.files).every((name) =>
        !name.startsWith("islands/") ||
        page.some((n) => name === `islands/${n}.js`) ||
        !chunksOf(name).includes(chunk)
      )
    );
    assert.equal(own.length, 1, `${path}'s chunks: ${first.join(", ")}`);
    for (const [island, words] of Object.entries(group)) {
      assert.ok(text(own[0]).includes(words), `${island}'s code in ${path}'s`);
    }
  }
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
