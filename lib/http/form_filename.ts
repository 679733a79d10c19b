/**
 * A multipart part's file name as its sender meant it
 * (docs/api.md#uploads-in-one-request). @fastify/busboy already reads the
 * quoted-string's backslash escapes (RFC 7578's `\"`) and `filename*=`;
 * browsers and `fetch`'s FormData instead write the name as WHATWG's
 * multipart/form-data encoding says, escaping only `"` as `%22`, CR as
 * `%0D` and LF as `%0A`, which are decoded here. No other `%` is an escape
 * there (a `%` of the name is sent as it is), so `100%25.mp4` stays so.
 * Busboy does not say which parameter gave the name, so a `filename*=`
 * holding `%2522` reads as `"` too: a name no client writes.
 * @module
 */

const WHATWG_ESCAPES: Readonly<Record<string, string>> = {
  "%22": '"',
  "%0D": "\r",
  "%0A": "\n",
};

/** `filename` with WHATWG's three form escapes decoded. */
export function formFilename(filename: string): string {
  return filename.replace(/%22|%0D|%0A/g, (escape) => WHATWG_ESCAPES[escape]);
}
