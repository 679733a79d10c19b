/**
 * An HTTP(S) request that connects only to addresses already checked.
 * fetch() resolves the name once more by itself, so a DNS answer that
 * changes between our check and its connection (DNS rebinding) would slip
 * through. The connection is opened here, to a checked address and nothing
 * else, with TLS still verified against the host name (SNI and certificate
 * stay the URL's), and the answer is read by http1_answer.ts. (Deno's
 * fetch cannot be pinned: its "tcp" transport sends an https URL's request
 * in plain text. node:http's `lookup` option pinned it too, but its reader
 * let 60–85 MB of garbage pile up during a 200 MB copy.)
 * @module
 */
import { bodyFraming, ConnReader, readAnswerHead } from "./http1_answer.ts";
import type { BodyRead } from "./http1_answer.ts";

export interface PinnedRequestInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Tests only: trusted CAs in place of the system's. */
  ca?: string[];
  /** Told of the answer's body as it is read (safe_fetch.ts's timeouts). */
  watch?: BodyWatch;
}

/** What is told of an answer's body as it is read. */
export interface BodyWatch {
  /** The answer has a body: reading it begins. */
  start(): void;
  /** `bytes` more were read. */
  read(bytes: number): void;
  /** The body is over: read to its end, failed or cancelled. */
  end(): void;
}

interface LookupOptions {
  all?: boolean;
}
type LookupCallback = (
  error: Error | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * node:http's `lookup` option answering with `addresses` only: the
 * connection goes to an address already checked, whatever DNS says now.
 */
export function pinnedLookup(addresses: readonly string[]) {
  const answers = addresses.map((address) => ({
    address,
    family: address.includes(":") ? 6 : 4,
  }));
  return (
    _hostname: string,
    options: LookupOptions | number | undefined,
    callback: LookupCallback,
  ) => {
    if (typeof options === "object" && options?.all) callback(null, answers);
    else callback(null, answers[0].address, answers[0].family);
  };
}

/** Statuses whose answers never have a body (Response refuses one). */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * What a body's reader gets per read when it brings no buffer of its own.
 * Measured on a 200 MB copy: 64 KiB halved the speed, 1 MiB raised the
 * memory; storage writers bring their own buffers (local_storage.ts).
 */
const BODY_CHUNK_BYTES = 128 * 1024;

const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const encoder = new TextEncoder();

/**
 * Sends one request to `url`, connecting to one of `addresses` only (the
 * first that accepts), TLS verified against the URL's host name. The
 * connection is PM3K's own: the answer is read by http1_answer.ts, which
 * reads the body straight into its reader's buffers.
 */
export async function fetchPinned(
  url: URL,
  init: PinnedRequestInit,
  addresses: readonly string[],
): Promise<Response> {
  if (addresses.length === 0) {
    throw new Error(`No checked address for ${url.host}`);
  }
  const request = requestBytes(url, init);
  const { signal } = init;
  signal.throwIfAborted();
  let conn: Deno.Conn | null = null;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener("abort", close);
    try {
      conn?.close();
    } catch {
      // Already closed by its peer's end.
    }
  };
  // An abort closes the connection: whatever waits on it (connecting,
  // the handshake, the head, a body read) fails at once.
  signal.addEventListener("abort", close, { once: true });
  try {
    conn = await connectPinned(url, addresses, init.ca, signal, (c) => {
      // Held from the start, so an abort also ends a stuck handshake.
      conn = c;
      if (closed) c.close();
    });
    signal.throwIfAborted();
    for (let sent = 0; sent < request.length;) {
      sent += await conn.write(request.subarray(sent));
    }
    const reader = new ConnReader(conn);
    const head = await readAnswerHead(reader);
    if (NULL_BODY.has(head.status) || init.method === "HEAD") {
      close();
      return new Response(null, head);
    }
    const read = bodyFraming(reader, head.headers);
    init.watch?.start();
    return new Response(bodyStream(read, close, signal, init.watch), head);
  } catch (error) {
    close();
    if (signal.aborted) throw signal.reason;
    throw error;
  }
}

/** The request's head and body, refused if a header would break it. */
function requestBytes(url: URL, init: PinnedRequestInit): Uint8Array {
  const body = init.body === undefined ? null : encoder.encode(init.body);
  const lines = [
    `${init.method} ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
  ];
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) {
      throw new TypeError(`Invalid header ${JSON.stringify(name)}`);
    }
    const lower = name.toLowerCase();
    if (lower === "host" || lower === "connection") continue;
    if (lower === "content-length" && body) continue;
    lines.push(`${name}: ${value}`);
  }
  if (body) lines.push(`Content-Length: ${body.length}`);
  // One request per connection: the connection ends with the answer.
  lines.push("Connection: close", "", "");
  const head = encoder.encode(lines.join("\r\n"));
  if (!body) return head;
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** Connects to the first of `addresses` that accepts; TLS for https. */
async function connectPinned(
  url: URL,
  addresses: readonly string[],
  ca: string[] | undefined,
  signal: AbortSignal,
  hold: (conn: Deno.Conn) => void,
): Promise<Deno.Conn> {
  const https = url.protocol === "https:";
  const port = url.port ? Number(url.port) : https ? 443 : 80;
  let lastError: unknown;
  for (const hostname of addresses) {
    let tcp: Deno.TcpConn;
    try {
      tcp = await Deno.connect({ hostname, port, signal });
    } catch (error) {
      signal.throwIfAborted();
      lastError = error;
      continue;
    }
    hold(tcp);
    if (!https) return tcp;
    // The certificate is checked against the URL's name (SNI too), not
    // the address the connection went to.
    const tls = await Deno.startTls(tcp, {
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      ...(ca ? { caCerts: ca } : {}),
    });
    hold(tls);
    await tls.handshake();
    return tls;
  }
  throw lastError;
}

/**
 * The body as a byte stream: a reader with its own buffer (BYOB) gets the
 * bytes read straight into it; others get BODY_CHUNK_BYTES at a time. An
 * abort (a timeout, the caller's signal) errors it with the abort's reason,
 * whether a read is waiting or not.
 */
function bodyStream(
  read: BodyRead,
  close: () => void,
  signal: AbortSignal,
  watch: BodyWatch | undefined,
): ReadableStream<Uint8Array> {
  let over = false;
  let onAbort = () => {};
  const end = () => {
    if (over) return;
    over = true;
    signal.removeEventListener("abort", onAbort);
    close();
    watch?.end();
  };
  return new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: BODY_CHUNK_BYTES,
    start(controller) {
      onAbort = () => {
        controller.error(signal.reason);
        end();
      };
      signal.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      const request = controller.byobRequest!;
      let n: number | null;
      try {
        n = await read(request.view as Uint8Array);
      } catch (error) {
        end();
        throw signal.aborted ? signal.reason : error;
      }
      if (n === null) {
        end();
        controller.close();
        request.respond(0);
        return;
      }
      watch?.read(n);
      request.respond(n);
    },
    cancel: end,
  });
}
