/**
 * README stays short and every link into docs/ resolves: README's and the
 * docs pages' relative links, and the `docs/<page>.md#<anchor>` citations
 * that code comments use instead of documents the repository does not hold.
 */
import assert from "node:assert/strict";
import {
  docsCitations,
  headingAnchors,
  headingSlug,
  relativeLinks,
} from "./_helpers/markdown_links.ts";
import type { FoundLink } from "./_helpers/markdown_links.ts";

const ROOT = new URL("../", import.meta.url);
const SOURCE_DIRS = [
  "lib",
  "routes",
  "sandbox",
  "islands",
  "components",
  "tasks",
  "tests",
  "integrations",
  "clients",
];
const README_MAX_LINES = 200;

const read = (path: string) => Deno.readTextFile(new URL(path, ROOT));

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(new URL(path, ROOT));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = `${dir}/${entry.name}`;
    // Installed packages and build output of the Node packages are not ours.
    if (entry.isDirectory && /^(node_modules|dist)$/.test(entry.name)) continue;
    if (entry.isDirectory) yield* filesUnder(path);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield path;
  }
}

/**
 * What is wrong with a link written in `from` (a project path, "" for the
 * root, whence code cites docs/), or null; `shownAs` names where it was.
 */
async function brokenLink(
  from: string,
  link: FoundLink,
  shownAs = from,
): Promise<string | null> {
  const [path, anchor] = link.target.split("#");
  const base = new URL(from, ROOT);
  const dest = path ? new URL(path, base) : base;
  const rel = dest.pathname.slice(ROOT.pathname.length);
  const at = `${shownAs}:${link.line}`;
  if (!await exists(rel)) return `${at}: no file ${link.target}`;
  if (anchor && rel.endsWith(".md")) {
    if (!headingAnchors(await read(rel)).has(anchor)) {
      return `${at}: no heading #${anchor} in ${rel}`;
    }
  }
  return null;
}

Deno.test("headings get GitHub's anchors and repeated headings are numbered", () => {
  assert.equal(
    headingSlug("`POST /api/tiktok/status` limits"),
    "post-apitiktokstatus-limits",
  );
  assert.equal(headingSlug("Order of checks"), "order-of-checks");
  const anchors = headingAnchors(
    "# Media\n## Photo Mode\n```sh\n# not a heading\n```\n## Photo Mode\n",
  );
  assert.deepEqual([...anchors], ["media", "photo-mode", "photo-mode-1"]);
});

Deno.test("a missing page or heading is reported with where it was cited", async () => {
  // Joined at run time, so the scan of this very file does not find them.
  const comment = [
    "// see docs",
    "api.md#no-such-heading and docs",
    "nowhere.md",
  ]
    .join("/");
  const problems = [];
  for (const link of docsCitations(comment)) {
    problems.push(await brokenLink("", link, "lib/example.ts"));
  }
  assert.deepEqual(problems, [
    `lib/example.ts:1: no heading #no-such-heading in ${"docs"}/api.md`,
    `lib/example.ts:1: no file ${"docs"}/nowhere.md`,
  ]);
});

Deno.test(`README.md is at most ${README_MAX_LINES} lines`, async () => {
  const lines = (await read("README.md")).trimEnd().split("\n").length;
  assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines`);
});

Deno.test("every relative link in README.md and docs/ reaches a file and heading", async () => {
  const pages = ["README.md"];
  for await (const entry of Deno.readDir(new URL("docs/", ROOT))) {
    if (entry.name.endsWith(".md")) pages.push(`docs/${entry.name}`);
  }
  const broken = [];
  let checked = 0;
  for (const page of pages) {
    for (const link of relativeLinks(await read(page))) {
      checked++;
      const problem = await brokenLink(page, link);
      if (problem) broken.push(problem);
    }
  }
  assert.ok(checked > 0, "no links found: the scan is broken");
  assert.deepEqual(broken, []);
});

Deno.test("every docs/ page and heading cited in code exists", async () => {
  const broken = [];
  let checked = 0;
  for (const dir of SOURCE_DIRS) {
    for await (const file of filesUnder(dir)) {
      for (const link of docsCitations(await read(file))) {
        checked++;
        const problem = await brokenLink("", link, file);
        if (problem) broken.push(problem);
      }
    }
  }
  assert.ok(checked > 0, "no citations found: the scan is broken");
  assert.deepEqual(broken, []);
});

Deno.test("no page of README.md or docs/ keeps a merge conflict marker", async () => {
  const pages = ["README.md"];
  for await (const entry of Deno.readDir(new URL("docs/", ROOT))) {
    if (entry.name.endsWith(".md")) pages.push(`docs/${entry.name}`);
  }
  const marked: string[] = [];
  for (const page of pages) {
    const lines = (await read(page)).split("\n");
    lines.forEach((line, i) => {
      // fmt may indent a marker or fold it into a table row.
      if (/^\s*(\|\s*)?(<{7}|={7}|>{7})(\s|$)/.test(line)) {
        marked.push(`${page}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(marked, []);
});
