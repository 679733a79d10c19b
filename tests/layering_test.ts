/**
 * Layers point downward (docs/architecture.md#layers): routes → domain
 * (lib/) → KV, storage, TikTok client. Here: routes reach KV and storage
 * only through the domain (they import no KV or storage module and touch
 * no KV handle), lib/ imports neither routes/ nor islands/, and the domain
 * imports no HTTP module: only the HTTP surfaces import lib/http/
 * ({@link HTTP_SURFACE}). No import cycles at all:
 * tests/import_cycles_test.ts. The rules are proven on small graphs first,
 * so the real run's "none" means something.
 */
import assert from "node:assert/strict";
import { projectImportGraph } from "./_helpers/import_cycles.ts";
import type { ImportGraph } from "./_helpers/import_cycles.ts";

const projectDir = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * The KV layer: the key catalogue and the KV helpers
 * (docs/architecture.md#dependencies), every `kv_*.ts` or `*_kv.ts`.
 */
const KV_MODULE =
  /^lib\/(.*\/)?(kv_[^/]*|[^/]*_kv)\.ts$|^lib\/runtime\/(claim_due|drain_due)\.ts$/;

/** The storage layer: the adapters and what they share, `lib/storage/`. */
const STORAGE_MODULE = /^lib\/storage\//;

/**
 * A route reaching the KV handle: `deps.kv`, `c.get("deps").kv`, or taking
 * it apart (`const { kv, clock } = deps`).
 */
const KV_HANDLE = /\.\s*kv\b|[{,]\s*kv\s*[,}]/;

/** The HTTP layer: the framework, its adapters and JSON builders. */
const HTTP_MODULE = /^lib\/http\//;

/**
 * What may import the HTTP layer inside lib/: the HTTP layer itself (the
 * OpenAPI document in lib/http/openapi/ included), the MCP endpoint (a
 * second HTTP surface, docs/architecture.md#layers), and audit-check's
 * composer, rendered from the API's creator_info JSON as the browser gets
 * it.
 */
const HTTP_SURFACE =
  /^lib\/(http|mcp)\/|^lib\/tiktok_app\/composer_check\.tsx$/;

/** Imports that point up or skip the domain, as `from → to`. */
function layerBreaks(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph) {
    for (const to of imports) {
      const routeToKv = from.startsWith("routes/") &&
        (KV_MODULE.test(to) || STORAGE_MODULE.test(to));
      const libUpward = from.startsWith("lib/") &&
        (to.startsWith("routes/") || to.startsWith("islands/"));
      const domainToHttp = from.startsWith("lib/") &&
        !HTTP_SURFACE.test(from) && HTTP_MODULE.test(to);
      if (routeToKv || libUpward || domainToHttp) {
        out.push(`${from} → ${to}`);
      }
    }
  }
  return out.sort();
}

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(Object.entries(edges));
}

Deno.test("the layer rule flags a route importing a KV or storage module, lib/ importing a route or an island, and the domain importing lib/http/", () => {
  const graph = graphOf({
    "routes/dashboard/posts.tsx": [
      "lib/kv_keys.ts",
      "lib/jobs/scheduled_media.ts",
      "islands/PostsTable.tsx",
    ],
    "routes/api/jobs.ts": ["lib/runtime/claim_due.ts", "lib/admin/admin_kv.ts"],
    "routes/healthz.ts": ["lib/kv_entry_cache.ts", "lib/errors.ts"],
    "routes/files/[...path].ts": [
      "lib/storage/local_storage.ts",
      "lib/http/file_serving.ts",
    ],
    "lib/media/live_uploads.ts": ["lib/storage/local_storage.ts"],
    "lib/jobs/scheduled_media.ts": ["lib/kv_keys.ts"],
    "lib/http/page_render.ts": ["components/number_text.ts"],
    "lib/posting/post_list.ts": ["routes/dashboard/posts.tsx"],
    "lib/islands/island_props.ts": ["islands/PostsTable.tsx"],
    "lib/site/data_kept.ts": ["lib/http/account_notice.ts"],
    "lib/media/typed_object.ts": ["lib/http/declared_body_type.ts"],
    "lib/http/file_serving.ts": ["lib/http/byte_range.ts", "lib/errors.ts"],
    "lib/mcp/mcp_tools.ts": ["lib/http/api_schemas.ts"],
    "lib/http/openapi/route_docs.ts": ["lib/http/app_types.ts"],
    "lib/tiktok_app/composer_check.tsx": ["lib/http/creator_info_json.ts"],
    "lib/tiktok_app/app_review_check.ts": ["lib/http/create_app.ts"],
    "lib/httpx/other.ts": ["lib/http/app_types.ts"],
  });
  assert.deepEqual(layerBreaks(graph), [
    "lib/httpx/other.ts → lib/http/app_types.ts",
    "lib/islands/island_props.ts → islands/PostsTable.tsx",
    "lib/media/typed_object.ts → lib/http/declared_body_type.ts",
    "lib/posting/post_list.ts → routes/dashboard/posts.tsx",
    "lib/site/data_kept.ts → lib/http/account_notice.ts",
    "lib/tiktok_app/app_review_check.ts → lib/http/create_app.ts",
    "routes/api/jobs.ts → lib/admin/admin_kv.ts",
    "routes/api/jobs.ts → lib/runtime/claim_due.ts",
    "routes/dashboard/posts.tsx → lib/kv_keys.ts",
    "routes/files/[...path].ts → lib/storage/local_storage.ts",
    "routes/healthz.ts → lib/kv_entry_cache.ts",
  ]);
});

Deno.test("the KV handle rule sees a route reading or passing deps.kv, not words that merely say kv", () => {
  for (
    const call of [
      "await deps.kv.get(keys.jobCalendar(openId))",
      "c.get('deps').kv.getMany<[A, B]>([a, b])",
      'const { kv } = c.get("deps");',
      "const { clock, kv, storage } = deps;",
      "deps.kv .list({ prefix })",
      "await getTyped(deps.kv, keys.jobCalendar(account.openId))",
    ]
  ) assert.match(call, KV_HANDLE, call);
  for (
    const text of [
      "// the kv entry is read by the domain",
      "const kvGet = getTyped;",
      "await accountJobsWaitingCount(deps, account.openId)",
      "return { kv: kvState, storage };",
      "deps.kvState",
    ]
  ) assert.doesNotMatch(text, KV_HANDLE, text);
});

Deno.test("routes import no KV or storage module, lib/ imports no route or island, and the domain no HTTP module", async () => {
  const graph = await projectImportGraph(projectDir);
  // The graph really is the project's, routes and islands included.
  assert.ok(graph.get("routes/dashboard/posts.tsx")?.length);
  assert.ok(graph.has("islands/PostsTable.tsx"));
  assert.ok(
    graph.get("lib/jobs/scheduled_media.ts")?.includes("lib/kv_keys.ts"),
  );
  assert.deepEqual(layerBreaks(graph), []);
});

Deno.test("routes touch no KV handle: they read and write through the domain", async () => {
  const calls: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(`${projectDir}/${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        const lines = (await Deno.readTextFile(`${projectDir}/${path}`))
          .split("\n");
        lines.forEach((line, i) => {
          if (KV_HANDLE.test(line)) {
            calls.push(`${path}:${i + 1}: ${line.trim()}`);
          }
        });
      }
    }
  };
  await walk("routes");
  assert.deepEqual(calls, []);
});
