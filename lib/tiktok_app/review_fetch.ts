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

/** Whether fetch gave up following redirects (a loop). */
function tooManyRedirects(error: unknown): boolean {
  return /redirect/i.test(String((error as Error)?.message ?? error));
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
  const why = (cause || String(err?.message ?? error)).split(": ").slice(-2)
    .join(": ");
  return `${url} could not be reached (${why}): no server answers there: start it, or set ${variable} to the address it is reached at`;
}

/**
 * Fetches `url` (not following redirects unless `init` says so) and reads
 * its page.
 * @throws {Error} what to fix, naming `variable`: nothing answered, a
 *   redirect loop, or an answer past MAX_PAGE_BYTES
 */
export async function fetchAsReviewer(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  options: { timeoutMs: number; variable: string },
): Promise<Fetched> {
  const { timeoutMs, variable } = options;
  let res: Response;
  try {
    // TikTok gives up on a slow site too: a check never hangs the task.
    res = await fetchImpl(url, {
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      ...init,
    });
  } catch (error) {
    if (tooManyRedirects(error)) {
      throw new Error(
        `${url} redirects more than 20 times (a loop): a reviewer's browser gives up too; make ${variable} name the page itself, or fix the site's redirects`,
      );
    }
    throw new Error(unreachable(url, error, timeoutMs, variable));
  }
  let text: string | null;
  try {
    text = await readPage(res);
  } catch (error) {
    throw new Error(unreachable(url, error, timeoutMs, variable));
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
    location: res.headers.get("location"),
  };
}
