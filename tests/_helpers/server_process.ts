/** Helpers for tests that run PM3K as a real server process. */

/** A free loopback port (taken and released at once). */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = l.addr as Deno.NetAddr;
  l.close();
  return port;
}

/** Waits until `${url}/healthz` answers 200 (about 10 s at most). */
export async function waitForHealthz(url: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
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
