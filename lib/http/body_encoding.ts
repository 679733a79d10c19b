/**
 * What a request says about its body's bytes, checked before they are read
 * as text (docs/api.md#limits-on-every-request). PM3K reads bodies as UTF-8
 * and as sent: a body declared in another charset, or compressed with a
 * content coding, would otherwise be decoded as UTF-8 anyway, into
 * different text than the client meant or into a "not valid UTF-8" error
 * that blames the wrong thing. A refusal repeats the header's value as
 * every client's text is repeated, cut, its controls spelt out (`echoed`,
 * docs/api.md#errors).
 * @module
 */
import { AppError, echoed } from "../errors.ts";

/**
 * The values of a Content-Type's parameter `name` (`charset`, `boundary`),
 * unquoted, in order; most give none or one, but a client stacking its own
 * on a library's default gives two (`charset=utf-8; charset=latin1`), and
 * which one counts is then a guess. Parameter names are case-insensitive
 * (RFC 9110 §8.3.1).
 */
export function parameterValues(contentType: string, name: string): string[] {
  const out: string[] = [];
  for (const parameter of contentType.split(";").slice(1)) {
    const at = parameter.indexOf("=");
    if (at < 0) continue;
    if (parameter.slice(0, at).trim().toLowerCase() !== name) continue;
    const value = parameter.slice(at + 1).trim();
    out.push(
      value.length >= 2 && value.startsWith('"') && value.endsWith('"')
        ? value.slice(1, -1).replace(/\\(.)/g, "$1")
        : value,
    );
  }
  return out;
}

/** The `charset` parameters of a Content-Type ({@link parameterValues}). */
export function charsetsOf(contentType: string): string[] {
  return parameterValues(contentType, "charset");
}

/**
 * How many media types `contentType` holds: HTTP joins a header given
 * twice with a comma, and Content-Type takes one value (RFC 9110 §8.3), so
 * a comma outside a quoted parameter is a second header.
 */
function typesGiven(contentType: string): number {
  let count = 1;
  let quoted = false;
  for (let i = 0; i < contentType.length; i++) {
    const ch = contentType[i];
    if (quoted && ch === "\\") i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) count++;
  }
  return count;
}

/**
 * Refuses a Content-Type given more than once: which one the body is in
 * would be a guess, and the other checks would blame the wrong thing
 * ("send it as application/json" to a client that did).
 * @throws {AppError} `unsupported_media_type`
 */
export function requireOneContentType(contentType: string | undefined): void {
  const given = typesGiven(contentType ?? "");
  if (given > 1) {
    throw new AppError(
      "unsupported_media_type",
      `The Content-Type header is given ${given} times (${
        echoed(contentType ?? "")
      }): send it once.`,
    );
  }
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
 * Refuses a body sent with a Content-Encoding other than `identity`: PM3K
 * reads and stores bodies as sent, so a gzipped file would be kept
 * compressed, or judged "not an MP4" (docs/api.md#limits-on-every-request).
 * @param kind what the body is, for the sentence ("file", "JSON"…)
 * @throws {AppError} `unsupported_media_type` naming the coding
 */
export function requireIdentity(
  contentEncoding: string | undefined,
  kind: string,
): void {
  const codings = (contentEncoding ?? "").split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding.toLowerCase() !== "identity");
  if (codings.length > 0) {
    throw new AppError(
      "unsupported_media_type",
      `The body is sent with Content-Encoding: ${
        echoed(codings.join(", "))
      }; bodies are read as sent, so send the ${kind} uncompressed (no Content-Encoding).`,
    );
  }
}

/**
 * Refuses a body PM3K would misread: a Content-Encoding other than
 * `identity`, or a charset other than UTF-8.
 * @param kind what the body is, for the sentence: the API's JSON, or a
 *   dashboard form (form_body.ts)
 * @throws {AppError} `unsupported_media_type` naming the coding or charset
 */
export function requireUtf8Identity(
  contentType: string | undefined,
  contentEncoding: string | undefined,
  kind: "JSON" | "form" = "JSON",
): void {
  requireOneContentType(contentType);
  requireIdentity(contentEncoding, kind);
  // Any charset but UTF-8 is refused, one given beside utf-8 included.
  const charset = charsetsOf(contentType ?? "").find((c) => !isUtf8Label(c));
  if (charset !== undefined) {
    throw new AppError(
      "unsupported_media_type",
      `The body is declared as charset=${echoed(charset)}; ${
        kind === "JSON" ? "bodies are UTF-8 JSON" : "forms are read as UTF-8"
      }: send it as UTF-8, with charset=utf-8 or no charset.`,
    );
  }
}
