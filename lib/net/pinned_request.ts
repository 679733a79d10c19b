/**
 * An HTTP(S) request that connects only to addresses already checked.
 * fetch() resolves the name once more by itself, so a DNS answer that
 * changes between our check and its connection (DNS rebinding) would slip
 * through. node:http's `lookup` option makes the connection use the checked
 * answer and nothing else, while TLS is still verified against the host
 * name (SNI and certificate stay the URL's). A plain option of the
 * standard client, so no extra library is needed.
 * @module
 */
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Buffer } from "node:buffer";

export interface PinnedRequestInit {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Tests only: trusted CAs in place of the system's. */
  ca?: string[];
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
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Sends one request to `url`, connecting to one of `addresses` only. */
export function fetchPinned(
  url: URL,
  init: PinnedRequestInit,
  addresses: readonly string[],
): Promise<Response> {
  if (addresses.length === 0) {
    return Promise.reject(new Error(`No checked address for ${url.host}`));
  }
  const lookup = pinnedLookup(addresses);
  const headers: Record<string, string> = { ...init.headers };
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  if (body) headers["content-length"] = String(body.length);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, {
      method: init.method,
      headers,
      lookup,
      signal: init.signal,
      ...(init.ca ? { ca: init.ca } : {}),
      // A pooled socket could outlive this check; each request dials anew.
      agent: false,
    });
    // `on`, not `once`, here and on the answer: a stream may emit a second
    // "error" (a signal's abort, then the socket's reset), and one with no
    // listener left is thrown, uncaught, ending the process.
    req.on("error", reject);
    req.once("response", (res: IncomingMessage) => {
      const answerHeaders = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        answerHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
      }
      const status = res.statusCode ?? 502;
      if (NULL_BODY.has(status) || init.method === "HEAD") {
        res.resume();
        resolve(new Response(null, { status, headers: answerHeaders }));
        return;
      }
      resolve(
        new Response(bodyStream(res), {
          status,
          statusText: res.statusMessage,
          headers: answerHeaders,
        }),
      );
    });
    req.end(body);
  });
}

/**
 * The answer's body as a web stream, paused while 256 KiB wait unread.
 * Measured faster here than node:stream's Readable.toWeb.
 */
function bodyStream(res: IncomingMessage): ReadableStream<Uint8Array> {
  // Events may still arrive after a cancel or an error: ignore them then.
  let open = true;
  const stop = () => {
    const was = open;
    open = false;
    return was;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        res.on("data", (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(
            new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
          );
          if ((controller.desiredSize ?? 0) <= 0) res.pause();
        });
        res.once("end", () => stop() && controller.close());
        res.on("error", (error) => stop() && controller.error(error));
        res.once("aborted", () =>
          stop() &&
          controller.error(new Error("The connection closed mid-body")));
      },
      pull() {
        res.resume();
      },
      cancel() {
        stop();
        res.destroy();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 256 * 1024 }),
  );
}
