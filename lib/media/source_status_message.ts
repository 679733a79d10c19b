/**
 * What PM3K says when a source it fetches (an upload's URL, a post's
 * `source_url` on a verified domain, MCP's upload_media_from_url) answers
 * an error status: 502 `proxy_error` with `source_status`, its message
 * saying what the status most likely means and what to do
 * (docs/api.md#uploads-from-a-url). The one place for these words:
 * share-link hosts' own reasons (upload_from_url.ts) replace the advice,
 * after the same head.
 * @module
 */

/** The head of every such message: "The source answered HTTP 404". */
export function sourceAnswered(status: number): string {
  return `The source answered HTTP ${status}`;
}

/**
 * The other way to give PM3K a file, said after a link's advice: by each
 * door, as an agent on MCP reads it too (docs/mcp.md).
 */
export const UPLOAD_INSTEAD =
  "or upload the file itself (POST /api/uploads; MCP: start_upload; or the dashboard)";

/**
 * What to do about a source answering `status`, or null for a status with
 * no likely reading (a 400, a 2xx without a body).
 */
function advice(status: number): string | null {
  if (status === 404 || status === 410) {
    return `the link is missing or not shared publicly. PM3K fetches it as anyone would, signed out: check that it opens in a private browser window, ${UPLOAD_INSTEAD}.`;
  }
  if (status === 401 || status === 403) {
    return `the link needs a sign-in. PM3K fetches it signed out: share it publicly or give a direct download link, ${UPLOAD_INSTEAD}.`;
  }
  if (status === 429) {
    return "the source is limiting requests; try again later.";
  }
  if (status >= 500 && status <= 599) {
    return "the source failed; try again later.";
  }
  return null;
}

/** The message of a source answering `status` (not a 2xx with a body). */
export function sourceRefusalMessage(status: number): string {
  const todo = advice(status);
  return todo === null
    ? `${sourceAnswered(status)}.`
    : `${sourceAnswered(status)}: ${todo}`;
}
