/**
 * A real S3 HTTP API for tests: s3rver (npm) on a loopback port with one
 * bucket, reached through a gateway that checks what s3rver does not and
 * AWS S3, R2 and MinIO do (SigV4 signatures recomputed by the AWS SDK's
 * signer, payload hashes, expiry, clock skew, Content-Length framing) and
 * serves virtual-hosted requests (aws_s3_gateway.ts).
 */
import S3rver from "s3rver";
import type { LookupFunction } from "node:net";
import { startAwsS3Gateway } from "./aws_s3_gateway.ts";
import type { S3StorageOptions } from "../../lib/storage/s3_storage.ts";
import { s3Env } from "./s3_env.ts";
import { startTestServer } from "./test_server.ts";
import type { TestServer, TestServerOptions } from "./test_server.ts";

/** What this harness uses of an s3rver instance (the package has no types). */
interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  /** The node:http server, set by run(). */
  httpServer?: { closeAllConnections?: () => void };
}

export interface S3rverHandle {
  /** Path-style endpoint (the gateway). */
  endpoint: string;
  /** Virtual-hosted endpoint: `<bucket>.s3.localhost:<port>`. */
  virtualHostedEndpoint: string;
  bucket: string;
  /** Keys in the bucket under `prefix`, sorted (s3rver's own listing). */
  keys(prefix?: string): Promise<string[]>;
  /** Every request the bucket got (`METHOD /bucket/key?query`), in order. */
  requests: string[];
  /** Requests the gateway refused (`CODE METHOD path`). */
  refused: string[];
  /** Signed requests whose signature the gateway checked and accepted. */
  verified(): number;
  /**
   * How a client reaches `*.s3.localhost` here, with no DNS for it: fetches
   * go through the gateway as an HTTP proxy, node:http connects to loopback.
   */
  loopback: { fetch: typeof fetch; lookup: LookupFunction };
  /** The S3 adapter's options for this bucket (path-style). */
  storageOptions: S3StorageOptions;
  /** Environment for a PM3K server using this bucket (path-style). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts s3rver; `corsXml` is the bucket's CORS configuration (none by
 * default, so browsers are refused as AWS refuses them); `region` is the one
 * signatures must be scoped to (`auto` as on Cloudflare R2).
 */
export async function startS3rver(
  options: { corsXml?: string; region?: string; publicRead?: boolean } = {},
): Promise<S3rverHandle> {
  const directory = await Deno.makeTempDir({ prefix: "pm3k-s3rver-" });
  const bucket = "pm3k-media";
  const server: S3rverServer = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{
      name: bucket,
      configs: options.corsXml ? [options.corsXml] : [],
    }],
  });
  const addr = await server.run();
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const region = options.region ?? "us-east-1";
  const target = `http://127.0.0.1:${addr.port}`;
  const gateway = startAwsS3Gateway({
    target,
    region,
    publicRead: options.publicRead,
    ...credentials,
  });
  const endpoint = gateway.endpoint;
  const storageOptions: S3StorageOptions = {
    endpoint,
    region,
    bucket,
    ...credentials,
    forcePathStyle: true,
    filesBaseUrl: `${endpoint}/${bucket}`,
  };
  const proxy = Deno.createHttpClient({ proxy: { url: endpoint } });
  const lookup: LookupFunction = (_host, options, callback) => {
    // node:http asks for every address (`all`), net.connect for one.
    const all = (options as { all?: boolean }).all;
    if (all) {
      (callback as (e: null, a: { address: string; family: number }[]) => void)(
        null,
        [{ address: "127.0.0.1", family: 4 }],
      );
    } else callback(null, "127.0.0.1", 4);
  };
  return {
    endpoint,
    virtualHostedEndpoint: gateway.virtualHostedEndpoint,
    bucket,
    async keys(prefix = "") {
      // Straight from s3rver: the gateway, like AWS, lists for signed
      // requests only.
      const url = new URL(`${target}/${bucket}`);
      url.searchParams.set("list-type", "2");
      url.searchParams.set("prefix", prefix);
      const xml = await (await fetch(url)).text();
      if (!xml.includes("<ListBucketResult")) throw new Error(xml);
      return [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]).sort();
    },
    requests: gateway.requests,
    refused: gateway.refused,
    verified: gateway.verified,
    loopback: {
      fetch: (input, init) => fetch(input, { ...init, client: proxy }),
      lookup,
    },
    storageOptions,
    env: s3Env(storageOptions),
    async close() {
      proxy.close();
      await gateway.close();
      // http.Server.close() waits for idle keep-alive connections (fetch's
      // pool keeps some): drop them, or closing can hang for minutes.
      server.httpServer?.closeAllConnections?.();
      await server.close();
      await Deno.remove(directory, { recursive: true });
    },
  };
}

/**
 * A test server (with `options`) keeping media on `adapter`: the local
 * disk, or an s3rver started for it, which its close() stops after it.
 */
export async function startServerOn(
  adapter: "local" | "s3",
  options: TestServerOptions = {},
): Promise<TestServer> {
  const s3 = adapter === "s3" ? await startS3rver() : null;
  let server: TestServer;
  try {
    server = await startTestServer({
      ...options,
      env: { ...options.env, ...s3?.env },
    });
  } catch (error) {
    await s3?.close();
    throw error;
  }
  return {
    ...server,
    async close() {
      try {
        await server.close();
      } finally {
        await s3?.close();
      }
    },
  };
}
