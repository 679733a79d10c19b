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
import { cp } from "node:fs/promises";
import { executeFailing, exportWorkflows, importInto, n8n } from "./n8n_cli.ts";
import type { N8nNode, N8nServer, N8nWorkflow } from "./n8n_cli.ts";
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

/** Makes the built node loadable by the n8n of user folder `home`; its env. */
export type NodeLoader = (home: string) => Promise<Record<string, string>>;

/** Self-hosting: the built dist in an N8N_CUSTOM_EXTENSIONS folder. */
export const viaCustomExtensions: NodeLoader = async (home) => ({
  N8N_CUSTOM_EXTENSIONS: await customExtensionsFrom(await builtNode(), home),
});

/** Where n8n's community-node install puts an npm package. */
export const asCommunityPackage: NodeLoader = async (home) => {
  const pkg = await builtNode();
  const target = `${home}/.n8n/nodes/node_modules/n8n-nodes-pm3k`;
  await cp(`${pkg}/dist`, `${target}/dist`, { recursive: true });
  await cp(`${pkg}/package.json`, `${target}/package.json`);
  return {};
};

/**
 * The n8n of user folder `home` loads the built node (from a custom
 * extensions folder unless `load` says otherwise) and holds `me`'s PM3K
 * credential; the environment it then needs.
 */
export async function n8nWithNode(
  server: TestServer,
  me: Poster,
  home: string,
  load: NodeLoader = viaCustomExtensions,
): Promise<Record<string, string>> {
  const env = await load(home);
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
 * in an n8n user folder given the built node (loaded as `options.load`
 * says, from custom extensions by default) and its credential; closes the
 * server and removes the folder after, whatever `fn` did.
 */
export async function withNodeInN8n(
  username: string,
  options: TestServerOptions & { load?: NodeLoader },
  fn: (n8nRun: NodeInN8n) => Promise<void>,
): Promise<void> {
  const { load, ...serverOptions } = options;
  const server = await startTestServer(serverOptions);
  const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
  try {
    const me = await posterFor(server, username);
    const env = await n8nWithNode(server, me, home, load);
    await fn({ server, me, home, env });
  } finally {
    await server.close();
    await Deno.remove(home, { recursive: true });
  }
}

/**
 * Gives the n8n of user folder `home` `me`'s PM3K credential, its Base URL
 * `server`'s unless `baseUrl` is given (it replaces one there before).
 */
export async function importCredential(
  server: TestServer,
  me: Poster,
  home: string,
  env: Record<string, string>,
  baseUrl = server.url,
): Promise<void> {
  await importInto(home, "credentials", [{
    id: CREDENTIAL.pm3kApi.id,
    name: CREDENTIAL.pm3kApi.name,
    type: "pm3kApi",
    data: { baseUrl, apiKey: me.key },
  }], env);
}

/**
 * A credential `id` of `run`'s user whose Base URL is `baseUrl`, holding
 * `apiKey` (the user's own unless given).
 */
export async function credentialAt(
  run: NodeInN8n,
  id: string,
  baseUrl: string,
  apiKey = run.me.key,
) {
  await importInto(run.home, "credentials", [{
    id,
    name: id,
    type: "pm3kApi",
    data: { baseUrl, apiKey },
  }], run.env);
  return { pm3kApi: { id, name: id } };
}

/**
 * Saves a pm3kApi credential named `name` holding `data` through n8n's
 * editor API, then runs its "Test"; the test's answer.
 */
export async function testCredential(
  editor: N8nServer,
  name: string,
  data: { baseUrl: string; apiKey: string },
): Promise<{ status: string }> {
  const saved = await editor.rest("POST", "/rest/credentials", {
    name,
    type: "pm3kApi",
    data,
  });
  assert.equal(saved.status, 200);
  const { id } = (await saved.json()).data;
  const tested = await editor.rest("POST", "/rest/credentials/test", {
    credentials: { id, name: "PM3K", type: "pm3kApi", data },
  });
  assert.equal(tested.status, 200);
  return (await tested.json()).data;
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

/** The path of test fixture `name` (a glob for n8n's Read Files node). */
export const fixturePath = (name: string) =>
  new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** n8n's Read Files node: one item per file `selector` matches. */
export const readFiles = (
  name: string,
  selector: string,
  extra: Record<string, unknown> = {},
) =>
  node(name, "n8n-nodes-base.readWriteFile", {
    fileSelector: selector,
    options: {},
  }, extra);

/**
 * A Code node "One item" gathering the files of the items before it into
 * one item, as a form's or an email's files come: binary fields photo_0,
 * photo_1… in the order the files arrive, or with `order` (file names) in
 * that order.
 */
export const filesInOneItem = (order?: string[]) =>
  node("One item", "n8n-nodes-base.code", {
    jsCode: order
      ? `const order = ${JSON.stringify(order)};\n` +
        "const binary = {};\n" +
        "for (const item of $input.all()) binary[`photo_${order.indexOf(item.binary.data.fileName)}`] = item.binary.data;\n" +
        "return [{ json: {}, binary }];"
      : "const binary = {};\n" +
        "$input.all().forEach((item, k) => { binary[`photo_${k}`] = item.binary.data; });\n" +
        "return [{ json: {}, binary }];",
  }, { typeVersion: 2 });

/**
 * n8n's HTTP Request node "Download" fetching `url` as a file; with
 * `neverError` (Never Error on) an empty or failed answer is passed on as
 * the file; `options` add to its Options (a redirect not followed…).
 */
export const fileDownload = (
  url: string,
  { neverError = false, options = {} }: {
    neverError?: boolean;
    options?: Record<string, unknown>;
  } = {},
) =>
  node("Download", "n8n-nodes-base.httpRequest", {
    url,
    options: {
      ...options,
      response: {
        response: {
          responseFormat: "file",
          ...(neverError ? { neverError: true } : {}),
        },
      },
    },
  }, { typeVersion: 4.2 });

/** {@link fileDownload} with Never Error on. */
export const neverErrorDownload = (
  url: string,
  options: Record<string, unknown> = {},
) => fileDownload(url, { neverError: true, options });

/** An Upload Media node fetching `fileUrl` (Source: URL). */
export const uploadFromUrl = (
  name: string,
  fileUrl: string,
  extra: Record<string, unknown> = {},
) => pm3k(name, { operation: "upload", uploadSource: "url", fileUrl }, extra);

/**
 * A workflow `id`: Start, n8n's Read Files node `readName` reading the
 * fixtures `files` matches (a glob), Upload Media `name` of each as a
 * binary file (Source: Binary File, field data) with `parameters` added
 * and `extra` on the node (credentials, Retry On Fail…), then `then`.
 */
export function binaryUploadChain(id: string, {
  files = "portrait.mp4",
  readName = "Video file",
  name = "Upload video",
  parameters = {},
  extra = {},
  then = [],
}: {
  files?: string;
  readName?: string;
  name?: string;
  parameters?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  then?: N8nNode[];
} = {}): N8nWorkflow & Record<string, unknown> {
  return chain(id, [
    start(),
    readFiles(readName, fixturePath(files)),
    pm3k(name, {
      operation: "upload",
      uploadSource: "binary",
      binaryPropertyName: "data",
      ...parameters,
    }, extra),
    ...then,
  ]);
}

/**
 * A Post Video node posting privately (SELF_ONLY): `sourceUrl`, or with
 * none the input item's upload.
 */
export const postVideo = (
  name: string,
  sourceUrl: string | undefined,
  title: string,
  extra: Record<string, unknown> = {},
) =>
  pm3k(name, {
    operation: "postVideo",
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
    title,
    privacy: "SELF_ONLY",
  }, extra);

/**
 * A Wait for Result node polling every 3 s (the template's 15 s, shorter:
 * the same loop) for up to 120 s unless `parameters` say otherwise.
 */
export const waitForResult = (
  name: string,
  parameters: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) =>
  pm3k(name, {
    operation: "waitForResult",
    pollSeconds: 3,
    maxWaitSeconds: 120,
    ...parameters,
  }, extra);

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

/**
 * Imports `workflow` into the n8n of `run` and executes it (as `execute`,
 * `env` added to the run's); each node's items per output.
 */
export async function importAndExecute(
  run: NodeInN8n,
  workflow: N8nWorkflow,
  { follow = true, env = {} as Record<string, string> } = {},
): Promise<Record<string, RunData[][]>> {
  await importInto(run.home, "workflow", workflow, run.env);
  return await execute(run.server, run.home, workflow.id!, {
    ...run.env,
    ...env,
  }, { follow });
}

/**
 * Imports `workflow` into the n8n of `run` and executes it, a run that
 * must fail; the CLI's output with the execution as JSON (`--rawOutput`).
 */
export async function importAndFail(
  run: NodeInN8n,
  workflow: N8nWorkflow,
): Promise<string> {
  await importInto(run.home, "workflow", workflow, run.env);
  return await executeFailing(run.home, workflow.id!, run.env, { raw: true });
}

/** The one item of `items`. */
export const only = (items: RunData[] | undefined) => {
  assert.equal(items?.length, 1, JSON.stringify(items));
  return items![0].json;
};

/**
 * Imports the shipped `template` as `id` and checks that n8n gives it back
 * unchanged: the same nodes (name, type, parameters, onError) and
 * connections.
 */
export async function importUnchanged(
  home: string,
  template: N8nWorkflow,
  id: string,
  env: Record<string, string>,
): Promise<void> {
  await importInto(home, "workflow", { ...template, id }, env);
  const [back] = await exportWorkflows(home, `--id=${id}`, env);
  const shape = (w: N8nWorkflow) =>
    w.nodes.map((n) => [n.name, n.type, n.parameters, n.onError]);
  assert.deepEqual(shape(back), shape(template));
  assert.deepEqual(back.connections, template.connections);
}

/** New parameters for a node, from the template's. */
type ParametersChange = (
  parameters: N8nNode["parameters"],
) => N8nNode["parameters"];

/**
 * The shipped `template` as a test runs it, as `id`: the test credential on
 * every node that has one, 3 s between the polls of "Wait for result"
 * instead of 15 s (the same loop), and the parameters of the nodes named in
 * `changes` changed by them.
 */
export function runnableTemplate(
  template: N8nWorkflow,
  id: string,
  changes: Record<string, ParametersChange> = {},
): N8nWorkflow {
  const all: Record<string, ParametersChange> = {
    "Wait for result": (p) => ({ ...p, pollSeconds: 3, maxWaitSeconds: 120 }),
    ...changes,
  };
  return {
    ...template,
    id,
    nodes: template.nodes.map((n) => ({
      ...n,
      parameters: Object.hasOwn(all, n.name)
        ? all[n.name](n.parameters)
        : n.parameters,
      ...(n.credentials ? { credentials: CREDENTIAL } : {}),
    })),
  };
}
