/**
 * A fetch as TikTok's reviewer makes it, for audit-check
 * (app_review_check.ts): bounded in time and size, and a failure said as
 * what to fix, naming the address and the variable that gave it.
 * @module
 */
import { readPrefix } from "../storage/object_storage.ts";

/** How long each fetch may take. */
export const FETCH_TIMEOUT_MS = 15_000;

/**
 * The most of a page read: a policy page is a few kB, and a site answering
 * without end must not fill the check's memory until the timeout.
 */
const MAX_PAGE_BYTES = 5 << 20;

/** A page as TikTok's reviewer gets it: status, type and text. */
export interface Fetched {
  status: number;
  type: string;
  text: string;
  location: string | null;
}

/** How many redirects a reviewer's browser follows, as fetch does. */
const MAX_REDIRECTS = 20;

/** A redirect status, whose Location a browser follows. */
function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

/** The body of `res` as text, or null past MAX_PAGE_BYTES (not read on). */
async function readPage(res: Response): Promise<string | null> {
  if (!res.body) return "";
  const bytes = await readPrefix(res.body, MAX_PAGE_BYTES + 1);
  return bytes.length > MAX_PAGE_BYTES ? null : new TextDecoder().decode(bytes);
}

/**
 * What to fix when nothing answered at `url`: fetch's own "fetch failed"
 * names neither the address nor why (a refused connection, a name that does
 * not resolve), so the owner could not tell a stopped server from a wrong
 * PUBLIC_BASE_URL.
 */
function unreachable(
  url: string,
  error: unknown,
  timeoutMs: number,
  variable: string,
): string {
  const err = error as Error & { cause?: unknown };
  if (err?.name === "TimeoutError" || err?.name === "AbortError") {
    return `${url} timed out: no answer within ${
      timeoutMs / 1000
    } s; TikTok gives up on a site this slow too`;
  }
  const cause = err?.cause instanceof Error ? err.cause.message : "";
  // Deno: "error sending request for url (…): client error (Connect): tcp
  // connect error: Connection refused (os error 111)": the last part says why.
  const said = cause || String(err?.message ?? error);
  const why = said.split(": ").slice(-2).join(": ");
  // "client error (SendRequest): invalid HTTP version parsed": a server took
  // the connection but gave no HTTP answer (https on an http address, a
  // port of another service), which "start it" would misdirect.
  if (said.includes("(SendRequest)")) {
    return `${url} took the connection but gave no valid HTTP answer (${
      said.split(": ").at(-1)
    }): another service, or https, listens there; make ${variable} name the scheme and port the server serves`;
  }
  return `${url} could not be reached (${why}): no server answers there: start it, or set ${variable} to the address it is reached at`;
}

/**
 * Fetches `url` once (no redirect followed) and reads its page.
 * @throws {Error} what to fix, naming `variable`: nothing answered, an
 *   unreadable body, or an answer past MAX_PAGE_BYTES
 */
async function fetchOnce(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  options: { timeoutMs: number; variable: string },
): Promise<Fetched> {
  const { timeoutMs, variable } = options;
  let res: Response;
  try {
    res = await fetchImpl(url, { ...init, redirect: "manual", signal });
  } catch (error) {
    throw new Error(unreachable(url, error, timeoutMs, variable));
  }
  const location = res.headers.get("location");
  if (init.redirect === "follow" && isRedirect(res.status) && location) {
    // Followed, as a browser does, without reading what it says beside.
    await res.body?.cancel().catch(() => {});
    return { status: res.status, type: "", text: "", location };
  }
  let text: string | null;
  try {
    text = await readPage(res);
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new Error(unreachable(url, error, timeoutMs, variable));
    }
    // The server did answer: its body is what fails (a false
    // Content-Encoding, a connection cut mid-page).
    throw new Error(
      `${url} answered ${res.status}, but its page could not be read (${
        (error as Error)?.message ?? error
      }): a reviewer's browser fails on it too; fix the site, or make ${variable} name a page that reads`,
    );
  }
  if (text === null) {
    throw new Error(
      `${url} answered more than ${
        MAX_PAGE_BYTES >> 20
      } MB: TikTok's reviewer needs a page, not an endless answer; make ${variable} name a page that ends`,
    );
  }
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    text,
    location,
  };
}

/**
 * Fetches `url` and reads its page; with `redirect: "follow"` in `init`,
 * follows redirects as a reviewer's browser does (at most 20, to http or
 * https only), each one said as what to fix when it cannot be followed. The
 * timeout covers the whole chain.
 * @throws {Error} what to fix, naming `variable`: nothing answered, a
 *   redirect loop or one a browser cannot follow, an unreadable body, or an
 *   answer past MAX_PAGE_BYTES
 */
export async function fetchAsReviewer(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  options: { timeoutMs: number; variable: string },
): Promise<Fetched> {
  const { variable } = options;
  // TikTok gives up on a slow site too: a check never hangs the task.
  const signal = AbortSignal.timeout(options.timeoutMs);
  const follow = init.redirect === "follow";
  let at = url;
  for (let hops = 0;; hops++) {
    const got = await fetchOnce(fetchImpl, at, init, signal, options);
    if (!follow || !isRedirect(got.status) || !got.location) {
      return got;
    }
    if (hops === MAX_REDIRECTS) {
      throw new Error(
        `${url} redirects more than ${MAX_REDIRECTS} times (a loop): a reviewer's browser gives up too; make ${variable} name the page itself, or fix the site's redirects`,
      );
    }
    const next = URL.parse(got.location, at);
    if (next === null || !/^https?:$/.test(next.protocol)) {
      throw new Error(
        `${at} redirects to ${
          JSON.stringify(got.location)
        }, which a reviewer's browser cannot follow (${
          next === null ? "not an address" : "not http or https"
        }): make ${variable} name the page itself, or fix the site's redirects`,
      );
    }
    at = next.href;
  }
}
