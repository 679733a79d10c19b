import { TextDecoder } from "node:util";

/**
 * A file name with its RFC 2047 encoded words (`=?UTF-8?B?…?=`,
 * `=?ISO-8859-1?Q?…?=`) decoded. A mail client names a non-ASCII
 * attachment so (Gmail: `=?UTF-8?B?SG9saWRheS5tcDQ=?=`), and n8n's Email
 * Trigger (IMAP) decodes only the Q form, so the upload would be named by
 * the code, its extension hidden (docs/workflows.md#videos-sent-by-email).
 * A word whose charset or text cannot be read is kept as it is.
 */
export function decodeEncodedWords(name: string): string {
  // Whitespace between two encoded words is not part of the text (§6.2).
  return name.replace(/(\?=)\s+(?==\?)/g, "$1").replace(
    /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g,
    (word, charset: string, encoding: string, text: string) => {
      try {
        const bytes = encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : qBytes(text);
        // RFC 2231 may add a language: `UTF-8*en`.
        return new TextDecoder(charset.split("*")[0], { fatal: true })
          .decode(bytes);
      } catch {
        return word;
      }
    },
  );
}

/** The bytes of Q-encoded text: `_` a space, `=XX` a byte in hex. */
function qBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === "_") bytes.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(k + 1, k + 3))) {
      bytes.push(parseInt(text.slice(k + 1, k + 3), 16));
      k += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}
