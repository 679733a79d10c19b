/**
 * Workflows of the PM3K n8n node for the tests that run it in the real n8n
 * (tests/n8n/n8n_cli.ts): the node built once per test file and loaded
 * through N8N_CUSTOM_EXTENSIONS with a PM3K credential, nodes and chains
 * of them, and a run's items per node and output.
 */
import assert from "node:assert/strict";
import { startTestServer } from "../_helpers/test_server.ts";
import type { TestServer, TestServerOptions } from "../_helpers/test_server.ts";
import { posterFor } from "../_helpers/posting_setup.ts";
import type { Poster } from "../_helpers/posting_setup.ts";
import { followWhile } from "../_helpers/follow_while.ts";
import { importInto, n8n } from "./n8n_cli.ts";
import type { N8nNode, N8nWorkflow } from "./n8n_cli.ts";
import { buildPm3kNode, customExtensionsFrom } from "./pm3k_node_build.ts";

/** The node's type when loaded from N8N_CUSTOM_EXTENSIONS. */
export const CUSTOM = "CUSTOM.pm3k";
export const CREDENTIAL = {
  pm3kApi: { id: "pm3kApiCredent01", name: "PM3K" },
};

// Built once for the test file, from a copy of the package; removed at exit.
let built: Promise<string> | undefined;
export function builtNode(): Promise<string> {
  built ??= buildPm3kNode().then((dir) => {
    globalThis.addEventListener("unload", () => {
      Deno.removeSync(dir.replace(/\/pkg$/, ""), { recursive: true });
    });
    return dir;
  });
  return built;
}

/**
 * The n8n of user folder `home` loads the built node from a custom
 * extensions folder and holds `me`'s PM3K credential; the environment it
 * then needs.
 */
export async function n8nWithNode(
  server: TestServer,
  me: Poster,
  home: string,
): Promise<Record<string, string>> {
  const env = {
    N8N_CUSTOM_EXTENSIONS: await customExtensionsFrom(await builtNode(), home),
  };
  await importCredential(server, me, home, env);
  return env;
}

/** What a test of the PM3K node in a real n8n works with. */
export interface NodeInN8n {
  server: TestServer;
  me: Poster;
  /** The n8n user folder, holding the built node and `me`'s credential. */
  home: string;
  env: Record<string, string>;
}

/**
 * Runs `fn` against a test server started with `options`, as `username`,
 * in an n8n user folder given the built node and its credential; closes
 * the server and removes the folder after, whatever `fn` did.
 */
export async function withNodeInN8n(
  username: string,
  options: TestServerOptions,
  fn: (n8nRun: NodeInN8n) => Promise<void>,
): Promise<void> {
  const server = await startTestServer(options);
  const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
  try {
    const me = await posterFor(server, username);
    const env = await n8nWithNode(server, me, home);
    await fn({ server, me, home, env });
  } finally {
    await server.close();
    await Deno.remove(home, { recursive: true });
  }
}

/** Gives the n8n of user folder `home` `me`'s PM3K credential. */
export async function importCredential(
  server: TestServer,
  me: Poster,
  home: string,
  env: Record<string, string>,
): Promise<void> {
  await importInto(home, "credentials", [{
    id: CREDENTIAL.pm3kApi.id,
    name: CREDENTIAL.pm3kApi.name,
    type: "pm3kApi",
    data: { baseUrl: server.url, apiKey: me.key },
  }], env);
}

let nodeCount = 0;
export function node(
  name: string,
  type: string,
  parameters: Record<string, unknown>,
  extra: Partial<N8nNode> & Record<string, unknown> = {},
): N8nNode & Record<string, unknown> {
  return {
    id: `node-${++nodeCount}`,
    name,
    type,
    typeVersion: 1,
    position: [nodeCount * 200, 0],
    parameters,
    ...(type === CUSTOM ? { credentials: CREDENTIAL } : {}),
    ...extra,
  };
}
export const pm3k = (
  name: string,
  parameters: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => node(name, CUSTOM, parameters, extra);
export const start = () => node("Start", "n8n-nodes-base.manualTrigger", {});
export const noOp = (name: string) => node(name, "n8n-nodes-base.noOp", {});

/**
 * A workflow running `nodes` one after the other (main outputs), `more`
 * naming the connections of nodes with several outputs.
 */
export function chain(
  id: string,
  nodes: N8nNode[],
  more: Record<string, { main: { node: string }[][] }> = {},
): N8nWorkflow & Record<string, unknown> {
  const connections: Record<string, unknown> = {};
  for (let i = 0; i + 1 < nodes.length; i++) {
    connections[nodes[i].name] = {
      main: [[{ node: nodes[i + 1].name, type: "main", index: 0 }]],
    };
  }
  for (const [from, out] of Object.entries(more)) {
    connections[from] = {
      main: out.main.map((branch) =>
        branch.map((e) => ({ node: e.node, type: "main", index: 0 }))
      ),
    };
  }
  return {
    id,
    name: id,
    nodes,
    connections,
    settings: { executionOrder: "v1" },
  };
}

export interface RunData {
  json: Record<string, unknown>;
}
/**
 * Runs workflow `id` and answers each node's items per output (`--rawOutput`
 * prints the execution as JSON); with `follow`, PM3K follows publishes
 * meanwhile, as its cron does, so that they end.
 */
export async function execute(
  server: TestServer,
  home: string,
  id: string,
  env: Record<string, string>,
  { follow = true } = {},
): Promise<Record<string, RunData[][]>> {
  const running = n8n(home, ["execute", `--id=${id}`, "--rawOutput"], env);
  // Following publishes moves the test clock on a minute at a time.
  const run = follow ? await followWhile(server, running) : await running;
  assert.equal(run.code, 0, run.out);
  const json = JSON.parse(run.out.slice(run.out.indexOf("{")));
  assert.equal(json.status, "success", run.out);
  const outputs: Record<string, RunData[][]> = {};
  const runData = json.data.resultData.runData as Record<
    string,
    { data: { main: RunData[][] } }[]
  >;
  for (const [name, runs] of Object.entries(runData)) {
    outputs[name] = runs.at(-1)!.data.main;
  }
  return outputs;
}

/** The one item of `items`. */
export const only = (items: RunData[] | undefined) => {
  assert.equal(items?.length, 1, JSON.stringify(items));
  return items![0].json;
};
