/**
 * A raw HTTP/1.1 request over TCP that sends its body a chunk at a time and
 * stops as soon as the server answers: tests see how much of a body the
 * server took before answering, which fetch() does not tell.
 */

export interface RawAnswer {
  /** Status of the answer, 0 if none came. */
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** Body bytes written into the socket before the answer came. */
  sent: number;
  /** True when the whole body was written (the server waited for it). */
  finished: boolean;
}

export interface RawRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Body size in all; sent in `chunkBytes` pieces. */
  totalBytes: number;
  chunkBytes?: number;
  /** Chunked transfer coding instead of a Content-Length of `totalBytes`. */
  chunked: boolean;
  /** The body's first bytes (the rest is "a"s), e.g. a form field. */
  bodyPrefix?: string;
  /** Sends the head only, and waits for the answer (or the timeout). */
  withholdBody?: boolean;
  /** Gives up waiting for an answer after the body, in ms. */
  timeoutMs?: number;
}

const encoder = new TextEncoder();

/** Sends the request; returns once answered (or timed out). */
export async function sendUntilAnswered(req: RawRequest): Promise<RawAnswer> {
  const url = new URL(req.url);
  const conn = await Deno.connect({
    hostname: url.hostname,
    port: Number(url.port),
  });
  const head = [
    `${req.method} ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`),
    req.chunked
      ? "Transfer-Encoding: chunked"
      : `Content-Length: ${req.totalBytes}`,
    "",
    "",
  ].join("\r\n");
  let answered = false;
  const answer = readHead(conn).then((a) => a, () => null).finally(() => {
    answered = true;
  });
  let sent = 0;
  const chunkBytes = req.chunkBytes ?? 64 * 1024;
  const piece = new Uint8Array(chunkBytes).fill(0x61); // "a"
  const prefix = encoder.encode(req.bodyPrefix ?? "");
  const writer = (async () => {
    try {
      await writeAll(conn, encoder.encode(head));
      while (!req.withholdBody && !answered && sent < req.totalBytes) {
        const n = Math.min(chunkBytes, req.totalBytes - sent);
        const data = sent === 0
          ? concat(prefix, piece).subarray(0, n)
          : piece.subarray(0, n);
        await writeAll(
          conn,
          req.chunked
            ? concat(encoder.encode(`${n.toString(16)}\r\n`), data, crlf())
            : data,
        );
        sent += n;
      }
      if (!req.withholdBody && !answered && req.chunked) {
        await writeAll(conn, encoder.encode("0\r\n\r\n"));
      }
    } catch {
      // The server closed the connection after answering: stop sending.
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Give up waiting only once the whole body is out (or sending failed).
  const timeout = writer.then(() =>
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), req.timeoutMs ?? 10_000);
    })
  );
  const got = await Promise.race([answer, timeout]);
  const finished = sent >= req.totalBytes;
  conn.close();
  // The timer (set when the writer ended, before this await resumes) goes.
  await writer;
  clearTimeout(timer);
  await answer;
  return got
    ? { ...got, sent, finished }
    : { status: 0, headers: {}, sent, finished };
}

function crlf(): Uint8Array {
  return encoder.encode("\r\n");
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let at = 0;
  while (at < data.length) at += await conn.write(data.subarray(at));
}

/** Reads until the end of the response head; parses status and headers. */
async function readHead(
  conn: Deno.Conn,
): Promise<{ status: number; headers: Record<string, string> }> {
  const buf = new Uint8Array(16 * 1024);
  let text = "";
  while (!text.includes("\r\n\r\n")) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("closed before an answer");
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  const [statusLine, ...lines] = text.slice(0, text.indexOf("\r\n\r\n"))
    .split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1)
      .trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers };
}
