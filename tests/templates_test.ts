/**
 * The workflow templates in static/examples (n8n, Make, curl) only use
 * URLs, methods and body fields that exist in the OpenAPI document.
 */
import assert from "node:assert/strict";
import { buildOpenApi } from "../lib/openapi/build_openapi.ts";
import manifest from "../fresh.gen.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";

const dir = new URL("../static/examples/", import.meta.url);
const doc = buildOpenApi(manifest, "https://pm3k.org") as {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content: Record<string, { schema: Schema }> } }
    >
  >;
};
interface Schema {
  properties?: Record<string, unknown>;
  oneOf?: Schema[];
}

interface Call {
  where: string;
  method: string;
  path: string;
  bodyKeys: string[];
  /** Fields of a multipart form body (curl's `-F name=...`). */
  formKeys?: string[];
}

function operationFor(method: string, path: string) {
  // A static path first: /api/uploads/from_url, not /api/uploads/{id}.
  const exact = doc.paths[path]?.[method.toLowerCase()];
  if (exact) return exact;
  for (const [template, ops] of Object.entries(doc.paths)) {
    const re = new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`);
    if (re.test(path)) return ops[method.toLowerCase()];
  }
  return undefined;
}

function allowedKeys(
  op: NonNullable<ReturnType<typeof operationFor>>,
  mediaType = "application/json",
): Set<string> {
  const schema = op.requestBody?.content[mediaType]?.schema;
  const schemas = schema?.oneOf ?? (schema ? [schema] : []);
  return new Set(schemas.flatMap((s) => Object.keys(s.properties ?? {})));
}

/** Template expressions ({{ ... }}) become plain strings so the JSON parses. */
/**
 * The keys of the object an n8n expression body builds, `={{ { "a": .. } }}`
 * (an object, not a JSON text with values pasted in, so that quotes and new
 * lines in a caption stay valid JSON).
 */
function expressionObjectKeys(expression: string): string[] {
  const inner = /^=\{\{\s*\{(.*)\}\s*\}\}$/s.exec(expression)?.[1];
  assert.ok(inner, `not an object expression: ${expression}`);
  return [...inner.matchAll(/"([^"]+)"\s*:/g)].map((m) => m[1]);
}

function parseTemplatedJson(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(/^=/, "").replace(/\{\{[^}]*\}\}/g, "x"));
}

function checkCalls(calls: Call[]) {
  assert.ok(calls.length > 0);
  for (const c of calls) {
    const op = operationFor(c.method, c.path);
    assert.ok(
      op,
      `${c.where}: ${c.method} ${c.path} is not in the OpenAPI document`,
    );
    const allowed = allowedKeys(op);
    for (const key of c.bodyKeys) {
      assert.ok(
        allowed.has(key),
        `${c.where}: body field "${key}" is not in ${c.method} ${c.path}`,
      );
    }
    const formFields = allowedKeys(op, "multipart/form-data");
    for (const key of c.formKeys ?? []) {
      assert.ok(
        formFields.has(key),
        `${c.where}: form field "${key}" is not in ${c.method} ${c.path}`,
      );
    }
  }
}

Deno.test("the n8n workflow uses only documented calls and is a well-formed workflow", async () => {
  const wf = JSON.parse(
    await Deno.readTextFile(new URL("n8n-direct-post.json", dir)),
  );
  const names = wf.nodes.map((n: { name: string }) => n.name);
  assert.equal(new Set(names).size, names.length, "unique node names");
  assert.equal(
    new Set(wf.nodes.map((n: { id: string }) => n.id)).size,
    names.length,
    "unique ids",
  );
  for (
    const [from, out] of Object.entries(
      wf.connections as Record<string, { main: { node: string }[][] }>,
    )
  ) {
    assert.ok(names.includes(from), from);
    for (const branch of out.main) {
      for (const edge of branch) {
        assert.ok(names.includes(edge.node), edge.node);
      }
    }
  }
  const calls: Call[] = wf.nodes
    .filter((n: { type: string }) => n.type === "n8n-nodes-base.httpRequest")
    .map((
      n: {
        name: string;
        parameters: { method: string; url: string; jsonBody: string };
      },
    ) => ({
      where: `n8n node "${n.name}"`,
      method: n.parameters.method,
      path: new URL(n.parameters.url).pathname,
      bodyKeys: expressionObjectKeys(n.parameters.jsonBody),
    }));
  checkCalls(calls);
  assert.deepEqual(calls.map((c) => c.path), [
    "/api/tiktok/direct_post",
    "/api/tiktok/status",
  ]);
  assert.deepEqual(calls.map((c) => c.bodyKeys), [
    ["source_url", "title"],
    ["publish_id"],
  ]);
  // The n8n pattern (docs/workflows.md#the-n8n-pattern): IF ok right after
  // the post, with an error branch.
  assert.deepEqual(
    wf.connections["Create TikTok post"].main[0][0].node,
    "IF ok",
  );
  assert.equal(wf.connections["IF ok"].main[1][0].node, "Log error and stop");
  // Its step 3: the status loop waits and repeats up to a max attempts
  // limit: "pending" loops back only while State? has run fewer than 40
  // times ($runIndex counts from 0); then the flow stops with a message.
  type Rule = {
    outputKey: string;
    conditions: {
      conditions: {
        leftValue: string;
        rightValue: unknown;
        operator: { operation: string };
      }[];
    };
  };
  const state = wf.nodes.find((n: { name: string }) => n.name === "State?");
  const rules: Rule[] = state.parameters.rules.values;
  assert.deepEqual(rules.map((r) => r.outputKey), [
    "done",
    "failed",
    "pending",
    "still pending",
  ]);
  const bound = rules[2].conditions.conditions.find((c) =>
    c.leftValue.includes("$runIndex")
  );
  assert.deepEqual([bound?.operator.operation, bound?.rightValue], ["lt", 39]);
  const outs = wf.connections["State?"].main.map((b: { node: string }[]) =>
    b[0].node
  );
  assert.deepEqual(outs, [
    "Posted",
    "Publish failed",
    "Wait",
    "Still pending after 10 minutes",
    "Log error and stop",
  ]);
});

Deno.test("the Make blueprint uses only documented calls", async () => {
  const bp = JSON.parse(
    await Deno.readTextFile(new URL("make-direct-post.json", dir)),
  );
  const calls: Call[] = [];
  const walk = (flow: Record<string, unknown>[]) => {
    for (const m of flow) {
      if (m.module === "http:ActionSendData") {
        const mapper = m.mapper as {
          url: string;
          method: string;
          data: string;
        };
        calls.push({
          where: `Make module ${m.id}`,
          method: mapper.method.toUpperCase(),
          path: new URL(mapper.url).pathname,
          bodyKeys: Object.keys(parseTemplatedJson(mapper.data)),
        });
      }
      for (
        const r
          of (m.routes as { flow: Record<string, unknown>[] }[] | undefined) ??
            []
      ) walk(r.flow);
    }
  };
  walk(bp.flow);
  checkCalls(calls);
});

Deno.test("the curl scripts use only documented calls", async () => {
  const scripts = ["post.sh", "schedule.sh", "upload.sh", "upload-url.sh"];
  const paths: string[] = [];
  for (const script of scripts) {
    const text = await Deno.readTextFile(new URL(script, dir));
    const joined = text.replace(/\\\n\s*/g, " ");
    const calls: Call[] = [];
    for (
      const m of joined.matchAll(
        /curl -sS -X (\w+) "\$PM3K_BASE_URL(\/api\/[^"?]+)[^"]*"(.*)/g,
      )
    ) {
      const body = /-d "(.*)"/.exec(m[3])?.[1] ?? "";
      calls.push({
        where: script,
        method: m[1],
        path: m[2].replace(/\$\w+/g, "x"),
        bodyKeys: [...body.matchAll(/\\"(\w+)\\":/g)].map((k) => k[1]),
        formKeys: [...m[3].matchAll(/-F "(\w+)=/g)].map((k) => k[1]),
      });
    }
    checkCalls(calls);
    paths.push(...calls.map((c) => `${script} ${c.method} ${c.path}`));
  }
  // The upload scripts send the file in one request, or its URL.
  assert.ok(paths.includes("upload.sh POST /api/uploads"), paths.join());
  assert.ok(
    paths.includes("upload-url.sh POST /api/uploads/from_url"),
    paths.join(),
  );
});

Deno.test("every template is linked from the dashboard and from /docs, and the links serve it", async () => {
  const server = await startTestServer();
  try {
    const templates = [];
    for await (const e of Deno.readDir(dir)) templates.push(e.name);
    const { jar } = await signIn(server, "templates_reader", "free");
    const pages = {
      dashboard: await (await visit(jar, `${server.url}/dashboard`)).text(),
      docs: await (await fetch(`${server.url}/docs`)).text(),
    };
    for (const name of templates.sort()) {
      const href = `/static/examples/${name}`;
      for (const [page, html] of Object.entries(pages)) {
        assert.ok(html.includes(`href="${href}"`), `${page} links ${name}`);
      }
      const res = await fetch(`${server.url}${href}`);
      assert.equal(res.status, 200, href);
      assert.equal(
        await res.text(),
        await Deno.readTextFile(new URL(name, dir)),
        `${href} serves the file`,
      );
    }
    assert.equal(templates.length, 6);
  } finally {
    await server.close();
  }
});
