/**
 * SSRF-safe fetching of user-supplied URLs (domain verification, ingest,
 * webhooks later): https only (plain http only to loopback, and loopback
 * only in sandbox/tests), every resolved address checked (no private,
 * loopback or link-local targets, nor IPv6 forms carrying one: see
 * ip_ranges.ts), at most 3 redirects each re-checked, a
 * timeout for the answer, an idle timeout while reading the body and a
 * deadline for the whole exchange.
 *
 * The connection goes to the very addresses that were checked (see
 * pinned_request.ts), so a DNS answer that changes after the check
 * (rebinding) cannot point it elsewhere.
 * @module
 */
import { classifyAddress } from "./ip_ranges.ts";
import { fetchPinned } from "./pinned_request.ts";
import type { BodyWatch } from "./pinned_request.ts";

export type Resolver = (hostname: string) => Promise<string[]>;

export interface SafeFetchOptions {
  /** Sandbox and tests: loopback targets allowed, over http or https. */
  allowLoopback: boolean;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Until the response headers arrive (default 15 s). */
  timeoutMs?: number;
  /** Longest pause between two body chunks (default 30 s). */
  idleTimeoutMs?: number;
  /** The whole exchange, redirects and body included (default 5 min). */
  totalTimeoutMs?: number;
  /** Told the size of each body chunk as it arrives (ingest's floor rate). */
  onChunk?: (bytes: number) => void;
  maxRedirects?: number;
  resolve?: Resolver;
  /** Tests only: the CAs trusted for https instead of the system's. */
  caCerts?: string[];
  /** Tests only: replaces the pinned connection (then nothing is pinned). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Why a URL was refused: `target` for the URL itself (scheme, credentials,
 * a private or loopback address), which waiting will not change;
 * `unresolved` and `redirects` for what may differ on a later try. Not an
 * `AppError`: ingest, domains and webhooks each answer it with their own
 * code (docs/architecture.md#errors-below-the-domain).
 */
export class UnsafeUrlError extends Error {
  constructor(
    message: string,
    readonly kind: "target" | "unresolved" | "redirects" = "target",
  ) {
    super(message);
    this.name = "UnsafeUrlError";
  }
}

/**
 * The source did not answer (connection, timeout, a broken answer). Not an
 * `AppError`, for the reason {@link UnsafeUrlError} gives.
 */
export class FetchFailedError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "FetchFailedError";
  }
}

/**
 * The content codings an answer was sent with, but `identity` ("gzip",
 * "gzip, br"), or null for its bytes as they are. A host may compress
 * though asked not to (an object stored with Content-Encoding metadata is
 * served so whatever is asked): its bytes are then not the file.
 */
export function answerCoding(headers: Headers): string | null {
  const codings = (headers.get("content-encoding") ?? "").split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding.toLowerCase() !== "identity");
  return codings.length > 0 ? codings.join(", ") : null;
}

/** Resolves A and AAAA records through Deno's resolver. */
export async function resolveHost(hostname: string): Promise<string[]> {
  const out: string[] = [];
  for (const type of ["A", "AAAA"] as const) {
    try {
      out.push(...await Deno.resolveDns(hostname, type));
    } catch {
      // No record of this type: the other may still exist.
    }
  }
  return out;
}

/**
 * Checks one URL before any connection is made; returns the checked
 * addresses, the only ones a connection may then use.
 */
export async function assertSafeUrl(
  url: URL,
  options: SafeFetchOptions,
): Promise<string[]> {
  if (url.username || url.password) {
    throw new UnsafeUrlError("URLs with credentials are not fetched");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UnsafeUrlError(
      `Only https URLs are fetched (got ${url.protocol})`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = classifyAddress(host);
  // "localhost" names never reach DNS: they are loopback by definition.
  const isLocalhost = host === "localhost" || host.endsWith(".localhost");
  if (
    url.protocol === "http:" && !options.allowLoopback && !literal &&
    !isLocalhost
  ) {
    // Plain http is taken to loopback only, and loopback only in sandbox
    // mode: in production a name over http is refused by the https rule
    // before it is looked up, whatever it would resolve to
    // (docs/media.md#server-side-fetches). An address or a localhost name
    // costs no lookup and is still told what it points to.
    throw new UnsafeUrlError("Only https URLs are fetched");
  }
  const addresses = literal
    ? [host]
    : isLocalhost
    ? ["127.0.0.1"]
    : await (options.resolve ?? resolveHost)(host);
  if (addresses.length === 0) {
    // Sandbox mode (production refused plain http above): a name that does
    // not resolve is not loopback, so over http the https rule is what to
    // fix, whatever DNS says.
    if (url.protocol === "http:") {
      throw new UnsafeUrlError("Only https URLs are fetched");
    }
    throw new UnsafeUrlError(
      `The host ${host} does not resolve`,
      "unresolved",
    );
  }
  const classes = addresses.map((a) => classifyAddress(a) ?? "private");
  const allLoopback = classes.every((c) => c === "loopback");
  if (classes.includes("private")) {
    throw new UnsafeUrlError(
      `The host ${host} points to a private or reserved address`,
    );
  }
  if (classes.includes("loopback") && !(allLoopback && options.allowLoopback)) {
    throw new UnsafeUrlError(`The host ${host} points to a loopback address`);
  }
  if (url.protocol === "http:" && !(allLoopback && options.allowLoopback)) {
    throw new UnsafeUrlError("Only https URLs are fetched");
  }
  return addresses;
}

/**
 * Fetches `input` with the checks above; the body, when read, aborts after
 * `idleTimeoutMs` without data or once `totalTimeoutMs` have passed since
 * the call.
 */
export async function safeFetch(
  input: string | URL,
  options: SafeFetchOptions,
): Promise<{ response: Response; url: URL }> {
  const maxRedirects = options.maxRedirects ?? 3;
  const deadline = performance.now() + (options.totalTimeoutMs ?? 300_000);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UnsafeUrlError("Not a valid URL");
  }
  for (let hop = 0;; hop++) {
    const addresses = await assertSafeUrl(url, options);
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onOuterAbort, { once: true });
    const timer = setTimeout(
      () =>
        controller.abort(
          new FetchFailedError("Timed out waiting for an answer"),
        ),
      Math.max(
        0,
        Math.min(options.timeoutMs ?? 15_000, deadline - performance.now()),
      ),
    );
    const init = {
      method: options.method ?? "GET",
      // Without Accept-Encoding any coding is acceptable (RFC 9110 §12.5.3),
      // and PM3K reads the bytes as they come: a host free to gzip would
      // hand over a compressed file (docs/media.md#server-side-fetches).
      headers: { "Accept-Encoding": "identity", ...options.headers },
      body: options.body,
      signal: controller.signal,
    };
    const limits = {
      idleMs: options.idleTimeoutMs ?? 30_000,
      deadline,
      onChunk: options.onChunk,
    };
    const removeOuterAbort = () =>
      options.signal?.removeEventListener("abort", onOuterAbort);
    // The pinned body is watched as it is read, left a byte stream (its
    // reader may bring its own buffers); another fetch's is piped below.
    const watch = options.fetch
      ? null
      : watchBody(limits, controller, removeOuterAbort);
    let response: Response;
    try {
      response = options.fetch
        ? await options.fetch(url, { ...init, redirect: "manual" })
        : await fetchPinned(
          url,
          { ...init, ca: options.caCerts, watch: watch! },
          addresses,
        );
    } catch (error) {
      options.signal?.removeEventListener("abort", onOuterAbort);
      const reason = controller.signal.reason;
      throw reason instanceof FetchFailedError ? reason : new FetchFailedError(
        `Cannot reach ${url.host}: ${(error as Error).message}`,
        error,
      );
    } finally {
      clearTimeout(timer);
    }
    // With no redirect to follow (maxRedirects 0) the redirect is the
    // answer, its status for the caller to report.
    if (
      maxRedirects > 0 && response.status >= 300 && response.status < 400 &&
      response.headers.has("location")
    ) {
      await response.body?.cancel();
      options.signal?.removeEventListener("abort", onOuterAbort);
      if (hop >= maxRedirects) {
        throw new UnsafeUrlError(
          `More than ${maxRedirects} redirects`,
          "redirects",
        );
      }
      url = redirectTarget(response.headers.get("location")!, url);
      continue;
    }
    const body = response.body && !watch
      ? withBodyTimeouts(response.body, limits, controller, removeOuterAbort)
      : response.body;
    return {
      response: new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      }),
      url,
    };
  }
}

/**
 * Where a redirect points, resolved against the URL that answered it. A
 * Location that is no URL is the source's fault, refused as a redirect
 * (which may be fixed later), never thrown as an error of PM3K's own.
 */
function redirectTarget(location: string, from: URL): URL {
  try {
    return new URL(location, from);
  } catch {
    throw new UnsafeUrlError(
      `${from.host} redirected to something that is not a URL`,
      "redirects",
    );
  }
}

interface BodyLimits {
  idleMs: number;
  deadline: number;
  onChunk?: (bytes: number) => void;
}

/**
 * The idle timeout and deadline of a body, from its start: past either,
 * `controller` aborts. One watchdog timer per body, not one timer per
 * chunk: reads only stamp the time, which keeps the hot path cheap. The
 * deadline cuts a body that trickles just fast enough never to be idle.
 */
function watchBody(
  limits: BodyLimits,
  controller: AbortController,
  done: () => void,
): BodyWatch {
  const { idleMs, deadline, onChunk } = limits;
  let lastData = performance.now();
  let watchdog: ReturnType<typeof setInterval> | undefined;
  let over = false;
  const end = () => {
    if (over) return;
    over = true;
    clearInterval(watchdog);
    controller.signal.removeEventListener("abort", end);
    done();
  };
  return {
    start() {
      lastData = performance.now();
      watchdog = setInterval(() => {
        const now = performance.now();
        if (now - lastData > idleMs) {
          controller.abort(new FetchFailedError(`No data for ${idleMs} ms`));
        } else if (now > deadline) {
          controller.abort(
            new FetchFailedError("The transfer took longer than allowed"),
          );
        }
      }, Math.max(10, Math.min(1000, idleMs / 4, (deadline - lastData) / 4)));
      controller.signal.addEventListener("abort", end, { once: true });
    },
    read(bytes) {
      lastData = performance.now();
      onChunk?.(bytes);
    },
    end,
  };
}

/** Another fetch's body (tests' stand-ins), watched as it is piped. */
function withBodyTimeouts(
  body: ReadableStream<Uint8Array>,
  limits: BodyLimits,
  controller: AbortController,
  done: () => void,
): ReadableStream<Uint8Array> {
  const watch = watchBody(limits, controller, done);
  watch.start();
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        watch.read(chunk.byteLength);
        out.enqueue(chunk);
      },
      flush: watch.end,
      cancel: watch.end,
    }),
    // On abort the pipe errors the output with the abort reason.
    { signal: controller.signal },
  );
}
