/**
 * The challenge on a 401 from `/mcp` (docs/mcp.md#endpoint). MCP's
 * authorization spec and RFC 6750 (section 3) ask a resource refusing a
 * Bearer token to say `WWW-Authenticate: Bearer`; MCP clients read it to
 * tell a refused key from a server fault. PM3K's keys are issued in its
 * dashboard, not by OAuth, so the challenge names no `resource_metadata`.
 * @module
 */
import { AppError } from "../errors.ts";
import type { AppContext } from "../http/app_types.ts";

/**
 * Sets the challenge on `c` when `error` is the key check's 401: with
 * `error="invalid_token"` when a key was sent (unknown, revoked, expired
 * or malformed), without an error code when none was (RFC 6750 3.1). The
 * JSON body still says which and what to do.
 */
export function setBearerChallenge(error: Error, c: AppContext): void {
  if (!(error instanceof AppError) || error.status !== 401) return;
  const sent = c.req.header("authorization") !== undefined;
  c.header(
    "WWW-Authenticate",
    sent ? 'Bearer realm="pm3k", error="invalid_token"' : 'Bearer realm="pm3k"',
  );
}
