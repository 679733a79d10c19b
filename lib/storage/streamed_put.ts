/**
 * A streamed HTTP PUT framed by its Content-Length. Deno's fetch sends any
 * ReadableStream body chunked and drops a Content-Length given for it
 * (denoland/deno#24197), and AWS S3 refuses chunked PUTs; Deno's node:http
 * client frames the body by the declared length, with no buffering.
 * @module
 */
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

export interface StreamedPutAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Longest pause with no bytes moving either way before giving up. */
const IDLE_TIMEOUT_MS = 60_000;

export function putStreamWithLength(
  url: URL,
  headers: Headers,
  body: ReadableStream<Uint8Array>,
  length: number,
  signal?: AbortSignal,
): Promise<StreamedPutAnswer> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const outgoing: Record<string, string> = {};
  headers.forEach((value, name) => outgoing[name] = value);
  outgoing["content-length"] = String(length);
  return new Promise<StreamedPutAnswer>((resolve, reject) => {
    const req = send(url, { method: "PUT", headers: outgoing, signal });
    req.setTimeout(IDLE_TIMEOUT_MS, () => {
      req.destroy(new Error(`No progress for ${IDLE_TIMEOUT_MS} ms`));
    });
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(error);
    };
    req.once("error", fail);
    req.once("response", (res: IncomingMessage) => {
      const chunks: Uint8Array[] = [];
      res.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      res.once("error", fail);
      res.once("end", () => {
        if (settled) return;
        settled = true;
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) answerHeaders.set(name, String(value));
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: answerHeaders,
          text: new TextDecoder().decode(concat(chunks)),
        });
      });
    });
    pump(body, req).catch(fail);
  });
}

/** Writes the stream into the request, waiting for "drain" when told to. */
async function pump(
  body: ReadableStream<Uint8Array>,
  req: ReturnType<typeof httpRequest>,
): Promise<void> {
  const reader = body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!req.write(value)) {
        await new Promise<void>((resolve, reject) => {
          const onDrain = () => {
            req.off("close", onClose);
            resolve();
          };
          const onClose = () => {
            req.off("drain", onDrain);
            reject(new Error("Connection closed"));
          };
          req.once("drain", onDrain);
          req.once("close", onClose);
        });
      }
    }
    req.end();
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    throw error;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
