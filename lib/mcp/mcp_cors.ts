/**
 * Browser access to `/mcp` (docs/mcp.md#browser-clients): MCP's transport
 * spec asks a server to validate `Origin` against DNS rebinding (403 when
 * present and invalid) and browser-based MCP clients (MCP Inspector, web
 * agents) need CORS. `/mcp` authenticates by a Bearer key only, which a
 * browser never attaches on its own (no cookie counts here), so a page of
 * any origin may call it with a key it holds: CORS answers `*`, without
 * credentials. What an Origin can still betray is DNS rebinding: a page
 * whose own name was pointed at PM3K's address, so the browser takes the
 * call as same-origin and sends its own name as `Host`. A browser's call
 * (an Origin) must therefore be addressed to PM3K's own host, or come from
 * PM3K's own origin; calls without Origin (agents, n8n, curl) are not
 * browsers and pass. `/api` keeps no CORS (docs/api.md#format-and-authentication).
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { AppError, echoed } from "../errors.ts";
import type { AppEnv } from "../http/app_types.ts";

/** What a browser may send to `/mcp`: MCP's headers and PM3K's. */
const ALLOWED_HEADERS = [
  "Authorization",
  "Content-Type",
  "Accept",
  "Mcp-Protocol-Version",
  "Mcp-Session-Id",
  "Last-Event-ID",
  "X-PM3K-Account",
].join(", ");

/**
 * GET and DELETE only answer 405 (stateless): allowed in a preflight so a
 * browser client sees that 405, as MCP clients expect, not a CORS failure.
 */
const ALLOWED_METHODS = "POST, GET, DELETE";

/** What a browser client may read: MCP's session header, a 401's challenge. */
const EXPOSED_HEADERS = "Mcp-Session-Id, WWW-Authenticate";

/** How long a browser may keep a preflight's answer (Chromium caps 2 h). */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** `host` (a Host header) as URL `base`'s scheme writes it, or null. */
function hostAs(base: URL, host: string): string | null {
  try {
    return new URL(`${base.protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * The refusal of a browser's call that names another host than PM3K's
 * (DNS rebinding), or null when `origin` and `host` are fine.
 */
export function rebindingRefusal(
  publicBaseUrl: string,
  origin: string | undefined,
  host: string | undefined,
): AppError | null {
  if (origin === undefined) return null;
  const own = new URL(publicBaseUrl);
  if (origin === own.origin) return null;
  if (host !== undefined && hostAs(own, host) === own.host) return null;
  return new AppError(
    "csrf_rejected",
    `This call came from a browser page (Origin "${
      echoed(origin, 200)
    }") addressed to the host "${
      echoed(host ?? "", 200)
    }", which is not PM3K's (${own.host}): refused, as a page whose address was pointed at PM3K (DNS rebinding) would be. Call ${own.origin}/mcp.`,
  );
}

/**
 * Checks a browser's Origin, answers CORS preflights (before the key
 * check: a browser sends no Authorization in a preflight) and sets the CORS
 * headers on every other answer, errors included.
 */
export const mcpCors: MiddlewareHandler<AppEnv> = async function mcpCors(
  c,
  next,
) {
  const origin = c.req.header("origin");
  if (origin === undefined) return next();
  c.header("Access-Control-Allow-Origin", "*");
  if (
    c.req.method === "OPTIONS" &&
    c.req.header("access-control-request-method") !== undefined
  ) {
    // A preflight runs nothing, and a rebinding page sends none (its call
    // is same-origin to its browser): answered, so that a page behind a
    // proxy that rewrites Host can read the refusal below, not an opaque
    // CORS failure.
    c.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
    c.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    c.header("Access-Control-Max-Age", String(PREFLIGHT_MAX_AGE_SECONDS));
    return c.body(null, 204);
  }
  c.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  const refused = rebindingRefusal(
    c.get("deps").config.publicBaseUrl,
    origin,
    // The URL's host is the Host header's (HTTP/2's :authority, which
    // sends no Host header).
    new URL(c.req.url).host,
  );
  // Thrown after the CORS headers are set: the error handler's answer
  // keeps them, and the refusal holds nothing secret.
  if (refused) throw refused;
  await next();
};
