/**
 * Telling an error answer from a file (docs/media.md#error-answers-in-place-of-a-file):
 * an automation whose download failed often saves what the source
 * answered (S3's `<Error><Code>AccessDenied</Code>…`, an API's JSON error)
 * as the file and sends that. Said so, with the code the answer carries,
 * rather than only which types an upload takes.
 * @module
 */
import { AppError, echoed } from "../errors.ts";
import { looksLikeHtml, webPageInPlaceOf, webPageSent } from "./web_page.ts";
import { sniffMediaType } from "./media_types.ts";

/** A text answer found where a file's bytes were expected. */
export interface TextAnswer {
  /** What its bytes are (`detected_type`). */
  contentType: "application/xml" | "application/json";
  /** Its own error code (S3's `<Code>`, JSON's `code` or `error`), or null. */
  code: string | null;
  /**
   * What a JSON error says (its `message`, `error.message` or
   * `error_description`: Google's and Microsoft's APIs nest theirs in
   * `error`), or null; XML's is not taken, its code tells enough.
   */
  said: string | null;
  /**
   * What an object store's `<Error>` reply (S3, R2, GCS and the other
   * S3-compatible stores answer the same XML; Azure Blob Storage its own
   * codes in the same shape) says happened, or null.
   */
  storage: StorageReply | null;
}

/**
 * What an S3-compatible store's error reply says: the presigned link
 * expired (S3's AccessDenied "Request has expired", GCS's ExpiredToken),
 * access is denied (the object is not public, or the link's signature is
 * no longer good), the signature does not match (the link was changed or
 * cut after it was signed), or no such object or bucket.
 */
export type S3Reply = "expired" | "denied" | "signature" | "missing";

/**
 * What Azure Blob Storage's error reply says: the SAS link expired, its
 * signature does not match (or the SAS is incomplete), it does not allow
 * reading, the account allows no public access, or no such blob.
 */
export type AzureReply =
  | "azure-expired"
  | "azure-signature"
  | "azure-permission"
  | "azure-public"
  | "azure-missing";

export type StorageReply = S3Reply | AzureReply;

/**
 * Azure's codes, told apart from S3's by name (docs/media.md#error-answers-in-place-of-a-file):
 * AuthenticationFailed says in its AuthenticationErrorDetail whether the
 * SAS is out of its time ("Signature not valid in the specified time
 * frame", "Signed expiry time … after signed start time").
 */
function azureReplyOf(code: string, text: string): AzureReply | null {
  if (code === "AuthenticationFailed") {
    return /not valid in the specified time frame|signed expiry time/i.test(
        text,
      )
      ? "azure-expired"
      : "azure-signature";
  }
  if (
    /^Authorization(PermissionMismatch|Failure|ResourceTypeMismatch|ServiceMismatch|SourceIPMismatch|ProtocolMismatch)$/
      .test(code)
  ) {
    return "azure-permission";
  }
  if (code === "PublicAccessNotPermitted") return "azure-public";
  if (/^(BlobNotFound|ContainerNotFound|ResourceNotFound)$/.test(code)) {
    return "azure-missing";
  }
  return null;
}

/** The store's reply `code` told apart, with the reply's `text` for an expiry. */
function storageReplyOf(
  code: string | null,
  text: string,
): StorageReply | null {
  if (!code || !/<Error>/.test(text)) return null;
  const azure = azureReplyOf(code, text);
  if (azure) return azure;
  if (/^(ExpiredToken|RequestExpired)$/.test(code)) return "expired";
  if (/^(AccessDenied|Forbidden)$/.test(code)) {
    return /request has expired|token has expired|signature expired/i.test(
        text,
      )
      ? "expired"
      : "denied";
  }
  if (
    /^(SignatureDoesNotMatch|AuthorizationQueryParametersError|InvalidAccessKeyId|InvalidToken|InvalidSignature)$/
      .test(code)
  ) {
    return "signature";
  }
  if (/^(NoSuchKey|NoSuchBucket|NotFound)$/.test(code)) return "missing";
  return null;
}

/**
 * How much of a text answer is read for its code and words: Google's and
 * Microsoft's JSON errors, with their `errors` and `details`, pass 1 KiB.
 */
export const TEXT_ANSWER_BYTES = 4096;

/** A string at `path` in a parsed JSON value, else null. */
function stringAt(value: unknown, ...path: string[]): string | null {
  for (const key of path) {
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return null;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/**
 * A JSON error's code and words: flat (`{"error":"invalid_token",
 * "error_description":…}`, `{"code":…,"message":…}`) or nested in `error`
 * as Google's (`status` "PERMISSION_DENIED", a number as `code`) and
 * Microsoft's (`code` "InvalidAuthenticationToken") are; text cut short
 * (past TEXT_ANSWER_BYTES) is read for a code alone
 * (docs/media.md#error-answers-in-place-of-a-file).
 */
function jsonErrorOf(
  text: string,
): { code: string | null; said: string | null } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const code = text.match(/"(?:code|error|status)"\s*:\s*"([^"\\]{1,64})"/);
    return { code: code?.[1] ?? null, said: null };
  }
  if (Array.isArray(value)) value = value[0];
  const code = stringAt(value, "error") ?? stringAt(value, "code") ??
    stringAt(value, "error", "status") ?? stringAt(value, "error", "code") ??
    stringAt(value, "status");
  const said = stringAt(value, "error_description") ??
    stringAt(value, "error", "message") ?? stringAt(value, "message");
  return { code: code && code.length <= 64 ? code : null, said };
}

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
  // SVG is XML too, but a picture, not an answer: its own refusal. A
  // comment's body never holds "-->", so each comment matches one way only:
  // `[\s\S]*?-->` let a run of comments split in 2^n ways, and 200 bytes of
  // "<!---->" held the server for seconds (docs/media.md#error-answers-in-place-of-a-file).
  const svg =
    /^(<\?xml[^>]*>\s*)?(<!--(?:[^-]|-(?!->))*-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i;
  if (svg.test(text)) return null;
  if (/^<(\?xml[\s?]|[A-Za-z_][\w.-]*[\s/>])/.test(text)) {
    const code = text.match(/<Code>\s*([^<\s][^<]{0,63}?)\s*<\/Code>/)?.[1] ??
      null;
    return {
      contentType: "application/xml",
      code,
      said: null,
      storage: storageReplyOf(code, text),
    };
  }
  // An array holds objects, strings or nothing (`[Script Info]` is not).
  if (/^(\{\s*("|\})|\[\s*(\{|"|\]))/.test(text)) {
    return {
      contentType: "application/json",
      ...jsonErrorOf(text),
      storage: null,
    };
  }
  return null;
}

/** What to do about an object store's reply, after what happened. */
const STORAGE_ADVICE: Record<StorageReply, string> = {
  expired:
    "the presigned link expired: make a new presigned link (or a longer-lived one), download the file with it, then send it again.",
  denied:
    "the link is not public or its signature expired: make a new presigned link (or make the object public), download the file with it, then send it again.",
  signature:
    "the link's signature does not match: the link was changed, cut or re-encoded after it was signed, or signed with other credentials; use the presigned link exactly as made, or make a new one.",
  missing:
    "the bucket holds no such object: check the bucket and the object key (case, spaces, a leading slash), and that the file was not deleted or moved.",
  "azure-expired":
    "the SAS link expired (its se= time has passed): make a new SAS link with a later expiry, download the file with it, then send it again.",
  "azure-signature":
    "the SAS link's signature does not match: the link was changed, cut or re-encoded after it was made (keep every parameter, sig= included, as given), or the account key that signed it was rotated; use the SAS link exactly as made, or make a new one.",
  "azure-permission":
    "the link may not read this blob: make a new SAS link with read permission (sp=r) for the blob or its container, from an address and over a protocol the SAS and the account's network rules allow, download the file with it, then send it again.",
  "azure-public":
    "the storage account allows no anonymous (public) access: make a SAS link with read permission (sp=r) for the blob, download the file with it, then send it again.",
  "azure-missing":
    "the container holds no such blob, or is private and the link has no SAS: check the container and the blob name (case, spaces, a leading slash), that the blob was not deleted or moved, and use a SAS link for a private container.",
};

/** Which store's reply it is, for the message: Azure's, or S3's like. */
function storeNamed(reply: StorageReply): string {
  return reply.startsWith("azure-")
    ? "Azure Blob Storage's"
    : "an object store's (S3, R2, GCS)";
}

/** Why a text answer is not the file, for the refusal's message. */
function textAnswerMessage(
  answer: TextAnswer,
  kind: "image" | "video",
  from: "file" | "source",
): string {
  const name = answer.contentType === "application/xml" ? "XML" : "JSON";
  const words = answer.said ? `"${echoed(answer.said, 160)}"` : "";
  const says = answer.code || words
    ? ` (it says ${
      [answer.code && echoed(answer.code), words].filter(Boolean).join(": ")
    })`
    : "";
  const what = kind === "image" ? "an image" : "a video";
  const start = from === "source"
    ? `The source is ${name} text, not ${what}: most likely the error answer${says} of source_url's host, answered in the file's place. `
    : `The file is ${name} text, not ${what}: most likely the error answer${says} of the place it was downloaded from, saved in the file's place. `;
  return start +
    (answer.storage
      ? `It is ${storeNamed(answer.storage)} error reply: ${
        STORAGE_ADVICE[answer.storage]
      }`
      : "Check that the link or the workflow's credentials still give the file (a presigned link expires), then send it again.");
}

/**
 * The refusal of a text answer sent as the file, with the code of the
 * file's place (webPageInPlaceOf) and `detected_type` naming what it is.
 */
function textAnswerRefusal(
  answer: TextAnswer,
  kind: "image" | "video",
  from: "file" | "source" = "file",
): AppError {
  const refusal = webPageInPlaceOf(
    kind === "image",
    textAnswerMessage(answer, kind, from),
  );
  return new AppError(refusal.code, refusal.message, {
    extra: { detected_type: answer.contentType },
  });
}

/**
 * The one check of a file's first bytes (`head`) for an answer saved in
 * the file's place: null where sniffMediaType takes them as a video or an
 * image (of either kind); otherwise a web page (webPageSent), then an
 * error answer in XML or JSON (textAnswerRefusal); null for anything
 * else, which keeps the refusal of a file of the wrong type. Used
 * wherever a file's bytes are checked: in one request, at completion, and
 * a verified domain's copy (`from` "source"); an upload from a URL tells a
 * page apart before, by its host
 * (docs/media.md#error-answers-in-place-of-a-file).
 */
export function answerInPlaceOfFile(
  head: Uint8Array,
  kind: "image" | "video",
  from: "file" | "source" = "file",
): AppError | null {
  if (sniffMediaType(head)) return null;
  if (looksLikeHtml(head)) return webPageSent(kind, from);
  const answer = textAnswerOf(head);
  return answer ? textAnswerRefusal(answer, kind, from) : null;
}
