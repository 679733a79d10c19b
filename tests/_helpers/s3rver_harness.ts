/**
 * A real S3 HTTP API for tests: s3rver (npm) on a loopback port with one
 * bucket. Note that s3rver does not verify SigV4 signatures; the signature
 * test compares ours with @smithy/signature-v4 instead.
 */
import S3rver from "s3rver";

export interface S3rverHandle {
  endpoint: string;
  bucket: string;
  /** Environment for a PM3K server using this bucket (path-style). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3rver(): Promise<S3rverHandle> {
  const directory = await Deno.makeTempDir({ prefix: "pm3k-s3rver-" });
  const bucket = "pm3k-media";
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const addr = await server.run() as { port: number };
  const endpoint = `http://127.0.0.1:${addr.port}`;
  return {
    endpoint,
    bucket,
    env: {
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
      FILES_BASE_URL: `${endpoint}/${bucket}`,
    },
    async close() {
      // http.Server.close() waits for idle keep-alive connections (fetch's
      // pool keeps some): drop them, or closing can hang for minutes.
      const http = (server as unknown as {
        httpServer?: { closeAllConnections?: () => void };
      }).httpServer;
      http?.closeAllConnections?.();
      await server.close();
      await Deno.remove(directory, { recursive: true });
    },
  };
}
