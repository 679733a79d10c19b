/**
 * The simulator's FILE_UPLOAD upload_url (docs/sandbox.md#file-upload):
 * `PUT /upload/?upload_id=…` takes the chunks in order and checks each by
 * TikTok's rules — Content-Type, Content-Length, Content-Range against the
 * size and chunk plan declared at init — writes it at its offset in a file
 * that assembles the video, and answers as TikTok does: 206 and the range
 * held, 201 once the whole file is in, 400 bad headers or size, 403
 * expired, 404 unknown, 416 out of step. A chunk that fails half-way is
 * not counted: the same chunk may be sent again.
 * @module
 */
import type { Context, Hono } from "hono";
import type { Clock } from "../../lib/clock.ts";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxPublish } from "./sandbox_records.ts";
import {
  CHUNK_CONTENT_TYPES,
  expectedChunk,
  parseContentRange,
} from "./sandbox_chunk_rules.ts";
import { answerChunkFault } from "./sandbox_faults.ts";

/** TikTok's upload_url lives 1 hour. */
export const UPLOAD_URL_VALID_MS = 3600_000;

let defaultDir: Promise<string> | null = null;

/** A new file for a FILE_UPLOAD's chunks, under `uploadDir` or a temp dir. */
export async function uploadFilePath(
  options: { uploadDir?: string },
  _publishId: string,
): Promise<string> {
  const dir = options.uploadDir ??
    await (defaultDir ??= Deno.makeTempDir({ prefix: "pm3k-sandbox-upload-" }));
  return `${dir}/${crypto.randomUUID()}.part`;
}

/** Adds PUT /upload to the sandbox app. */
export function addUploadRoute(
  app: Hono,
  options: { kv: Deno.Kv; clock: Clock; stallMs?: number },
): void {
  const { kv, clock } = options;
  app.put("/upload", async (c) => {
    const token = c.req.query("upload_id") ?? "";
    const target = (await getTyped(kv, sandboxKeys.uploadTarget(token))).value;
    const entry = target
      ? await getTyped(kv, sandboxKeys.publish(target))
      : null;
    const publish = entry?.value;
    if (!entry || !publish?.upload) {
      return refuse(c, 404, "No upload for this upload_url.");
    }
    const upload = publish.upload;
    if (clock.now() >= upload.expiresAt) {
      return refuse(c, 403, "The upload_url has expired.");
    }
    const type = (c.req.header("content-type") ?? "").split(";")[0].trim();
    if (!CHUNK_CONTENT_TYPES.includes(type)) {
      return refuse(
        c,
        400,
        `Content-Type must be one of ${CHUNK_CONTENT_TYPES.join(", ")}.`,
      );
    }
    const range = parseContentRange(c.req.header("content-range"));
    if (!range || range.total !== upload.videoSize) {
      return refuse(
        c,
        400,
        `Content-Range must be "bytes first-last/${upload.videoSize}".`,
      );
    }
    if (range.first !== upload.received) {
      return drained(
        c,
        c.json(problem(`The next chunk starts at byte ${upload.received}.`), {
          status: 416,
          headers: heldRange(upload.received, upload.videoSize),
        }),
      );
    }
    const index = range.first / upload.chunkSize;
    const fault = await answerChunkFault(c, options, publish.openId, index + 1);
    if (fault) return drained(c, fault);
    const expected = expectedChunk(upload, index);
    if (range.last !== expected.last) {
      return refuse(
        c,
        400,
        `Chunk ${index + 1} must be bytes ${expected.first}-${expected.last}.`,
      );
    }
    const length = range.last - range.first + 1;
    if (Number(c.req.header("content-length")) !== length) {
      return refuse(c, 400, `Content-Length must be ${length}.`);
    }
    const written = await writeAt(upload.file, range.first, c.req.raw.body);
    if (written !== length) {
      return refuse(
        c,
        400,
        `The chunk held ${written} bytes, not ${length}.`,
      );
    }
    const next: SandboxPublish = {
      ...publish,
      upload: { ...upload, received: range.last + 1 },
    };
    if (!(await kv.atomic().check(entry).set(entry.key, next).commit()).ok) {
      // Another PUT of the same bytes won: the client is out of step.
      const now = (await getTyped(kv, sandboxKeys.publish(target!))).value
        ?.upload;
      return c.json(problem("Another chunk was taken meanwhile."), {
        status: 416,
        headers: heldRange(now?.received ?? 0, upload.videoSize),
      });
    }
    const done = range.last + 1 === upload.videoSize;
    return c.body(null, done ? 201 : 206, {
      ...heldRange(range.last + 1, upload.videoSize),
    });
  });
}

/** TikTok's progress header: the bytes held, `bytes 0-{last}/{total}`. */
function heldRange(held: number, total: number): Record<string, string> {
  return held > 0 ? { "Content-Range": `bytes 0-${held - 1}/${total}` } : {};
}

function problem(message: string) {
  return { error: { code: "invalid_file_upload", message } };
}

/** A refusal; the chunk's body is read off so the connection stays sound. */
function refuse(c: Context, status: 400 | 403 | 404, message: string) {
  return drained(c, c.json(problem(message), status));
}

async function drained(c: Context, answer: Response): Promise<Response> {
  await c.req.raw.body?.cancel();
  return answer;
}

/** Writes `body` into `file` from `offset`; the bytes written (-1: cut). */
async function writeAt(
  file: string,
  offset: number,
  body: ReadableStream<Uint8Array> | null,
): Promise<number> {
  const handle = await Deno.open(file, { write: true, create: true });
  let written = 0;
  try {
    await handle.seek(offset, Deno.SeekMode.Start);
  } catch (error) {
    handle.close();
    throw error;
  }
  if (!body) {
    handle.close();
    return 0;
  }
  try {
    // pipeTo closes the file when the body ends, or aborts it (closing it
    // too) when the body fails.
    await body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(piece, controller) {
          written += piece.length;
          controller.enqueue(piece);
        },
      }),
    ).pipeTo(handle.writable);
  } catch {
    // The client hung up mid-chunk: the chunk is short and not counted.
    return -1;
  }
  return written;
}
