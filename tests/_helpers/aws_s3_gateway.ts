/**
 * What s3rver does not check and AWS S3, Cloudflare R2 and MinIO all do,
 * checked in front of it: every signed request's SigV4 signature is
 * recomputed from the request as it arrived (method, raw path, query,
 * signed headers, payload hash) by the AWS SDK's own signer
 * (@smithy/signature-v4), a signed payload hash must match the body,
 * presigned URLs expire (and are not valid before their date), clocks may
 * drift 15 minutes at most, every multipart part but the last holds 5 MiB
 * or more, a PUT without a Content-Length (chunked) is refused, every
 * `x-amz-*` header sent (a CopyObject's `x-amz-copy-source` among them)
 * must be signed, and only objects can be read anonymously (with
 * `publicRead`), never listed. ListObjectsV2 pages are cut here (see
 * listObjectsV2). Requests
 * to `<bucket>.s3.localhost:<port>` are virtual-hosted ones, as
 * `<bucket>.s3.<region>.amazonaws.com` are on AWS. Refusals are answered as
 * S3 answers them (XML error, 4xx/501) and recorded for the tests.
 */
import { referenceSigner } from "./reference_signer.ts";

export interface GatewayOptions {
  /** s3rver's own origin (path-style, no checks). */
  target: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Anonymous GET/HEAD of objects (a public-read bucket); default true. */
  publicRead?: boolean;
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
/** AWS S3's smallest multipart part (all but the last). */
const MIN_PART_BYTES = 5 * 1024 * 1024;

/**
 * The path as S3 signs it: each segment decoded, then encoded per RFC 3986
 * (so `(` is `%28` whether the client sent it raw or escaped).
 */
function canonicalPath(pathname: string): string {
  return pathname.split("/").map((segment) =>
    encodeURIComponent(decodeURIComponent(segment)).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    )
  ).join("/");
}

/**
 * As S3: every `x-amz-*` header present must be signed, so that none (a
 * CopyObject's source, say) can be added or changed by whoever holds a
 * signed request.
 */
function requireAmzHeadersSigned(req: Request, signed: string[]) {
  const unsigned = [...req.headers.keys()].filter((name) =>
    name.startsWith("x-amz-") && !signed.includes(name)
  );
  if (unsigned.length > 0) {
    throw new Refusal(
      403,
      "AccessDenied",
      `There were headers present in the request which were not signed: ${
        unsigned.join(", ")
      }`,
    );
  }
}

/** `&amp;` and the other escapes of XML text, undone. */
function xmlUnescape(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"').replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}

function xmlEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/** Compares keys as S3 orders them: by their UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

/** The gateway's own continuation tokens: the last key listed, wrapped. */
const TOKEN_PREFIX = "pm3k-gateway:";

function tokenFor(lastKey: string): string {
  return btoa(
    String.fromCharCode(...new TextEncoder().encode(TOKEN_PREFIX + lastKey)),
  );
}

function keyOfToken(token: string): string {
  let text = "";
  try {
    text = new TextDecoder().decode(
      Uint8Array.from(atob(token), (c) => c.charCodeAt(0)),
    );
  } catch {
    // Not base64: refused below like any other foreign token.
  }
  if (!text.startsWith(TOKEN_PREFIX)) {
    throw new Refusal(
      400,
      "InvalidArgument",
      "The continuation token provided is incorrect",
    );
  }
  return text.slice(TOKEN_PREFIX.length);
}

/** The headers every SigV4 request of this kind must have signed. */
function requireSigned(signed: string[], required: string[]) {
  for (const name of required) {
    if (!signed.includes(name)) {
      throw new Refusal(
        403,
        "AccessDenied",
        `There were headers present in the request which were not signed: ${name}`,
      );
    }
  }
}

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

/** Thrown when the client goes away mid-body: nobody reads the answer. */
class ClientGone extends Error {}

async function readBody(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await req.arrayBuffer());
  } catch (error) {
    throw new ClientGone(String(error));
  }
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

export function startAwsS3Gateway(options: GatewayOptions): AwsS3Gateway {
  const refused: string[] = [];
  /** Sizes of the parts received, per multipart upload. */
  const partSizes = new Map<string, Map<number, number>>();
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

  // The path is given canonical already (canonicalPath).
  const signer = referenceSigner(options, options.region);

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
      path: canonicalPath(url.pathname),
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
    const body = req.body ? await readBody(req) : null;
    if (payloadHash !== UNSIGNED) {
      const actual = await sha256Hex(body ?? new Uint8Array(0));
      if (actual !== payloadHash) {
        throw new Refusal(400, "XAmzContentSHA256Mismatch", payloadHash);
      }
    }
    const signedHeaders = m[2].split(";");
    requireSigned(signedHeaders, [
      "host",
      "x-amz-content-sha256",
      "x-amz-date",
    ]);
    requireAmzHeadersSigned(req, signedHeaders);
    const reference = await signer.sign(
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
    if (date.getTime() - Date.now() > MAX_SKEW_MS) {
      throw new Refusal(403, "AccessDenied", "Request is not yet valid");
    }
    const signedHeaders = (q.get("X-Amz-SignedHeaders") ?? "").split(";");
    requireSigned(signedHeaders, ["host"]);
    requireAmzHeadersSigned(req, signedHeaders);
    const input = canonicalInput(req, url, signedHeaders, [
      "X-Amz-Signature",
    ]);
    const reference = await signer.presign(
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

  /** `/bucket/key...`, not the bucket itself. */
  function isObjectPath(path: string): boolean {
    return /^\/[^/]+\/.+/.test(path);
  }

  /** Records part sizes; refuses a completion with a part under 5 MiB. */
  function checkMultipart(
    method: string,
    query: URLSearchParams,
    body: BodyInit | null,
  ) {
    const uploadId = query.get("uploadId");
    if (!uploadId) return;
    const sizes = partSizes.get(uploadId) ?? new Map<number, number>();
    partSizes.set(uploadId, sizes);
    if (method === "PUT" && query.has("partNumber")) {
      sizes.set(
        Number(query.get("partNumber")),
        body instanceof Uint8Array ? body.length : 0,
      );
    } else if (method === "POST") {
      const numbers = [...sizes.keys()].sort((a, b) => a - b);
      for (const n of numbers.slice(0, -1)) {
        if (sizes.get(n)! < MIN_PART_BYTES) {
          throw new Refusal(
            400,
            "EntityTooSmall",
            `Your proposed upload is smaller than the minimum allowed object size (part ${n})`,
          );
        }
      }
      partSizes.delete(uploadId);
    } else if (method === "DELETE") {
      partSizes.delete(uploadId);
    }
  }

  /**
   * ListObjectsV2 of `bucketPath`, ordered and paged here. s3rver lists in
   * the order it walks its folders ("a/1" before "a.b"), where S3 lists in
   * byte order, and makes its continuation tokens with DES, which Deno's
   * node:crypto lacks (a truncated listing answers InternalError). So the
   * gateway asks s3rver for every key under the prefix (up to s3rver's
   * 1000, plenty for tests), sorts them, keeps those after `start-after`
   * (or the token's key) and cuts the page at `max-keys` with tokens of
   * its own, as S3 pages a listing.
   */
  async function listObjectsV2(
    bucketPath: string,
    query: URLSearchParams,
  ): Promise<Response> {
    const maxKeys = Math.min(1000, Number(query.get("max-keys") ?? 1000));
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new Refusal(400, "InvalidArgument", "max-keys");
    }
    const token = query.get("continuation-token");
    const startAfter = token !== null
      ? keyOfToken(token)
      : query.get("start-after") ?? "";
    const prefix = query.get("prefix") ?? "";
    const upstream = new URL(`${options.target}${bucketPath}`);
    upstream.searchParams.set("list-type", "2");
    upstream.searchParams.set("prefix", prefix);
    const res = await fetch(upstream);
    const xml = await res.text();
    if (!res.ok || /<IsTruncated>true</.test(xml)) {
      return new Response(xml, {
        status: res.ok ? 500 : res.status,
        headers: { "Content-Type": "application/xml" },
      });
    }
    const contents = [...xml.matchAll(/<Contents>[^]*?<\/Contents>/g)].map(
      (m) => ({
        xml: m[0],
        key: xmlUnescape(/<Key>([^<]*)<\/Key>/.exec(m[0])?.[1] ?? ""),
      }),
    ).filter((c) => byteOrder(c.key, startAfter) > 0)
      .sort((a, b) => byteOrder(a.key, b.key));
    const page = contents.slice(0, maxKeys);
    const truncated = contents.length > maxKeys;
    const lastKey = page.at(-1)?.key ?? "";
    const bucket = bucketPath.split("/")[1];
    return new Response(
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${
        xmlEscape(prefix)
      }</Prefix>${
        token !== null
          ? `<ContinuationToken>${token}</ContinuationToken>`
          : startAfter
          ? `<StartAfter>${xmlEscape(startAfter)}</StartAfter>`
          : ""
      }<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
        truncated
          ? `<NextContinuationToken>${
            tokenFor(lastKey)
          }</NextContinuationToken>`
          : ""
      }${page.map((c) => c.xml).join("")}</ListBucketResult>`,
      { headers: { "Content-Type": "application/xml" } },
    );
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
      } else if (
        !["GET", "HEAD"].includes(req.method) ||
        options.publicRead === false || !isObjectPath(path)
      ) {
        // A public-read bucket, as documented: objects only, no listing.
        throw new Refusal(403, "AccessDenied", "Access Denied");
      }
      if (body === null && req.body) {
        body = await readBody(req);
      }
      if (
        req.method === "GET" && !isObjectPath(path) &&
        url.searchParams.get("list-type") === "2"
      ) {
        return await listObjectsV2(
          path.replace(/\/+$/, ""),
          url.searchParams,
        );
      }
      checkMultipart(req.method, url.searchParams, body);
      const headers = new Headers(req.headers);
      headers.delete("host");
      headers.delete("content-length");
      return await fetch(`${options.target}${path}${url.search}`, {
        method: req.method,
        headers,
        body,
      });
    } catch (error) {
      if (error instanceof ClientGone) {
        return new Response("IncompleteBody", { status: 400 });
      }
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
