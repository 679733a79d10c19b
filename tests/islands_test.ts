/**
 * The islands layer: committed manifest, markers with JSON props, no script
 * on island-free pages, hashed bundles with long cache headers, loud
 * failures for props that cannot cross to the browser.
 */
import assert from "node:assert/strict";
import { h } from "preact";
import { generateManifest } from "../lib/manifest/generate_manifest.ts";
import {
  registerIslands,
  renderDocument,
} from "../lib/islands/island_render.tsx";
import type { AnyVNode } from "../lib/islands/island_render.tsx";
import { IslandPropsError } from "../lib/islands/serialise_props.ts";
import {
  bundleIslands,
  islandFileUrls,
  readBuild,
  writeBuild,
} from "../lib/islands/island_assets.ts";
import type { IslandAssets } from "../lib/islands/island_assets.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import fresh from "../fresh.config.ts";
import manifest from "../fresh.gen.ts";

const projectDir = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

Deno.test("the committed manifest matches the routes and islands on disk (run `deno task manifest`)", async () => {
  const committed = await Deno.readTextFile(
    `${projectDir}/${fresh.manifestFile}`,
  );
  assert.equal(committed, await generateManifest(projectDir));
});

Deno.test("a page without islands ships no script", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/`);
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /modulepreload/);
  } finally {
    await server.close();
  }
});

Deno.test("a page with an island gets a marker, its JSON props and one nonce'd module script", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "island_user", "monthly");
    // Settings: the page whose first island is the API key card.
    const res = await visit(jar, `${server.url}/dashboard/settings`);
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(
      res.headers.get("content-security-policy") ?? "",
    )?.[1];
    assert.ok(nonce, "CSP carries a nonce");
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.equal(
      scripts.length,
      3,
      "a JSON state script, the page's words and one module script",
    );
    assert.match(
      scripts[0],
      /type="application\/json" id="__PM3K_STATE_[0-9a-f-]{36}"/,
    );
    assert.match(scripts[1], /type="application\/json" id="pm3k-page-words"/);
    assert.match(
      scripts[2],
      new RegExp(`type="module" nonce="${nonce.replace(/[+/=]/g, "\\$&")}"`),
    );
    assert.match(html, /<pm3k-island data-island="ApiKeyCard" data-props="0">/);
    const state =
      /<script type="application\/json" id="[^"]+">(.*?)<\/script>/.exec(
        html,
      )![1];
    const props = JSON.parse(state);
    assert.deepEqual(props[0], {
      hasKey: false,
      expiresAt: null,
    });
    // Its card, heading and how a key is sent are the page's, no island's.
    assert.match(html, /Keys on\s+your plan live 180 days\./);
    const markers = [
      ...html.matchAll(/<pm3k-island data-island="(\w+)" data-props="(\d+)">/g),
    ].map((m) => [m[1], Number(m[2])] as const);
    assert.deepEqual(markers.map(([, i]) => i), markers.map((_, i) => i));
    assert.deepEqual(
      markers.map(([name]) => name),
      ["ApiKeyCard", "DomainsCard", "WebhookCard"],
    );
    assert.equal(props.length, markers.length);

    const bundle = /import\$0 from"([^"]+)"/.exec(html)?.[1] ??
      /import \$0 from "([^"]+)"/.exec(html)?.[1];
    assert.ok(bundle, "imports the island bundle");
    assert.match(
      bundle,
      new RegExp(
        `^/_islands/${server.deps.islands.buildId}/islands/ApiKeyCard\\.js$`,
      ),
    );
    const js = await fetch(`${server.url}${bundle}`);
    assert.equal(js.status, 200);
    assert.equal(
      js.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/);
    const code = await js.text();
    assert.doesNotMatch(code, /Deno\./, "no server API in island bundles");
    // Every module the page loads, and every chunk they import, is served.
    const pending = [...html.matchAll(/from ?"(\/_islands\/[^"]+)"/g)].map((
      m,
    ) => m[1]);
    const seen = new Set<string>();
    while (pending.length > 0) {
      const path = pending.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const mod = await fetch(`${server.url}${path}`);
      assert.equal(mod.status, 200, `${path} is served`);
      const src = await mod.text();
      for (const m of src.matchAll(/from ?"(\.{1,2}\/[^"]+)"/g)) {
        pending.push(new URL(m[1], `http://x${path}`).pathname);
      }
    }
    assert.ok(seen.size >= 3, "boot, island and a shared chunk");
    const stale = await fetch(
      `${server.url}/_islands/0000000000000000/islands/ApiKeyCard.js`,
    );
    assert.equal(stale.status, 404);
    await stale.body?.cancel();
  } finally {
    await server.close();
  }
});

// A tiny island registered for the render-level checks below.
function Probe(props: { label?: unknown; [k: string]: unknown }) {
  return h("span", null, String(props.label ?? ""));
}
function Outer() {
  return h("div", null, h(Probe, { label: "inner" }));
}
registerIslands({
  "./islands/Probe.tsx": { default: Probe },
  "./islands/Outer.tsx": { default: Outer },
});
const fakeAssets: IslandAssets = {
  buildId: "test",
  url: (entry) => `/_islands/test/${entry}.js`,
  file: () => undefined,
};
const page = (child: AnyVNode) => h("html", null, h("body", null, child));

Deno.test("island props that JSON cannot carry fail loudly at render", () => {
  const bad: [string, unknown][] = [
    ["a function", () => 1],
    ["a class instance", new URL("https://x.example")],
    ["a Date", new Date()],
    ["a bigint", 1n],
    ["NaN", Number.NaN],
  ];
  for (const [what, value] of bad) {
    assert.throws(
      () =>
        renderDocument(page(h(Probe, { label: "x", value })), fakeAssets, "n"),
      IslandPropsError,
      what,
    );
  }
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.throws(
    () => renderDocument(page(h(Probe, { circular })), fakeAssets, "n"),
    /circular/,
  );
  assert.throws(
    () =>
      renderDocument(
        page(h(Probe, { label: "x" }, h("b", null, "child"))),
        fakeAssets,
        "n",
      ),
    /children/,
  );
});

Deno.test("island props are escaped so they cannot close the state script", () => {
  const { html } = renderDocument(
    page(h(Probe, { label: "</script><script>alert(1)</script>" })),
    fakeAssets,
    "n",
  );
  // The state script, the page's words (components/page_words.ts), the module.
  assert.equal(html.match(/<script/g)?.length, 3);
  assert.match(html, /\\u003c\/script\\u003e/);
});

Deno.test("an island inside an island renders as a plain component (one marker)", () => {
  const { html, islands } = renderDocument(page(h(Outer, {})), fakeAssets, "n");
  assert.deepEqual(islands, ["Outer"]);
  assert.equal(html.match(/<pm3k-island/g)?.length, 1);
  assert.match(html, /<span>inner<\/span>/);
});

Deno.test("a written island build reads back identical, for hosts that cannot bundle at start", async () => {
  const build = await bundleIslands(
    islandFileUrls(Object.keys(manifest.islands), manifest.baseUrl),
  );
  assert.ok(build.files["lib/islands/client_boot.js"]);
  assert.ok(build.files["islands/ApiKeyCard.js"]);
  const dir = await Deno.makeTempDir({ prefix: "pm3k-build-" });
  try {
    await writeBuild(build, `${dir}/islands`);
    const back = await readBuild(`${dir}/islands`);
    assert.equal(back?.buildId, build.buildId);
    assert.deepEqual(
      Object.keys(back!.files).sort(),
      Object.keys(build.files).sort(),
    );
    assert.equal(await readBuild(`${dir}/none`), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
