/**
 * How a request's body was declared, said for its sender: a file sent
 * with curl's `-d` or `--data-binary` and no `-H "Content-Type: …"` is
 * declared a form, `application/x-www-form-urlencoded`, whatever the
 * file is. The one place for that rule, for `POST /api/uploads`
 * (docs/api.md#uploads-in-one-request) and a PUT to an upload URL
 * (docs/media.md#local-disk-adapter).
 * @module
 */
import { baseType } from "../media/media_types.ts";
import { echoed } from "../errors.ts";

/** The type curl declares for `-d` and `--data-binary` without `-H`. */
export const CURL_FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * "This body is declared …" for a body declared `contentType` (`what` is
 * "This body", "This PUT"…), ending at the type; curl's form type is
 * said to be curl's, so the sender knows where it came from. The type is
 * the client's text, quoted as docs/api.md#errors says (cut, controls
 * spelt out).
 */
export function declaredAs(
  what: string,
  contentType: string | undefined,
): string {
  const base = baseType(contentType);
  return !base
    ? `${what} declares no Content-Type`
    : base === CURL_FORM_TYPE
    ? `${what} is declared ${CURL_FORM_TYPE}, as curl's -d and --data-binary send it`
    : `${what} is declared ${echoed(base)}`;
}
