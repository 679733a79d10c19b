/**
 * A real FTP server for tests: ftp-srv (npm) on a loopback port, passive
 * mode on loopback, one user whose root is a temporary folder. What a
 * builder's NAS or hosting FTP account is to n8n's FTP node.
 */
import { FtpSrv } from "ftp-srv";
import process from "node:process";
import { freePort } from "./server_process.ts";

export interface FtpServerHandle {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The folder the user sees as `/`. */
  root: string;
  /** Paths the server was asked to send (RETR), in order. */
  downloads: string[];
  close(): Promise<void>;
}

/** ftp-srv logs through bunyan; the tests want quiet. */
const silent = {
  child: () => silent,
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

/** Starts the server, its root holding `files` (path → bytes). */
export async function startFtpServer(
  files: Record<string, Uint8Array>,
): Promise<FtpServerHandle> {
  const root = await Deno.makeTempDir({ prefix: "pm3k-ftp-" });
  for (const [path, bytes] of Object.entries(files)) {
    const full = `${root}/${path.replace(/^\/+/, "")}`;
    await Deno.mkdir(full.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeFile(full, bytes);
  }
  const username = "builder";
  const password = "ftp-password-1";
  const port = freePort();
  const pasv = freePort();
  // ftp-srv listens for SIGTERM, SIGINT and SIGQUIT to quit: its
  // listeners are taken off again on close.
  const signals = ["SIGTERM", "SIGINT", "SIGQUIT"] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const server = new FtpSrv({
    url: `ftp://127.0.0.1:${port}`,
    pasv_url: "127.0.0.1",
    // A range of its own near a free port: ftp-srv takes the first free.
    pasv_min: pasv,
    pasv_max: pasv + 50,
    anonymous: false,
    greeting: "PM3K test FTP",
    // deno-lint-ignore no-explicit-any
    log: silent as any,
  });
  const downloads: string[] = [];
  server.on(
    "login",
    (
      // deno-lint-ignore no-explicit-any
      { connection, username: user, password: pass }: any,
      resolve: (r: { root: string }) => void,
      reject: (e: Error) => void,
    ) => {
      if (user !== username || pass !== password) {
        return reject(new Error("Invalid username or password"));
      }
      connection.on("RETR", (error: unknown, path: string) => {
        if (!error) downloads.push(path.slice(root.length) || path);
      });
      resolve({ root });
    },
  );
  await server.listen();
  return {
    host: "127.0.0.1",
    port,
    username,
    password,
    root,
    downloads,
    async close() {
      await server.close();
      for (const signal of signals) {
        for (const listener of process.listeners(signal)) {
          if (!before.get(signal)!.includes(listener)) {
            process.removeListener(signal, listener);
          }
        }
      }
      // Closing a client's connection starts a timer of 1 s that ftp-srv
      // never clears (its "timed out disconnecting" guard): let it end.
      await new Promise((r) => setTimeout(r, 1_100));
      await Deno.remove(root, { recursive: true });
    },
  };
}
