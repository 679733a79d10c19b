import type {
  IDataObject,
  IExecuteFunctions,
  IHttpRequestMethods,
  IHttpRequestOptions,
  INode,
  JsonObject,
} from "n8n-workflow";
import { NodeApiError, sleep } from "n8n-workflow";
import type { Readable } from "node:stream";

export const CREDENTIAL = "pm3kApi";

/**
 * A PM3K refusal: `{ ok: false, error, message, ...extra }`
 * (docs/api.md#errors). The message reads `<code>: <message>`, and `body`
 * keeps the whole answer for "continue on fail".
 */
export class Pm3kApiError extends NodeApiError {
  readonly body: IDataObject;
  readonly status: number;

  constructor(
    node: INode,
    status: number,
    body: IDataObject,
    itemIndex: number,
    hint?: string,
  ) {
    const code = errorCodeOf(body, status);
    const text = errorTextOf(body, status);
    const extra = Object.entries(body)
      .filter(([k]) => !["ok", "error", "message"].includes(k))
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    const message = `${code}: ${text}`;
    super(node, { ...body } as JsonObject, {
      message,
      description: [
        ...(hint ? [hint] : []),
        `PM3K error code "${code}" (HTTP ${status})`,
        ...extra,
      ].join("; "),
      httpCode: String(status),
      itemIndex,
    });
    // n8n swaps a message naming a Node error code (ECONNREFUSED,
    // ETIMEDOUT, ENOTFOUND…) for its stock sentence ("The service refused
    // the connection - perhaps it is offline"), which blames PM3K for a
    // source PM3K could not reach (docs/media.md#uploads-from-a-url): PM3K's
    // code and message are kept as they are.
    this.message = message;
    this.body = body;
    this.status = status;
  }

  /**
   * The code an IF can match, the one name for it (as the TypeScript
   * client's `Pm3kError.code`, clients/typescript/README.md): PM3K's
   * (`interval_limit`), or `http_<status>` for an answer that is not
   * PM3K's JSON (a proxy's 502 or 504 page); `fromPm3k` tells them apart.
   */
  get code(): string {
    return errorCodeOf(this.body, this.status);
  }

  /** @deprecated The same as {@link code}, its former second name. */
  get errorCode(): string {
    return this.code;
  }

  /** Whether PM3K answered it (its JSON `error`), not a proxy or gateway. */
  get fromPm3k(): boolean {
    return typeof this.body.error === "string";
  }

  /** The message without its code, as PM3K's `message` is. */
  get text(): string {
    return errorTextOf(this.body, this.status);
  }
}

function errorCodeOf(body: IDataObject, status: number): string {
  return typeof body.error === "string" ? body.error : `http_${status}`;
}

function errorTextOf(body: IDataObject, status: number): string {
  return typeof body.message === "string" && body.message
    ? body.message
    : `PM3K answered HTTP ${status}`;
}

/**
 * The origin of the credential's Base URL. PM3K serves from the root of
 * its PUBLIC_BASE_URL, which has no path (docs/configuration.md), so a
 * builder's copy of a page's address (`…/dashboard`, `…/docs`, `…/api`)
 * still reaches the API instead of `…/dashboard/api/me` (404). The
 * credential's test makes the same cut, with a pattern (an n8n expression).
 */
export function pm3kOrigin(baseUrl: string): string {
  const text = baseUrl.trim();
  try {
    return new URL(text).origin;
  } catch {
    // Not a URL: sent as given, for the request to say what is wrong.
    return text.replace(/\/+$/, "");
  }
}

export interface Pm3kRequest {
  method: IHttpRequestMethods;
  /** Path under the base URL, starting with `/api/`. */
  path: string;
  qs?: IDataObject;
  /** A JSON body. */
  body?: IDataObject;
  /**
   * Or a file as the body: `open` gives its bytes or a stream of them,
   * each time anew (a redirected upload is sent again).
   */
  file?: {
    open(): Promise<Buffer | Readable>;
    contentType: string;
    length: number;
  };
  headers?: IDataObject;
  /**
   * What to do in n8n about a refusal, by its code (`http_<status>` for an
   * answer that is not PM3K's JSON, a proxy's page): put first in the
   * error's description (PM3K's own message speaks of API paths). A
   * function reads the refusal first and may find it does not apply.
   */
  hints?: Record<string, string | ((body: IDataObject) => string | undefined)>;
}

/**
 * The longest the node waits for the first request of its Idempotency-Key
 * to end: PM3K's bound on a post or a copy (docs/posting.md#how-long-a-post-can-take)
 * is under 8 minutes, and `in_progress_until` names the end of it.
 */
const IN_PROGRESS_WAIT_MS = 10 * 60_000;

/**
 * Calls PM3K with the node's credential (base URL and key); answers the
 * JSON body of a 2xx, throws `Pm3kApiError` for anything else. A JSON
 * request sent with an Idempotency-Key that PM3K answers 409
 * `idempotency_in_progress` (Retry On Fail after a proxy gave up on a long
 * copy, while PM3K still runs the first request) is sent again after its
 * Retry-After, until the first one's answer comes back (PM3K stops
 * answering 409 once the first request's deadline, `in_progress_until`,
 * has passed): n8n's own retries, a few seconds apart, would end before a
 * copy of minutes does (docs/workflows.md).
 */
export async function pm3kRequest(
  this: IExecuteFunctions,
  itemIndex: number,
  request: Pm3kRequest,
): Promise<IDataObject> {
  const started = Date.now();
  for (;;) {
    try {
      return await pm3kRequestOnce.call(this, itemIndex, request);
    } catch (error) {
      const wait = inProgressWait(error, request, started);
      if (wait === null) throw error;
      await sleep(wait);
    }
  }
}

/**
 * How long to wait before sending `request` again after `error`, or null
 * when it is not to be sent again.
 */
function inProgressWait(
  error: unknown,
  request: Pm3kRequest,
  started: number,
): number | null {
  if (
    !(error instanceof Pm3kApiError) ||
    error.code !== "idempotency_in_progress" ||
    request.file !== undefined || !request.headers?.["Idempotency-Key"]
  ) {
    return null;
  }
  // Past the first request's deadline PM3K hands the key to the retry
  // instead, so no 409 comes after it: the node's own bound is enough,
  // without comparing its clock with PM3K's.
  if (Date.now() - started > IN_PROGRESS_WAIT_MS) return null;
  const seconds = Number(error.body.retry_after_seconds);
  return Math.min(Math.max(Number.isFinite(seconds) ? seconds : 1, 1), 5) *
    1000;
}

/** One call of {@link pm3kRequest}. */
async function pm3kRequestOnce(
  this: IExecuteFunctions,
  itemIndex: number,
  request: Pm3kRequest,
): Promise<IDataObject> {
  const credentials = await this.getCredentials(CREDENTIAL, itemIndex);
  const base = pm3kOrigin(String(credentials.baseUrl));
  const { file } = request;
  const headers: IDataObject = {
    Accept: "application/json",
    ...request.headers,
  };
  if (file) {
    headers["Content-Type"] = file.contentType;
    headers["Content-Length"] = file.length;
  } else if (request.body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const options: IHttpRequestOptions = {
    method: request.method,
    url: `${base}${request.path}`,
    qs: request.qs,
    headers,
    body: request.body,
    json: !file,
    returnFullResponse: true,
    // Refusals are read here, with their code, not thrown by the helper.
    ignoreHttpStatusErrors: true,
  };
  const response = file
    ? await sendFile.call(this, options, file)
    : await send.call(this, options);
  if (response.redirectedTo) {
    throw new Pm3kApiError(
      this.getNode(),
      response.statusCode,
      {
        ok: false,
        message:
          `The Base URL redirects the upload (HTTP ${response.statusCode}) to ${response.redirectedTo}`,
      },
      itemIndex,
      `In n8n: set the PM3K credential's Base URL to ${
        pm3kOrigin(response.redirectedTo)
      }, PM3K's own address. Upload Media sends a file on through a redirect only to the same host and only for HTTP 307 or 308 (a 301 or 302 would turn the upload into a GET)`,
    );
  }
  const body = parseBody(response.body, response.statusCode);
  if (response.statusCode >= 300 || body.ok === false) {
    throw new Pm3kApiError(
      this.getNode(),
      response.statusCode,
      body,
      itemIndex,
      hintFor(request, body, response.statusCode),
    );
  }
  return body;
}

interface Answer {
  statusCode: number;
  body: unknown;
  headers?: Record<string, unknown>;
  /** Where a redirect not followed pointed. */
  redirectedTo?: string;
}

/** One request through n8n's HTTP helper, with the credential. */
async function send(
  this: IExecuteFunctions,
  options: IHttpRequestOptions,
): Promise<Answer> {
  return await this.helpers.httpRequestWithAuthentication.call(
    this,
    CREDENTIAL,
    options,
  ) as Answer;
}

/** Redirects a file upload follows (a proxy's http → https, at most). */
const MAX_FILE_REDIRECTS = 3;

/**
 * Sends a file as the body (n8n's helper sends a stream as it is, like its
 * own HTTP Request node does with binary data), without n8n's
 * redirect-following transport (follow-redirects): it keeps every byte
 * written until the answer comes, to send them again after a 307, so a
 * stream from n8n's binary store (filesystem or S3 mode) would be held
 * whole in memory (docs/workflows.md#large-files-from-n8n). A 307 or 308
 * to the same host (a proxy's http → https; never https → http) is
 * followed here instead, the file opened anew; any other redirect is
 * answered with `redirectedTo`, the upload not sent on (a 301/302 would
 * make it a GET).
 */
async function sendFile(
  this: IExecuteFunctions,
  options: IHttpRequestOptions,
  file: NonNullable<Pm3kRequest["file"]>,
): Promise<Answer> {
  let { url, qs } = options;
  for (let hop = 0;; hop++) {
    const data = await file.open();
    let response: Answer;
    try {
      response = await send.call(this, {
        ...options,
        url,
        qs,
        body: data as Buffer,
        disableFollowRedirect: true,
      });
    } finally {
      // A redirect or a refusal may come before the whole file was read.
      if (!Buffer.isBuffer(data)) data.destroy();
    }
    const location = headerOf(response.headers, "location");
    if (response.statusCode < 300 || response.statusCode >= 400 || !location) {
      return response;
    }
    const from = new URL(url);
    for (const [k, v] of Object.entries(qs ?? {})) {
      from.searchParams.set(k, String(v));
    }
    const to = new URL(location, from);
    // Never from https to http: the API key would go in the clear.
    if (
      ![307, 308].includes(response.statusCode) ||
      to.hostname !== from.hostname || hop >= MAX_FILE_REDIRECTS ||
      (from.protocol === "https:" && to.protocol !== "https:")
    ) {
      return { ...response, redirectedTo: to.href };
    }
    // The Location carries the query already.
    url = to.href;
    qs = undefined;
  }
}

/** A response header's value, whatever its case. */
function headerOf(
  headers: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers![key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The n8n hint for refusal `body`, if one applies: by PM3K's code, or for an
 * answer that is not PM3K's (a proxy's page) by `http_<status>`, a
 * gateway's 502, 503 or 504 having one of its own unless `request` gives
 * one.
 */
function hintFor(
  request: Pm3kRequest,
  body: IDataObject,
  status: number,
): string | undefined {
  const code = errorCodeOf(body, status);
  const hint = request.hints?.[code];
  const given = typeof hint === "function" ? hint(body) : hint;
  if (given !== undefined) return given;
  return typeof body.error === "string"
    ? undefined
    : gatewayHint(request, status);
}

/**
 * A gateway that stopped waiting for PM3K: nginx's 504 (60 s by default),
 * Cloudflare's 524 (100 s).
 */
export const GATEWAY_TIMED_OUT = [504, 524];
/** A gateway's page: it got no answer from PM3K, or stopped waiting. */
export const GATEWAY_FAILED = [502, 503, ...GATEWAY_TIMED_OUT];

/**
 * n8n's words for a gateway's 502, 503 or 504 page in place of PM3K's JSON
 * (docs/workflows.md#when-a-proxy-answers-502-503-or-504): what answered,
 * whether the request may still have gone through, and whether Retry On
 * Fail is safe for this request: with an Idempotency-Key it is (PM3K
 * answers what the first one did), for a read it is, for a file sent as
 * the body (which takes no key, docs/api.md#uploads-in-one-request) it
 * may upload the file twice.
 */
function gatewayHint(request: Pm3kRequest, status: number): string | undefined {
  const what = GATEWAY_TIMED_OUT.includes(status)
    ? `In n8n: not PM3K but a proxy in front of it (the page's server) stopped waiting for PM3K's answer (HTTP ${status}${
      status === 524 ? ", Cloudflare's timeout, 100 s" : ""
    }): PM3K may still be doing the request and finish it`
    : status === 502 || status === 503
    ? `In n8n: not PM3K but a proxy in front of it (the page's server) got no answer from PM3K (HTTP ${status}: PM3K stopped, restarting or being redeployed): the request may still have reached PM3K`
    : undefined;
  if (!what) return undefined;
  if (request.file && request.qs?.album_id) {
    return `${what}. Retry On Fail is safe for an album's image: PM3K keeps the same image in an album once (already_in_album)`;
  }
  if (request.file) {
    return `${what}. Upload Media found no upload of this file's name and size in PM3K's list (GET /api/uploads)${
      GATEWAY_TIMED_OUT.includes(status) ? " in the half minute after" : ""
    }, so Retry On Fail sends the file again: should the first one still be made (a PM3K node with Operation List Uploads lists it, newest first, as the dashboard's Media page shows it), that is a second upload, counted against the day's, as a file sent as the body takes no Idempotency-Key. A file given as a link (Source: URL) is retried under the node's Idempotency-Key instead; whoever runs the proxy can let PM3K take longer (nginx: proxy_read_timeout 330s; for /api/)`;
  }
  if (request.headers?.["Idempotency-Key"]) {
    return `${what}. Retry On Fail (Settings, e.g. Wait Between Tries 5000 ms) is safe: it sends the same Idempotency-Key, so PM3K answers what the first request did and never does it twice`;
  }
  if (request.method === "GET" || request.path === "/api/tiktok/status") {
    return `${what}. This request changes nothing: run it again once PM3K answers (Retry On Fail does)`;
  }
  return `${what}. Check what it did before running it again`;
}

/** The answer as an object: JSON text is parsed, anything else wrapped. */
function parseBody(answer: unknown, status: number): IDataObject {
  let raw = Buffer.isBuffer(answer) ? answer.toString("utf8") : answer;
  if (typeof raw === "string") {
    const text = raw;
    try {
      raw = JSON.parse(text);
    } catch {
      // Not JSON: a proxy's error page, or a Base URL that is not PM3K's.
      return { ok: false, ...notJson(text, status) };
    }
  }
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    return raw as IDataObject;
  }
  return { ok: false, message: `unexpected answer: ${String(raw)}` };
}

/**
 * The message of an answer that is not PM3K's JSON. A web page (an
 * nginx "502 Bad Gateway" in front of a stopped PM3K, another site at the
 * Base URL) is named by its title, not shown as its HTML; other text keeps
 * its start; an empty body leaves the message to the status.
 */
function notJson(text: string, status: number): IDataObject {
  const trimmed = text.trim();
  if (!trimmed) {
    return {
      message:
        `The Base URL answered HTTP ${status} with no body, not PM3K's JSON`,
    };
  }
  if (!/^(<!doctype html|<html|<head|<body)|<title[\s>]/i.test(trimmed)) {
    return { message: trimmed.slice(0, 500) };
  }
  const tagText = (tag: string) => {
    const m = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, "i").exec(
      trimmed,
    );
    return m ? plain(m[1]) : "";
  };
  const name = tagText("title") || tagText("h1") ||
    plain(trimmed).slice(0, 200);
  return {
    message:
      `The Base URL answered HTTP ${status} with a web page, not PM3K's JSON${
        name ? `: "${name}"` : ""
      }`,
  };
}

/** HTML as text: tags dropped, the common entities read, spaces joined. */
function plain(html: string): string {
  return html.replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&")
    .replace(/\s+/g, " ").trim();
}
