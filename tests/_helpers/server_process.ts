/** Helpers for tests that run PM3K as a real server process. */

/** A free loopback port (taken and released at once). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = l.addr as Deno.NetAddr;
  l.close();
  return port;
}

/**
 * Waits until `${url}/healthz` answers 200, 60 s at most: a process
 * loading main.ts's modules on a machine busy with other suites took over
 * 10 s to listen. A server that never answers still fails, only later.
 */
export async function waitForHealthz(url: string): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`);
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * The API's upload flow from outside: start, PUT the bytes where told,
 * complete. Returns the start and completion answers.
 */
export async function uploadOverApi(
  url: string,
  headers: Record<string, string>,
  bytes: Uint8Array,
): Promise<
  { started: Record<string, unknown>; done: Record<string, unknown> }
> {
  const started = await (await fetch(`${url}/api/uploads`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      filename: "v.mp4",
      content_type: "video/mp4",
      size: bytes.length,
    }),
  })).json();
  const put = await fetch(String(started.upload_url), {
    method: "PUT",
    headers: started.headers as Record<string, string>,
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  if (!put.ok) throw new Error(`PUT answered ${put.status}`);
  await put.body?.cancel();
  const done =
    await (await fetch(`${url}/api/uploads/${started.upload_id}/complete`, {
      method: "POST",
      headers,
    })).json();
  return { started, done };
}

/**
 * A Bearer key's headers for JSON calls, and the fixture portrait.mp4
 * uploaded through the API flow of the server at `url`.
 */
export async function portraitOverApi(
  url: string,
  key: string,
): Promise<{ auth: Record<string, string>; done: Record<string, unknown> }> {
  const auth = {
    Authorization: `Bearer ${key}`,
    "Content-Type": "application/json",
  };
  const video = await Deno.readFile(
    new URL("../fixtures/portrait.mp4", import.meta.url),
  );
  const { done } = await uploadOverApi(url, auth, video);
  return { auth, done };
}

/**
 * The first line a child process prints (how our helper scripts announce
 * their address), and the reader, for the caller to cancel when done.
 */
export async function readFirstLine(
  stdout: ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<{ line: string; reader: ReadableStreamDefaultReader<string> }> {
  const reader = stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  return { line: text.split("\n")[0].trim(), reader };
}

const projectDir = new URL("../..", import.meta.url).pathname;

/** A real PM3K server process (`deno run -A main.ts`). */
export interface ServerProcess {
  child: Deno.ChildProcess;
  url: string;
  /** Resolves once the process's log has been read to its end. */
  logDone: Promise<void>;
}

export interface ServerProcessOptions {
  /** Receives each line the server logs on stdout (else it is discarded). */
  onLogLine?: (line: string) => void;
  /**
   * Its PUBLIC_BASE_URL when not its own address: a proxy in front of it,
   * through which its sandbox calls then go too.
   */
  publicBaseUrl?: string;
}

/**
 * Starts `main.ts` on `port` with `env` (plus PORT and PUBLIC_BASE_URL) and
 * waits until it answers /healthz.
 */
export async function startServerProcess(
  port: number,
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: projectDir,
    env: {
      ...env,
      PORT: String(port),
      PUBLIC_BASE_URL: options.publicBaseUrl ?? `http://127.0.0.1:${port}`,
    },
    stdout: options.onLogLine ? "piped" : "null",
    stderr: "null",
  }).spawn();
  const logDone = options.onLogLine
    ? readLines(child.stdout, options.onLogLine)
    : Promise.resolve();
  const url = `http://127.0.0.1:${port}`;
  if (await waitForHealthz(url)) return { child, url, logDone };
  child.kill("SIGKILL");
  await child.status;
  await logDone;
  throw new Error(`server on ${port} did not start`);
}

/** Calls `onLine` for each line of `stream` until it ends. */
async function readLines(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  onLine: (line: string) => void,
): Promise<void> {
  let rest = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
  }
  if (rest) onLine(rest);
}

/** Stops a server process with `signal` and waits for it to exit. */
export async function stopServerProcess(
  p: ServerProcess,
  signal: Deno.Signal = "SIGTERM",
): Promise<void> {
  try {
    p.child.kill(signal);
  } catch (error) {
    // It already exited: nothing to stop.
    if (!(error instanceof TypeError)) throw error;
  }
  await p.child.status;
  await p.logDone;
}

/**
 * Runs `command` with `args` (in `cwd`, with `env` added), given two
 * minutes at most: its exit code, and its stdout then stderr as text.
 */
export async function commandOutput(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(120_000),
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, out: decode(stdout) + decode(stderr) };
}

/**
 * Runs `deno task --quiet <task> ...args` in the project with `env` (with
 * `clearEnv`, only PATH, HOME and DENO_DIR are kept besides it); its exit
 * code, stdout lines and stderr.
 */
export async function denoTask(
  task: string,
  args: string[],
  env: Record<string, string>,
  options: { clearEnv?: boolean } = {},
): Promise<{ code: number; lines: string[]; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", task, ...args],
    cwd: projectDir,
    clearEnv: options.clearEnv,
    env: {
      ...(options.clearEnv
        ? {
          PATH: Deno.env.get("PATH") ?? "",
          HOME: Deno.env.get("HOME") ?? "",
          DENO_DIR: Deno.env.get("DENO_DIR") ?? "",
        }
        : {}),
      NO_COLOR: "1",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    lines: new TextDecoder().decode(out.stdout).trim().split("\n"),
    stderr: new TextDecoder().decode(out.stderr),
  };
}
