/**
 * Telling an error answer from a file (docs/media.md#error-answers-in-place-of-a-file):
 * an automation whose download failed often saves what the source
 * answered (S3's `<Error><Code>AccessDenied</Code>…`, an API's JSON error)
 * as the file and sends that. Said so, with the code the answer carries,
 * rather than only which types an upload takes.
 * @module
 */
import { AppError, echoed } from "../errors.ts";
import { webPageInPlaceOf } from "./web_page.ts";

/** A text answer found where a file's bytes were expected. */
export interface TextAnswer {
  /** What its bytes are (`detected_type`). */
  contentType: "application/xml" | "application/json";
  /** Its own error code (S3's `<Code>`, JSON's `code` or `error`), or null. */
  code: string | null;
}

/** How much of a text answer is read for its code. */
export const TEXT_ANSWER_BYTES = 1024;

/**
 * The text answer `head` starts, or null: XML (a declaration, or an
 * element; HTML is told apart before, lib/media/web_page.ts) or a JSON
 * object or array, in UTF-8 with no control characters but whitespace.
 */
export function textAnswerOf(head: Uint8Array): TextAnswer | null {
  const bytes = head.subarray(0, TEXT_ANSWER_BYTES);
  const i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let j = i; j < bytes.length; j++) {
    const b = bytes[j];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return null;
  }
  // Cut mid-character at TEXT_ANSWER_BYTES at worst: not fatal, the code is ASCII.
  const text = new TextDecoder().decode(bytes.subarray(i)).trimStart();
  // SVG is XML too, but a picture, not an answer: its own refusal.
  const svg =
    /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i;
  if (svg.test(text)) return null;
  if (/^<(\?xml[\s?]|[A-Za-z_][\w.-]*[\s/>])/.test(text)) {
    const code = text.match(/<Code>\s*([^<\s][^<]{0,63}?)\s*<\/Code>/);
    return { contentType: "application/xml", code: code?.[1] ?? null };
  }
  // An array holds objects, strings or nothing (`[Script Info]` is not).
  if (/^(\{\s*("|\})|\[\s*(\{|"|\]))/.test(text)) {
    const code = text.match(/"(?:code|error)"\s*:\s*"([^"\\]{1,64})"/);
    return { contentType: "application/json", code: code?.[1] ?? null };
  }
  return null;
}

/** Why a text answer is not the file, for the refusal's message. */
function textAnswerMessage(
  answer: TextAnswer,
  kind: "image" | "video",
): string {
  const name = answer.contentType === "application/xml" ? "XML" : "JSON";
  const says = answer.code ? ` (it says ${echoed(answer.code)})` : "";
  return `The file is ${name} text, not ${
    kind === "image" ? "an image" : "a video"
  }: most likely the error answer${says} of the place it was downloaded from, saved in the file's place. ` +
    "Check that the link or the workflow's credentials still give the file (a presigned link expires), then send it again.";
}

/**
 * The refusal of a text answer sent as the file, with the code of the
 * file's place (webPageInPlaceOf) and `detected_type` naming what it is.
 */
export function textAnswerRefusal(
  answer: TextAnswer,
  kind: "image" | "video",
): AppError {
  const refusal = webPageInPlaceOf(
    kind === "image",
    textAnswerMessage(answer, kind),
  );
  return new AppError(refusal.code, refusal.message, {
    extra: { detected_type: answer.contentType },
  });
}
