/**
 * An API key sent where PM3K does not read it. Other APIs take a key in an
 * `X-API-Key` header or the query, and a workflow tool's credential set up
 * that way reaches PM3K without an Authorization header: "Missing API key"
 * would tell a client that sent one that it did not. So the refusal says
 * where the key goes; a key in a URL is also told to be replaced, since
 * proxies and server logs keep URLs (docs/accounts.md#api-keys).
 * @module
 */
import { AppError } from "../errors.ts";
import type { AppContext } from "./app_types.ts";

/** Headers other APIs read a key from. */
const KEY_HEADERS = ["x-api-key", "api-key", "apikey"];

/**
 * A PM3K key, as issued (api_keys.ts KEY_PATTERN, loosely: one cut short
 * still counts). A value that only starts `pm3k_` (a file name such as
 * `pm3k_export.mp4`) is none: it would tell a client that sent no key to
 * replace one.
 */
const LOOKS_LIKE_KEY = /^pm3k_[A-Za-z0-9_-]{20,}$/;

/**
 * Refuses a request without an Authorization header that carries a key in
 * another header or the query, saying where it goes.
 * @throws {AppError} 401 `unauthorized`
 */
export function refuseMisplacedKey(c: AppContext): void {
  if (c.req.header("authorization") !== undefined) return;
  const header = KEY_HEADERS.find((name) => c.req.header(name) !== undefined);
  const inQuery = [...new URL(c.req.url).searchParams.values()]
    .some((value) => LOOKS_LIKE_KEY.test(value.trim()));
  if (!header && !inQuery) return;
  const where = inQuery
    ? "the query"
    : ["X-API-Key", "Api-Key", "ApiKey"][KEY_HEADERS.indexOf(header!)];
  throw new AppError(
    "unauthorized",
    `The API key goes in the Authorization header (Authorization: Bearer <your key>), not in ${where}.${
      inQuery
        ? " A key sent in a URL may be kept in proxy and server logs: issue a new key on the dashboard and send that one in the header."
        : ""
    }`,
  );
}
