/**
 * What a request says about its body's bytes, checked before they are read
 * as text (docs/api.md#limits-on-every-request). PM3K reads bodies as
 * UTF-8: a body declared in another charset would otherwise be decoded as
 * UTF-8 anyway, into different text than the client meant.
 * @module
 */
import { AppError } from "../errors.ts";

/**
 * The `charset` parameter of a Content-Type, unquoted; null when none.
 * Parameter names are case-insensitive (RFC 9110 §8.3.1).
 */
export function charsetOf(contentType: string): string | null {
  for (const parameter of contentType.split(";").slice(1)) {
    const at = parameter.indexOf("=");
    if (at < 0) continue;
    if (parameter.slice(0, at).trim().toLowerCase() !== "charset") continue;
    const value = parameter.slice(at + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1).replace(/\\(.)/g, "$1")
      : value;
  }
  return null;
}

/**
 * Whether `label` names UTF-8 by the WHATWG Encoding Standard's labels
 * (`utf-8`, `UTF8`, `unicode-1-1-utf-8`…), which browsers and
 * TextDecoder read it by.
 */
function isUtf8Label(label: string): boolean {
  try {
    return new TextDecoder(label).encoding === "utf-8";
  } catch {
    return false;
  }
}

/**
 * Refuses a body PM3K would misread: one declared in a charset other than
 * UTF-8.
 * @throws {AppError} `unsupported_media_type` naming the charset
 */
export function requireUtf8(contentType: string | undefined): void {
  const charset = charsetOf(contentType ?? "");
  if (charset !== null && !isUtf8Label(charset)) {
    throw new AppError(
      "unsupported_media_type",
      `The body is declared as charset=${charset}; bodies are UTF-8 JSON: send it as UTF-8, with charset=utf-8 or no charset.`,
    );
  }
}
