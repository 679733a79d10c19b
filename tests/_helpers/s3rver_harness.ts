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

/**
 * Starts s3rver; `corsXml` is the bucket's CORS configuration (none by
 * default, so browsers are refused as AWS refuses them).
 */
export async function startS3rver(
  options: { corsXml?: string } = {},
): Promise<S3rverHandle> {
  const directory = await Deno.makeTempDir({ prefix: "pm3k-s3rver-" });
  const bucket = "pm3k-media";
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{
      name: bucket,
      configs: options.corsXml ? [options.corsXml] : [],
    }],
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

/**
 * s3rver accepts any request framing, AWS S3 does not: a PUT without a
 * Content-Length (a chunked body) gets 501 NotImplemented there. This proxy
 * in front of s3rver answers such PUTs as AWS does and forwards the rest.
 */
export function startAwsFramingProxy(
  target: string,
): { endpoint: string; refused: string[]; close(): Promise<void> } {
  const refused: string[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      const url = new URL(req.url);
      const chunked = /chunked/i.test(
        req.headers.get("transfer-encoding") ?? "",
      );
      if (
        req.method === "PUT" && (chunked || !req.headers.has("content-length"))
      ) {
        refused.push(`${req.method} ${url.pathname}${url.search}`);
        await req.body?.cancel();
        return new Response(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented</Message><Header>Transfer-Encoding</Header></Error>',
          { status: 501, headers: { "Content-Type": "application/xml" } },
        );
      }
      const headers = new Headers(req.headers);
      headers.delete("host");
      headers.delete("content-length");
      return await fetch(`${target}${url.pathname}${url.search}`, {
        method: req.method,
        headers,
        body: req.body ? await req.arrayBuffer() : undefined,
      });
    },
  );
  return {
    endpoint: `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}`,
    refused,
    close: () => server.shutdown(),
  };
}
