/**
 * No import cycles among the project's own modules (lib/, routes/,
 * islands/, components/, sandbox/, tasks/, tests/ and the entry files).
 * The cycle finder is proven on small graphs first, so the real run's
 * "none" means something.
 */
import assert from "node:assert/strict";
import {
  describeCycle,
  importCycles,
  projectImportGraph,
} from "./_helpers/import_cycles.ts";
import type { ImportGraph } from "./_helpers/import_cycles.ts";

const projectDir = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

const RECORD = /_record\.ts$/;

// One `deno info` run serves every test of the real graph.
let graphOnce: Promise<ImportGraph> | undefined;
const projectGraph = () => graphOnce ??= projectImportGraph(projectDir);

/**
 * Imports that break "records import only records; kv_keys.ts only
 * records", as `from → to`.
 */
function recordLayerBreaks(
  graph: ImportGraph,
  allowed: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  for (const [from, imports] of graph) {
    if (!RECORD.test(from) && from !== "lib/kv_keys.ts") continue;
    for (const to of imports) {
      if (!RECORD.test(to) && !allowed.has(to)) out.push(`${from} → ${to}`);
    }
  }
  return out.sort();
}

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(Object.entries(edges));
}

Deno.test("the cycle finder reports no cycle in a layered graph", () => {
  const graph = graphOf({
    "main.ts": ["lib/http/create_app.ts", "lib/kv_keys.ts"],
    "lib/http/create_app.ts": ["lib/kv_keys.ts", "lib/posting/post_record.ts"],
    "lib/kv_keys.ts": ["lib/posting/post_record.ts"],
    "lib/posting/post_record.ts": [],
  });
  assert.deepEqual(importCycles(graph), []);
});

Deno.test("the cycle finder reports a circle through a key catalogue, with its loop", () => {
  const graph = graphOf({
    "lib/kv_keys.ts": ["lib/jobs/job_record.ts"],
    "lib/jobs/job_record.ts": ["lib/posting/direct_post.ts"],
    "lib/posting/direct_post.ts": ["lib/kv_keys.ts", "lib/errors.ts"],
    "lib/errors.ts": [],
    "main.ts": ["lib/posting/direct_post.ts"],
  });
  const cycles = importCycles(graph);
  assert.deepEqual(cycles, [[
    "lib/jobs/job_record.ts",
    "lib/kv_keys.ts",
    "lib/posting/direct_post.ts",
  ]]);
  assert.equal(
    describeCycle(graph, cycles[0]),
    "lib/jobs/job_record.ts → lib/posting/direct_post.ts → lib/kv_keys.ts → lib/jobs/job_record.ts",
  );
});

Deno.test("the cycle finder reports two modules importing each other, and a self-import", () => {
  const graph = graphOf({
    "fresh.gen.ts": ["routes/api/openapi.json.ts"],
    "routes/api/openapi.json.ts": ["fresh.gen.ts"],
    "lib/loop.ts": ["lib/loop.ts"],
    "lib/alone.ts": [],
  });
  const cycles = importCycles(graph);
  assert.deepEqual(cycles, [
    ["fresh.gen.ts", "routes/api/openapi.json.ts"],
    ["lib/loop.ts"],
  ]);
  assert.equal(
    describeCycle(graph, cycles[0]),
    "fresh.gen.ts → routes/api/openapi.json.ts → fresh.gen.ts",
  );
  assert.equal(describeCycle(graph, cycles[1]), "lib/loop.ts → lib/loop.ts");
});

Deno.test("the record rule flags a record or kv_keys.ts importing a non-record", () => {
  const graph = graphOf({
    "lib/kv_keys.ts": [
      "lib/jobs/job_record.ts",
      "lib/posting/idempotency.ts",
    ],
    "lib/jobs/job_record.ts": [
      "lib/posting/direct_post_input_record.ts",
      "lib/posting/direct_post.ts",
    ],
    "lib/posting/direct_post_input_record.ts": [],
    "lib/posting/direct_post.ts": ["lib/kv_keys.ts"],
    "lib/posting/idempotency.ts": ["lib/kv_keys.ts"],
  });
  assert.deepEqual(recordLayerBreaks(graph), [
    "lib/jobs/job_record.ts → lib/posting/direct_post.ts",
    "lib/kv_keys.ts → lib/posting/idempotency.ts",
  ]);
});

Deno.test("the project's own modules import each other in no cycle", async () => {
  const graph = await projectGraph();
  // The graph really is the project's, type-only imports included.
  assert.ok(graph.get("main.ts")?.includes("fresh.gen.ts"));
  assert.ok(graph.get("lib/kv_keys.ts")?.includes("lib/jobs/job_record.ts"));
  assert.ok(graph.has("tests/_helpers/test_server.ts"));
  const cycles = importCycles(graph);
  assert.deepEqual(
    cycles.map((cycle) =>
      `${cycle.length} files: ${describeCycle(graph, cycle)}\n  ${
        cycle.join("\n  ")
      }`
    ),
    [],
  );
});

// The TikTok simulator's keys are still listed in kv_keys.ts; they move to
// sandbox/ (issue 13 §3), and with them this allowance.
const SANDBOX_RECORDS_IN_KV_KEYS = new Set([
  "sandbox/tiktok/sandbox_records.ts",
]);

Deno.test("records import only records, and kv_keys.ts imports only records", async () => {
  const graph = await projectGraph();
  const records = [...graph.keys()].filter((f) => RECORD.test(f));
  assert.ok(records.includes("lib/jobs/job_record.ts"));
  assert.deepEqual(
    recordLayerBreaks(graph, SANDBOX_RECORDS_IN_KV_KEYS),
    [],
  );
});
