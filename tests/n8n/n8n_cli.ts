/**
 * The real n8n that tests/n8n/install_n8n.sh installs, driven through its
 * CLI with a user folder of its own (its SQLite database) per test. The
 * n8n tests are ignored when it is not installed (docs/testing.md#the-n8n-tests).
 */
import assert from "node:assert/strict";
import { freePort } from "../_helpers/server_process.ts";

export const N8N_DIR = Deno.env.get("PM3K_N8N_DIR") ??
  new URL("../../.cache/n8n", import.meta.url).pathname;
const N8N_BIN = `${N8N_DIR}/node_modules/n8n/bin/n8n`;

/** Written by install_n8n.sh once everything, SQLite's binding included, is in. */
export const n8nInstalled = await Deno.stat(`${N8N_DIR}/.installed`).then(
  () => true,
  () => false,
);

export interface N8nNode {
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
  onError?: string;
}
export interface N8nWorkflow {
  id?: string;
  name: string;
  nodes: N8nNode[];
  connections: Record<string, unknown>;
}

/** What every n8n run here is given: its user folder, the test settings. */
function n8nEnv(home: string): Record<string, string> {
  return {
    N8N_USER_FOLDER: home,
    // The default "vm" engine needs isolated-vm's native build, skipped
    // by the install (it downloads from outside the registry).
    N8N_EXPRESSION_ENGINE: "legacy",
    N8N_RUNNERS_ENABLED: "false",
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: "false",
  };
}

/**
 * Runs the n8n CLI with its own user folder (its SQLite database). Its
 * output goes to files, not pipes: Node writes to a pipe asynchronously,
 * and the CLI exits once done, so a pipe kept only the first 64 KiB of a
 * large `--rawOutput` (an album's items), cut mid-JSON; writes to a file
 * are synchronous and whole. `onSpawn` is told n8n's process id, to watch
 * its memory.
 */
export async function n8n(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  { onSpawn }: { onSpawn?: (pid: number) => void } = {},
): Promise<{ code: number; out: string }> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-n8n-out-" });
  const child = new Deno.Command("sh", {
    // exec: the shell becomes node, so the kill below reaches n8n itself.
    args: [
      "-c",
      'exec node "$@" >"$PM3K_N8N_OUT" 2>"$PM3K_N8N_ERR"',
      "sh",
      N8N_BIN,
      ...args,
    ],
    env: {
      ...n8nEnv(home),
      ...env,
      PM3K_N8N_OUT: `${dir}/out`,
      PM3K_N8N_ERR: `${dir}/err`,
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  // The shell execs node: this is n8n's own process id.
  onSpawn?.(child.pid);
  // A run that never ends (a publish stuck pending) fails, not hangs. Not
  // SIGTERM: n8n then waits for the running execution to finish.
  const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
  try {
    const { code } = await child.status;
    // A file never written (node did not start) reads as no output; the
    // exit code says what happened.
    const read = (name: string) =>
      Deno.readTextFile(`${dir}/${name}`).catch(() => "");
    return { code, out: await read("out") + await read("err") };
  } finally {
    clearTimeout(timer);
    await Deno.remove(dir, { recursive: true });
  }
}

/** `n8n import:workflow` / `import:credentials` of `data`; the CLI's output. */
export async function importInto(
  home: string,
  kind: "workflow" | "credentials",
  data: unknown,
  env: Record<string, string> = {},
): Promise<string> {
  const file = `${home}/${kind}.json`;
  await Deno.writeTextFile(file, JSON.stringify(data));
  const r = await n8n(home, [`import:${kind}`, `--input=${file}`], env);
  assert.equal(r.code, 0, r.out);
  return r.out;
}

/**
 * `n8n execute` of workflow `id` that must fail (a non-zero exit); the
 * CLI's output, `--rawOutput` printing the execution as JSON with `raw`.
 */
export async function executeFailing(
  home: string,
  id: string,
  env: Record<string, string> = {},
  { raw = false } = {},
): Promise<string> {
  const run = await n8n(
    home,
    ["execute", `--id=${id}`, ...(raw ? ["--rawOutput"] : [])],
    env,
  );
  assert.notEqual(run.code, 0, run.out);
  return run.out;
}

/**
 * The node's error as the failed run's execution holds it (`--rawOutput`
 * prints the execution as JSON, the CLI's own lines around it).
 */
export function executionError(out: string): Record<string, unknown> {
  // The execution starts a line of its own.
  for (const m of out.matchAll(/^\{/gm)) {
    const json = jsonAt(out, m.index);
    const error = json?.data?.resultData?.error;
    if (error) return error;
  }
  throw new Error(`no execution error in: ${out.slice(0, 2000)}`);
}

/** The JSON object starting at `at` in `text`, or null. */
// deno-lint-ignore no-explicit-any
function jsonAt(text: string, at: number): any {
  let depth = 0;
  let inString = false;
  for (let k = at; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === "\\") k++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      try {
        return JSON.parse(text.slice(at, k + 1));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** `n8n export:workflow` of `which` (`--all`, `--id=…`); the workflows. */
export async function exportWorkflows(
  home: string,
  which: string,
  env: Record<string, string> = {},
): Promise<N8nWorkflow[]> {
  const file = `${home}/export.json`;
  const exported = await n8n(
    home,
    ["export:workflow", which, `--output=${file}`],
    env,
  );
  assert.equal(exported.code, 0, exported.out);
  return JSON.parse(await Deno.readTextFile(file));
}

export interface N8nServer {
  url: string;
  /** Sends a request to n8n's REST API as its owner. */
  rest(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `n8n start` on a loopback port with an owner signed in, for what only
 * the editor's REST API does (testing a credential).
 */
export async function startN8nServer(
  home: string,
  env: Record<string, string> = {},
): Promise<N8nServer> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command("node", {
    args: [N8N_BIN, "start"],
    env: {
      ...n8nEnv(home),
      N8N_PERSONALIZATION_ENABLED: "false",
      N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
      N8N_LISTEN_ADDRESS: "127.0.0.1",
      N8N_PORT: String(port),
      N8N_SECURE_COOKIE: "false",
      ...env,
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // it has already exited
    }
    await child.status;
  };
  try {
    // n8n answers "starting up" in plain text until its REST API is in.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ready = await fetch(`${url}/rest/settings`).then(async (r) => {
        await r.body?.cancel();
        return r.ok && /json/.test(r.headers.get("content-type") ?? "");
      }, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error("n8n did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    // The auth cookie is bound to this browser id.
    const headers = {
      "Content-Type": "application/json",
      "browser-id": "pm3k-tests",
    };
    const setup = await fetch(`${url}/rest/owner/setup`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        email: "owner@example.com",
        firstName: "PM3K",
        lastName: "Tests",
        password: "Owner-password-1",
      }),
    });
    await setup.body?.cancel();
    assert.equal(setup.status, 200, "n8n owner setup");
    const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0];
    return {
      url,
      rest: (method, path, body) =>
        fetch(`${url}${path}`, {
          method,
          headers: { ...headers, cookie },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
