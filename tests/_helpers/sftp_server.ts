/**
 * A real SFTP server for tests (sftp_server_main.mjs: the ssh2 package's
 * server, run by Node from the n8n install's node_modules) on a loopback
 * port, one user signing in with a password, its `/` a temporary folder
 * holding the given files. What a builder's NAS or server is to n8n's FTP
 * node with Protocol SFTP.
 */
export interface SftpServerHandle {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Paths of the files opened, in order. */
  reads: string[];
  close(): Promise<void>;
}

/** Starts the server with `nodeModules` (n8n's), `files` (path → bytes). */
export async function startSftpServer(
  nodeModules: string,
  files: Record<string, Uint8Array>,
): Promise<SftpServerHandle> {
  const root = await Deno.makeTempDir({ prefix: "pm3k-sftp-" });
  for (const [path, bytes] of Object.entries(files)) {
    const full = `${root}/${path.replace(/^\/+/, "")}`;
    await Deno.mkdir(full.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeFile(full, bytes);
  }
  const username = "builder";
  const password = "sftp-password-1";
  const child = new Deno.Command("node", {
    args: [
      new URL("./sftp_server_main.mjs", import.meta.url).pathname,
      nodeModules,
      root,
      username,
      password,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reads: string[] = [];
  const { promise: listening, resolve, reject } = Promise.withResolvers<
    number
  >();
  const reading = (async () => {
    let text = "";
    for await (
      const chunk of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      text += chunk;
      const lines = text.split("\n");
      text = lines.pop()!;
      for (const line of lines.filter((l) => l.startsWith("{"))) {
        const said = JSON.parse(line);
        if (said.port) resolve(said.port);
        if (said.read) reads.push(said.read);
      }
    }
    reject(new Error("the SFTP server exited before listening"));
  })();
  const close = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // it has already exited
    }
    await child.status;
    await reading;
    await Deno.remove(root, { recursive: true });
  };
  try {
    const port = await listening;
    return { host: "127.0.0.1", port, username, password, reads, close };
  } catch (error) {
    await close();
    throw error;
  }
}
