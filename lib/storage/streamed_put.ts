/**
 * A streamed HTTP PUT framed by its Content-Length. Deno's fetch sends any
 * ReadableStream body chunked and drops a Content-Length given for it
 * (denoland/deno#24197), and AWS S3 refuses chunked PUTs; Deno's node:http
 * client frames the body by the declared length, with no buffering.
 * @module
 */
import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import type { LookupFunction } from "node:net";
import { request as httpsRequest } from "node:https";
import { Buffer } from "node:buffer";

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
  /** Name resolution (default: the system's); tests map hosts to loopback. */
  lookup?: LookupFunction,
): Promise<StreamedPutAnswer> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const outgoing: Record<string, string> = {};
  headers.forEach((value, name) => outgoing[name] = value);
  outgoing["content-length"] = String(length);
  const reader = body.getReader();
  return new Promise<StreamedPutAnswer>((resolve, reject) => {
    const req = send(url, {
      method: "PUT",
      headers: outgoing,
      signal,
      // A fresh connection: on a reused keep-alive one, Deno's node:http
      // sends a PUT destroyed mid-body again, headers only, and that copy
      // hangs until the storage times it out.
      agent: false,
      ...(lookup ? { lookup } : {}),
    });
    req.setTimeout(IDLE_TIMEOUT_MS, () => {
      req.destroy(new Error(`No progress for ${IDLE_TIMEOUT_MS} ms`));
    });
    let settled = false;
    // However it ends, the source is released (a fetch body stays locked,
    // its connection open, until cancelled) and the request is closed.
    const settle = (finish: () => void, error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error !== undefined) req.destroy();
      // Releases the source; its own failure is the one being reported.
      reader.cancel(error).catch(() => {});
      finish();
    };
    const fail = (error: unknown) => settle(() => reject(error), error);
    req.on("error", fail);
    req.once("response", (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", fail);
      res.once("end", () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) answerHeaders.set(name, String(value));
        }
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: answerHeaders,
            text: Buffer.concat(chunks).toString("utf8"),
          })
        );
      });
    });
    pump(reader, req, () => settled).catch(fail);
  });
}

/**
 * Writes the source into the request, waiting for "drain" when told to;
 * stops as soon as the request is over (answered early, failed, aborted).
 */
async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  req: ReturnType<typeof httpRequest>,
  over: () => boolean,
): Promise<void> {
  while (!over()) {
    const { done, value } = await reader.read();
    if (done) {
      if (!over()) req.end();
      return;
    }
    if (over() || req.destroyed) return;
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
}
