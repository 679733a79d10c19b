/**
 * The workflow templates in static/examples (n8n with the PM3K node or with
 * HTTP Request nodes, Make, curl) only use URLs, methods, query parameters,
 * media types and body fields that exist in the OpenAPI document, and
 * follow docs/workflows.md#templates: the file is uploaded first, the base
 * URL is set in one place, privacy is chosen.
 */
import assert from "node:assert/strict";
import { buildOpenApi } from "../lib/http/openapi/build_openapi.ts";
import manifest from "../fresh.gen.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { posterFor, publishAtTikTok } from "./_helpers/posting_setup.ts";
import { makeModules } from "./_helpers/make_flow.ts";

const dir = new URL("../static/examples/", import.meta.url);
interface Schema {
  properties?: Record<string, unknown>;
  oneOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
const doc = buildOpenApi(manifest, "https://pm3k.org", "PM3K") as {
  paths: Record<string, Record<string, Operation>>;
};

interface Call {
  where: string;
  method: string;
  path: string;
  bodyKeys: string[];
  /** The body's media type, when not JSON (a file, multipart). */
  mediaType?: string;
  queryKeys?: string[];
}

const PRIVACY_LEVELS = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
];

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

/** The document's media type covering `used`: itself or a `type/*` range. */
function documentedMediaType(op: Operation, used: string) {
  const content = op.requestBody?.content ?? {};
  const range = `${used.split("/")[0]}/*`;
  return [used, range, "*/*"].find((m) => m in content);
}

function allowedKeys(op: Operation, mediaType: string): Set<string> {
  const schema = op.requestBody?.content[mediaType]?.schema;
  const schemas = schema?.oneOf ?? (schema ? [schema] : []);
  return new Set(schemas.flatMap((s) => Object.keys(s.properties ?? {})));
}

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

/** Template expressions ({{ ... }}) become plain strings so the JSON parses. */
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
    if (c.bodyKeys.length > 0 || c.mediaType) {
      const used = c.mediaType ?? "application/json";
      const documented = documentedMediaType(op, used);
      assert.ok(
        documented,
        `${c.where}: ${c.method} ${c.path} takes no ${used} body`,
      );
      const allowed = allowedKeys(op, documented);
      for (const key of c.bodyKeys) {
        assert.ok(
          allowed.has(key),
          `${c.where}: body field "${key}" is not in ${c.method} ${c.path}`,
        );
      }
    }
    const query = new Set(
      (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
    );
    for (const key of c.queryKeys ?? []) {
      assert.ok(
        query.has(key),
        `${c.where}: query parameter "${key}" is not in ${c.method} ${c.path}`,
      );
    }
  }
}

interface N8nNode {
  id: string;
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  onError?: string;
}
interface N8nWorkflow {
  nodes: N8nNode[];
  connections: Record<string, { main: { node: string }[][] }>;
}

/** A template of static/examples, checked to be a well-formed workflow. */
async function n8nTemplate(name: string): Promise<N8nWorkflow> {
  const wf = JSON.parse(
    await Deno.readTextFile(new URL(name, dir)),
  ) as N8nWorkflow;
  const names = wf.nodes.map((n) => n.name);
  assert.equal(new Set(names).size, names.length, "unique node names");
  assert.equal(
    new Set(wf.nodes.map((n) => n.id)).size,
    names.length,
    "unique ids",
  );
  for (const [from, out] of Object.entries(wf.connections)) {
    assert.ok(names.includes(from), from);
    for (const branch of out.main) {
      for (const edge of branch) {
        assert.ok(names.includes(edge.node), edge.node);
      }
    }
  }
  return wf;
}

/** The nodes the first output of each leads to, from the trigger on. */
function mainPath(wf: N8nWorkflow): string[] {
  const path = [wf.nodes[0].name];
  for (;;) {
    const next = wf.connections[path.at(-1)!]?.main[0]?.[0]?.node;
    if (!next || path.includes(next)) return path;
    path.push(next);
  }
}

const nodeNamed = (wf: N8nWorkflow, name: string) =>
  wf.nodes.find((n) => n.name === name)!;

/** `name`'s second output, its error branch, leads to "Log error and stop". */
function assertErrorBranch(wf: N8nWorkflow, name: string) {
  assert.equal(
    wf.connections[name].main[1][0].node,
    "Log error and stop",
    name,
  );
}

/**
 * Every PM3K step in `pm3k` sends its refusals (PM3K's code and message)
 * to the one error branch.
 */
function assertPm3kErrorBranches(wf: N8nWorkflow, pm3k: N8nNode[]) {
  for (const n of pm3k) {
    assert.equal(n.onError, "continueErrorOutput", n.name);
    assertErrorBranch(wf, n.name);
  }
}

Deno.test("the n8n workflow with HTTP Request nodes uses only documented calls, uploads first, sets the base URL once and chooses privacy", async () => {
  const wf = await n8nTemplate("n8n-direct-post.json");
  const base = "={{ $('Settings').first().json.base_url }}";
  const calls: Call[] = wf.nodes
    .filter((n) => n.type === "n8n-nodes-base.httpRequest")
    .map((n) => {
      const p = n.parameters as {
        method: string;
        url: string;
        jsonBody?: string;
        contentType?: string;
        queryParameters?: { parameters: { name: string }[] };
      };
      assert.ok(p.url.startsWith(base), `${n.name}: URL from Settings`);
      return {
        where: `n8n node "${n.name}"`,
        method: p.method,
        path: p.url.slice(base.length),
        bodyKeys: p.jsonBody ? expressionObjectKeys(p.jsonBody) : [],
        // A binary body is sent with the file's own type: here a video.
        mediaType: p.contentType === "binaryData" ? "video/mp4" : undefined,
        queryKeys: p.queryParameters?.parameters.map((q) => q.name),
      };
    });
  checkCalls(calls);
  assert.deepEqual(calls.map((c) => c.path), [
    "/api/uploads",
    "/api/tiktok/direct_post",
    "/api/tiktok/status",
  ]);
  assert.deepEqual(calls.map((c) => c.bodyKeys), [
    [],
    ["source_url", "title", "privacy"],
    ["publish_id"],
  ]);
  assert.deepEqual(calls[0].queryKeys, ["filename"]);
  // The base URL is written once, in Settings, which also chooses privacy.
  const text = await Deno.readTextFile(new URL("n8n-direct-post.json", dir));
  assert.equal(text.split("https://pm3k.org").length - 1, 1);
  const settings = (nodeNamed(wf, "Settings").parameters.assignments as {
    assignments: { name: string; value: string }[];
  }).assignments;
  assert.deepEqual(settings.map((a) => a.name), [
    "base_url",
    "title",
    "privacy",
  ]);
  assert.ok(PRIVACY_LEVELS.includes(settings[2].value), settings[2].value);
  // The file comes first, then its upload, then the post.
  assert.deepEqual(mainPath(wf).slice(0, 6), [
    "Start",
    "Settings",
    "Video file",
    "Upload video",
    "IF uploaded",
    "Create TikTok post",
  ]);
  assertErrorBranch(wf, "IF uploaded");
  // The n8n pattern (docs/workflows.md#the-n8n-pattern): IF ok right after
  // the post, with an error branch.
  assert.deepEqual(
    wf.connections["Create TikTok post"].main[0][0].node,
    "IF ok",
  );
  assertErrorBranch(wf, "IF ok");
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
  const state = nodeNamed(wf, "State?");
  const rules = (state.parameters.rules as { values: Rule[] }).values;
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
  const outs = wf.connections["State?"].main.map((b) => b[0].node);
  assert.deepEqual(outs, [
    "Posted",
    "Publish failed",
    "Wait",
    "Still pending after 10 minutes",
    "Log error and stop",
  ]);
});

/** The PM3K call an operation of the native node makes (its transport). */
function nodeCall(n: N8nNode): Call {
  const p = n.parameters;
  const where = `n8n node "${n.name}"`;
  switch (p.operation) {
    case "upload":
      return p.uploadSource === "url"
        ? {
          where,
          method: "POST",
          path: "/api/uploads/from_url",
          bodyKeys: ["url"],
        }
        : {
          where,
          method: "POST",
          path: "/api/uploads",
          bodyKeys: [],
          mediaType: "video/mp4",
          queryKeys: ["filename"],
        };
    case "postVideo":
      return {
        where,
        method: "POST",
        path: "/api/tiktok/direct_post",
        bodyKeys: ["source_url", "title", "privacy"],
      };
    case "waitForResult":
      return {
        where,
        method: "POST",
        path: "/api/tiktok/status",
        bodyKeys: ["publish_id"],
      };
    default:
      throw new Error(`${where}: operation ${p.operation} not covered here`);
  }
}

Deno.test("the n8n workflow with the PM3K node uses only documented calls, uploads first, chooses privacy, sends refusals to an error branch", async () => {
  const wf = await n8nTemplate("n8n-pm3k-node.json");
  const pm3k = wf.nodes.filter((n) => n.type === "n8n-nodes-pm3k.pm3k");
  checkCalls(pm3k.map(nodeCall));
  assert.deepEqual(mainPath(wf), [
    "Start",
    "Video file",
    "Upload video",
    "Post video",
    "Wait for result",
    "Posted",
  ]);
  assert.deepEqual(pm3k.map((n) => n.parameters.operation), [
    "upload",
    "postVideo",
    "waitForResult",
  ]);
  assert.equal(nodeNamed(wf, "Upload video").parameters.uploadSource, "binary");
  const privacy = String(nodeNamed(wf, "Post video").parameters.privacy);
  assert.ok(PRIVACY_LEVELS.includes(privacy), privacy);
  // The base URL lives in the credential: no node names a host.
  const text = await Deno.readTextFile(new URL("n8n-pm3k-node.json", dir));
  assert.doesNotMatch(text, /https?:\/\//);
  assertPm3kErrorBranches(wf, pm3k);
});

Deno.test("the n8n workflow posting from a link with the PM3K node uses only documented calls, has PM3K fetch the link first, chooses privacy, sends refusals to an error branch", async () => {
  const wf = await n8nTemplate("n8n-pm3k-node-link.json");
  const pm3k = wf.nodes.filter((n) => n.type === "n8n-nodes-pm3k.pm3k");
  checkCalls(pm3k.map(nodeCall));
  assert.deepEqual(mainPath(wf), [
    "Start",
    "Video link",
    "Upload video",
    "Post video",
    "Wait for result",
    "Posted",
  ]);
  const upload = nodeNamed(wf, "Upload video").parameters;
  assert.deepEqual([upload.uploadSource, upload.fileUrl], [
    "url",
    "={{ $json.video_url }}",
  ]);
  // The link and the caption are set once, in Video link.
  const set = nodeNamed(wf, "Video link").parameters as {
    assignments: { assignments: { name: string; value: string }[] };
  };
  const fields = Object.fromEntries(
    set.assignments.assignments.map((a) => [a.name, a.value]),
  );
  assert.match(fields.video_url, /^https:\/\/drive\.google\.com\/file\/d\//);
  const post = nodeNamed(wf, "Post video").parameters;
  assert.equal(post.title, "={{ $('Video link').item.json.caption }}");
  assert.equal(post.privacy, "SELF_ONLY");
  assertPm3kErrorBranches(wf, pm3k);
});

Deno.test("the Make blueprint uses only documented calls and uploads the file first", async () => {
  const bp = JSON.parse(
    await Deno.readTextFile(new URL("make-direct-post.json", dir)),
  );
  const calls: Call[] = [];
  for (const m of makeModules<Record<string, unknown>>(bp.flow)) {
    if (m.module === "http:ActionSendData") {
      const mapper = m.mapper as {
        url: string;
        method: string;
        bodyType: string;
        data?: string;
        formDataFields?: { key: string }[];
      };
      const multipart = mapper.bodyType === "multipart_form_data";
      calls.push({
        where: `Make module ${m.id}`,
        method: mapper.method.toUpperCase(),
        path: new URL(mapper.url).pathname,
        bodyKeys: multipart
          ? (mapper.formDataFields ?? []).map((f) => f.key)
          : Object.keys(parseTemplatedJson(mapper.data ?? "")),
        mediaType: multipart ? "multipart/form-data" : undefined,
      });
    }
  }
  checkCalls(calls);
  assert.equal(bp.flow[0].module, "http:ActionGetFile");
  assert.deepEqual(
    calls.slice(0, 2).map((c) => [c.path, c.mediaType, c.bodyKeys]),
    [
      ["/api/uploads", "multipart/form-data", ["file"]],
      ["/api/tiktok/direct_post", undefined, [
        "source_url",
        "title",
        "privacy",
      ]],
    ],
  );
});

Deno.test("the Make blueprint's post, the upload's url mapped in, is taken by a PM3K whose TikTok app is not audited (the default) and reaches TikTok as SELF_ONLY", async () => {
  const bp = JSON.parse(
    await Deno.readTextFile(new URL("make-direct-post.json", dir)),
  );
  const mapper = (bp.flow as { mapper: { url?: string; data?: string } }[])
    .find((m) => m.mapper?.url?.endsWith("/api/tiktok/direct_post"))!.mapper;
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, "make_unaudited");
    // An unaudited app posts only to private TikTok accounts.
    await me.sandbox({ private_account: true });
    const url = await me.uploadVideo();
    // Make maps the upload module's answer where the blueprint says.
    const body = JSON.parse(mapper.data!.replace("{{9.data.url}}", url));
    const res = await me.json("POST", "/api/tiktok/direct_post", body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const atTikTok = await publishAtTikTok(server, res.body.publish_id);
    assert.equal(atTikTok.privacyLevel, "SELF_ONLY");
  } finally {
    await server.close();
  }
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
      const form = [...m[3].matchAll(/-F "(\w+)=/g)].map((k) => k[1]);
      calls.push({
        where: script,
        method: m[1],
        path: m[2].replace(/\$\w+/g, "x"),
        bodyKeys: [...body.matchAll(/\\"(\w+)\\":/g)].map((k) => k[1]),
        // upload.sh sends the file as a multipart form (curl's -F).
        ...(form.length
          ? { bodyKeys: form, mediaType: "multipart/form-data" }
          : {}),
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
      // The dashboard's automation templates live on its settings page.
      dashboard: await (await visit(jar, `${server.url}/dashboard/settings`))
        .text(),
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
    assert.equal(templates.length, 8);
  } finally {
    await server.close();
  }
});
