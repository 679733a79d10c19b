/**
 * Cloudflare's own local R2 for tests: miniflare (npm, from Cloudflare's
 * workers-sdk, running the real workerd runtime) with one bucket exposed
 * through its local S3-compatible API (`/cdn-cgi/local/r2/s3`, which checks
 * SigV4 with its own code, not the AWS SDK's, and answers with R2's error
 * codes) and its public r2.dev-style reads (`/cdn-cgi/local/r2/public`).
 * It is an emulator, not R2: CORS is open to the sites it is told of (any
 * other gets 403) and there is no per-bucket CORS or access policy.
 */

import type { S3StorageOptions } from "../../lib/storage/s3_storage.ts";
import { s3Env } from "./s3_env.ts";
import { readFirstLine } from "./server_process.ts";
import { TESTS_CONFIG } from "./tests_config.ts";

export interface R2EmulatorHandle {
  /** S3 endpoint (path-style, under miniflare's prefix). */
  endpoint: string;
  bucket: string;
  /** Public, unsigned base URL of the bucket (as an r2.dev URL). */
  publicBaseUrl: string;
  /** The S3 adapter's options for this bucket (region `auto`). */
  storageOptions: S3StorageOptions;
  /** Keys in the bucket under `prefix`, sorted (the R2 binding's listing). */
  keys(prefix?: string): Promise<string[]>;
  /** Environment for a PM3K server or task using this bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** `siteOrigins`: the dashboards whose browsers may send CORS requests. */
export async function startR2Emulator(
  options: { siteOrigins?: string[] } = {},
): Promise<R2EmulatorHandle> {
  const bucket = "pm3k-media";
  const credentials = {
    accessKeyId: "0123456789abcdef0123456789abcdef",
    secretAccessKey: "local-r2-secret-for-tests",
  };
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      TESTS_CONFIG,
      new URL("./r2_emulator_main.ts", import.meta.url).pathname,
      bucket,
      credentials.accessKeyId,
      credentials.secretAccessKey,
      ...(options.siteOrigins ?? []).map((o) => new URL(o).hostname),
    ],
    stdin: "piped",
    stdout: "piped",
    // workerd logs warnings of its own: kept for the error message only.
    stderr: "piped",
  }).spawn();
  let log = "";
  const logged = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        log = (log + chunk).slice(-4000);
      },
    }),
  );
  const stdin = child.stdin.getWriter();
  const { line: origin, reader } = await readFirstLine(child.stdout);
  const stop = async () => {
    await stdin.close();
    await reader.cancel();
    await child.status;
    await logged;
  };
  if (!origin.startsWith("http://")) {
    await stop();
    throw new Error(`the R2 emulator did not start: ${origin}${log}`);
  }
  const endpoint = `${origin}/cdn-cgi/local/r2/s3`;
  const publicBaseUrl = `${origin}/cdn-cgi/local/r2/public/${bucket}`;
  const storageOptions: S3StorageOptions = {
    endpoint,
    region: "auto",
    bucket,
    ...credentials,
    forcePathStyle: true,
    filesBaseUrl: publicBaseUrl,
  };
  return {
    endpoint,
    bucket,
    publicBaseUrl,
    storageOptions,
    async keys(prefix = "") {
      const url = new URL(`${origin}/keys`);
      url.searchParams.set("prefix", prefix);
      const res = await fetch(url);
      if (!res.ok) throw new Error(`listing answered ${res.status}`);
      return await res.json();
    },
    env: s3Env(storageOptions),
    close: stop,
  };
}
