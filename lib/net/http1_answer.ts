/**
 * One HTTP/1.1 answer read from a connection PM3K opened itself
 * (pinned_request.ts): its head, then its body framed by Content-Length,
 * by chunked transfer coding or by the end of the connection.
 *
 * The body is a byte stream read straight from the connection into the
 * reader's buffer: a copy into storage allocates nothing per read beyond
 * what its reader asks for. node:http's reader allocated and copied every
 * 64 KiB read, garbage the collector let pile up to 60–85 MB during a
 * 200 MB copy (docs/testing.md#benchmarks).
 * @module
 */

/** The status line and headers of an answer. */
export interface AnswerHead {
  status: number;
  statusText: string;
  headers: Headers;
}

/** node:http's own limit on an answer's head. */
const MAX_HEAD_BYTES = 16 * 1024;
/** A chunk-size line or trailer line longer than this is refused. */
const MAX_LINE_BYTES = 4 * 1024;
/** What a read of the head or of a line asks the connection for. */
const LINE_READ_BYTES = 16 * 1024;

const CRLF_CRLF = [13, 10, 13, 10];
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const decoder = new TextDecoder("latin1");

/**
 * An answer that breaks HTTP/1.1 or ends too early. Nothing branches on it
 * (safe_fetch.ts wraps a broken head as a FetchFailedError); its name says
 * in the log which layer refused (docs/architecture.md#errors-below-the-domain).
 */
export class BadAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadAnswerError";
  }
}

/** What is read from: the connection. */
export interface ByteSource {
  read(view: Uint8Array): Promise<number | null>;
}

/**
 * Reads the connection; null at its end. A TLS peer closing without
 * close_notify ends it too, as browsers, node:https and Python's ssl take
 * it (many servers drop the socket): a body framed by the connection's end
 * then ends there, while one sized or chunked still fails as cut short. A
 * cut the framing cannot show is left to the media checks
 * (docs/media.md#server-side-fetches).
 */
async function connRead(
  conn: ByteSource,
  view: Uint8Array,
): Promise<number | null> {
  try {
    return await conn.read(view);
  } catch (error) {
    if (error instanceof Deno.errors.UnexpectedEof) return null;
    throw error;
  }
}

/** The connection, with the bytes read past what was used so far. */
export class ConnReader {
  #pending: Uint8Array = new Uint8Array(0);
  readonly #conn: ByteSource;

  constructor(conn: ByteSource) {
    this.#conn = conn;
  }

  /** Reads into `view`, leftover bytes first; null at the connection's end. */
  async read(view: Uint8Array): Promise<number | null> {
    if (this.#pending.length > 0) {
      const n = Math.min(view.length, this.#pending.length);
      view.set(this.#pending.subarray(0, n));
      this.#pending = this.#pending.subarray(n);
      return n;
    }
    return await connRead(this.#conn, view);
  }

  /**
   * The bytes up to `delimiter` (which is dropped), read as needed; more
   * than `max` bytes without it are refused.
   */
  async until(delimiter: number[], max: number): Promise<Uint8Array> {
    let from = 0;
    for (;;) {
      const at = indexOf(this.#pending, delimiter, from);
      if (at >= 0) {
        const found = this.#pending.subarray(0, at);
        this.#pending = this.#pending.subarray(at + delimiter.length);
        return found;
      }
      if (this.#pending.length > max) {
        throw new BadAnswerError(`No end of line within ${max} bytes`);
      }
      from = Math.max(0, this.#pending.length - delimiter.length + 1);
      const more = new Uint8Array(LINE_READ_BYTES);
      const n = await connRead(this.#conn, more);
      if (n === null) {
        throw new BadAnswerError("The connection closed mid-answer");
      }
      const joined = new Uint8Array(this.#pending.length + n);
      joined.set(this.#pending);
      joined.set(more.subarray(0, n), this.#pending.length);
      this.#pending = joined;
    }
  }

  /** One line ending in CRLF, as text. */
  async line(): Promise<string> {
    return decoder.decode(await this.until([13, 10], MAX_LINE_BYTES));
  }
}

function indexOf(bytes: Uint8Array, needle: number[], from: number): number {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/**
 * Reads the head of the final answer: informational (1xx) answers before
 * it are passed over, as node:http does.
 */
export async function readAnswerHead(reader: ConnReader): Promise<AnswerHead> {
  for (;;) {
    const text = decoder.decode(await reader.until(CRLF_CRLF, MAX_HEAD_BYTES));
    const [statusLine, ...lines] = text.split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!status) throw new BadAnswerError("Not an HTTP/1.1 answer");
    const code = Number(status[1]);
    const headers = new Headers();
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon);
      if (colon <= 0 || !TOKEN.test(name)) {
        throw new BadAnswerError("A header line of the answer is malformed");
      }
      try {
        headers.append(name, line.slice(colon + 1).trim());
      } catch {
        throw new BadAnswerError(`The answer's ${name} header is malformed`);
      }
    }
    if (code === 101) {
      throw new BadAnswerError("The server switched protocols unasked");
    }
    if (code >= 100 && code < 200) continue;
    if (code > 599) throw new BadAnswerError(`Status ${code} is not HTTP`);
    return { status: code, statusText: status[2] ?? "", headers };
  }
}

/** Reads a body's bytes into a view; null once the body is over. */
export type BodyRead = (view: Uint8Array) => Promise<number | null>;

/**
 * How the body of an answer with `headers` is read off `reader`
 * (RFC 9112 §6.3): chunked, else Content-Length, else to the end.
 */
export function bodyFraming(reader: ConnReader, headers: Headers): BodyRead {
  const coding = headers.get("transfer-encoding");
  if (coding !== null) {
    if (!/(?:^|,)\s*chunked\s*$/i.test(coding)) return toTheEnd(reader);
    return chunked(reader);
  }
  const length = headers.get("content-length");
  if (length === null) return toTheEnd(reader);
  // Repeated with one value ("5, 5") is allowed; differing values are not.
  const values = new Set(length.split(",").map((v) => v.trim()));
  const only = [...values][0];
  if (values.size !== 1 || !/^\d+$/.test(only)) {
    throw new BadAnswerError("The answer's Content-Length is malformed");
  }
  return sized(reader, Number(only));
}

function toTheEnd(reader: ConnReader): BodyRead {
  return (view) => reader.read(view);
}

function sized(reader: ConnReader, length: number): BodyRead {
  let left = length;
  return async (view) => {
    if (left === 0) return null;
    const n = await reader.read(
      view.length > left ? view.subarray(0, left) : view,
    );
    if (n === null) throw new BadAnswerError("The connection closed mid-body");
    left -= n;
    return n;
  };
}

function chunked(reader: ConnReader): BodyRead {
  let left = 0;
  let over = false;
  return async (view) => {
    while (left === 0) {
      if (over) return null;
      const size = /^([0-9a-fA-F]{1,12})\s*(?:;.*)?$/.exec(await reader.line());
      if (!size) throw new BadAnswerError("A chunk size is malformed");
      left = parseInt(size[1], 16);
      if (left === 0) {
        // Trailer fields, up to the empty line: read and dropped.
        while ((await reader.line()) !== "");
        over = true;
        return null;
      }
    }
    const n = await reader.read(
      view.length > left ? view.subarray(0, left) : view,
    );
    if (n === null) throw new BadAnswerError("The connection closed mid-body");
    left -= n;
    if (left === 0 && (await reader.line()) !== "") {
      throw new BadAnswerError("A chunk is longer than its size");
    }
    return n;
  };
}
