/**
 * What s3rver does not check and AWS S3, Cloudflare R2 and MinIO all do,
 * checked in front of it: every signed request's SigV4 signature is
 * recomputed from the request as it arrived (method, raw path, query,
 * signed headers, payload hash) by the AWS SDK's own signer
 * (@smithy/signature-v4), a signed payload hash must match the body,
 * presigned URLs expire, clocks may drift 15 minutes at most, and a PUT
 * without a Content-Length (chunked) is refused as AWS refuses it. Requests
 * to `<bucket>.s3.localhost:<port>` are virtual-hosted ones, as
 * `<bucket>.s3.<region>.amazonaws.com` are on AWS. Refusals are answered as
 * S3 answers them (XML error, 4xx/501) and recorded for the tests.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

export interface GatewayOptions {
  /** s3rver's own origin (path-style, no checks). */
  target: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AwsS3Gateway {
  /** Path-style endpoint: `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Virtual-hosted endpoint: buckets at `<bucket>.s3.localhost:<port>`. */
  virtualHostedEndpoint: string;
  /** `METHOD path?query` of every request, path-style, in order. */
  requests: string[];
  /** `CODE METHOD path` of each refused request. */
  refused: string[];
  /** Signed requests that passed the signature check. */
  verified(): number;
  close(): Promise<void>;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const UNSIGNED = "UNSIGNED-PAYLOAD";

class Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** `20261125T123456Z` → Date. */
function amzDate(value: string | null): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) throw new Refusal(403, "AccessDenied", `Bad X-Amz-Date: ${value}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

interface Scope {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
}

function parseCredential(credential: string): Scope {
  const [accessKeyId, day, region, service, terminator] = credential.split("/");
  if (terminator !== "aws4_request") {
    throw new Refusal(400, "AuthorizationHeaderMalformed", credential);
  }
  return { accessKeyId, day, region, service };
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

export function startAwsS3Gateway(options: GatewayOptions): AwsS3Gateway {
  const refused: string[] = [];
  const requests: string[] = [];
  let verified = 0;

  function checkScope(scope: Scope, date: Date) {
    if (scope.accessKeyId !== options.accessKeyId) {
      throw new Refusal(403, "InvalidAccessKeyId", scope.accessKeyId);
    }
    if (scope.region !== options.region || scope.service !== "s3") {
      throw new Refusal(
        400,
        "AuthorizationHeaderMalformed",
        `scope ${scope.region}/${scope.service}`,
      );
    }
    if (scope.day !== date.toISOString().slice(0, 10).replaceAll("-", "")) {
      throw new Refusal(403, "SignatureDoesNotMatch", "scope date");
    }
  }

  function signer(): SignatureV4 {
    return new SignatureV4({
      credentials: {
        accessKeyId: options.accessKeyId,
        secretAccessKey: options.secretAccessKey,
      },
      region: options.region,
      service: "s3",
      sha256: Sha256,
      // S3 signs the path as sent, not escaped a second time.
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  /** The request as the signer sees it: only the headers named as signed. */
  function canonicalInput(
    req: Request,
    url: URL,
    signedHeaders: string[],
    dropQuery: string[],
  ) {
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = req.headers.get(name);
      if (value === null) {
        throw new Refusal(403, "SignatureDoesNotMatch", `no ${name} header`);
      }
      headers[name] = value;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) {
      if (!dropQuery.includes(k)) query[k] = v;
    }
    return {
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query,
      headers,
    };
  }

  /** Checks a header-signed request; returns its body (hash checked). */
  async function verifyHeaderAuth(
    req: Request,
    url: URL,
    authorization: string,
  ): Promise<Uint8Array<ArrayBuffer> | null> {
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/
        .exec(authorization);
    if (!m) throw new Refusal(400, "AuthorizationHeaderMalformed", "header");
    const date = amzDate(req.headers.get("x-amz-date"));
    checkScope(parseCredential(m[1]), date);
    if (Math.abs(Date.now() - date.getTime()) > MAX_SKEW_MS) {
      throw new Refusal(403, "RequestTimeTooSkewed", date.toISOString());
    }
    const payloadHash = req.headers.get("x-amz-content-sha256");
    if (!payloadHash) {
      throw new Refusal(400, "InvalidRequest", "no x-amz-content-sha256");
    }
    const body = req.body
      ? new Uint8Array(await req.arrayBuffer()) as Uint8Array<ArrayBuffer>
      : null;
    if (payloadHash !== UNSIGNED) {
      const actual = await sha256Hex(body ?? new Uint8Array(0));
      if (actual !== payloadHash) {
        throw new Refusal(400, "XAmzContentSHA256Mismatch", payloadHash);
      }
    }
    const signedHeaders = m[2].split(";");
    const reference = await signer().sign(
      canonicalInput(req, url, signedHeaders, []),
      {
        signingDate: date,
        // Exactly the headers the client signed, as they arrived.
        unsignableHeaders: new Set(),
      },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(
      String(reference.headers["authorization"]),
    )?.[1];
    if (expected !== m[3]) {
      throw new Refusal(403, "SignatureDoesNotMatch", "header signature");
    }
    return body;
  }

  /** Checks a presigned (query-signed) request. */
  async function verifyQueryAuth(req: Request, url: URL): Promise<void> {
    const q = url.searchParams;
    if (q.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
      throw new Refusal(400, "AuthorizationQueryParametersError", "algorithm");
    }
    const date = amzDate(q.get("X-Amz-Date"));
    checkScope(parseCredential(q.get("X-Amz-Credential") ?? ""), date);
    const expiresIn = Number(q.get("X-Amz-Expires"));
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604800) {
      throw new Refusal(400, "AuthorizationQueryParametersError", "expires");
    }
    if (Date.now() > date.getTime() + expiresIn * 1000) {
      throw new Refusal(403, "AccessDenied", "Request has expired");
    }
    const signedHeaders = (q.get("X-Amz-SignedHeaders") ?? "").split(";");
    const input = canonicalInput(req, url, signedHeaders, [
      "X-Amz-Signature",
    ]);
    const reference = await signer().presign(
      {
        ...input,
        // Presigned S3 requests carry an unsigned payload.
        headers: { ...input.headers, "x-amz-content-sha256": UNSIGNED },
      },
      {
        signingDate: date,
        expiresIn,
        unhoistableHeaders: new Set([
          ...signedHeaders,
          "x-amz-content-sha256",
        ]),
        unsignableHeaders: new Set(["x-amz-content-sha256"]),
      },
    );
    if (
      String(reference.query?.["X-Amz-Signature"]) !==
        q.get("X-Amz-Signature")
    ) {
      throw new Refusal(403, "SignatureDoesNotMatch", "query signature");
    }
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const host = req.headers.get("host") ?? url.host;
    url.host = host;
    const vhost = new RegExp(`^(.+)\\.s3\\.localhost(:\\d+)?$`).exec(host);
    const path = vhost ? `/${vhost[1]}${url.pathname}` : url.pathname;
    requests.push(`${req.method} ${path}${url.search}`);
    try {
      const authorization = req.headers.get("authorization");
      const presigned = url.searchParams.has("X-Amz-Signature");
      let body: BodyInit | null = null;
      if (
        req.method === "PUT" &&
        (/chunked/i.test(req.headers.get("transfer-encoding") ?? "") ||
          !req.headers.has("content-length"))
      ) {
        throw new Refusal(
          501,
          "NotImplemented",
          "A header you provided implies functionality that is not implemented (Transfer-Encoding)",
        );
      }
      if (req.method === "OPTIONS") {
        // CORS preflights are never signed (the browser sends them).
      } else if (authorization) {
        body = await verifyHeaderAuth(req, url, authorization);
        verified++;
      } else if (presigned) {
        await verifyQueryAuth(req, url);
        verified++;
      } else if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) {
        // Public read (and CORS preflights) only, as the documented bucket.
        throw new Refusal(403, "AccessDenied", "anonymous write");
      }
      if (body === null && req.body) {
        body = new Uint8Array(await req.arrayBuffer());
      }
      const headers = new Headers(req.headers);
      headers.delete("host");
      headers.delete("content-length");
      return await fetch(`${options.target}${path}${url.search}`, {
        method: req.method,
        headers,
        body,
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      await req.body?.cancel().catch(() => {});
      refused.push(`${error.code} ${req.method} ${path}`);
      return new Response(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${error.code}</Code><Message>${error.message}</Message></Error>`,
        {
          status: error.status,
          headers: { "Content-Type": "application/xml" },
        },
      );
    }
  }
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    handle,
  );
  const port = (server.addr as Deno.NetAddr).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    virtualHostedEndpoint: `http://s3.localhost:${port}`,
    requests,
    refused,
    verified: () => verified,
    close: () => server.shutdown(),
  };
}
