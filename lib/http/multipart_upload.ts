/**
 * Reads a `multipart/form-data` upload as a stream
 * (docs/api.md#uploads-in-one-request): the fields before the `file` part,
 * then the file's bytes as they arrive, never the whole file in memory.
 * @fastify/busboy parses (it streams each file part and holds the request
 * back while the file's reader is behind); the parsers that run on web
 * streams (@remix-run/multipart-parser, @apeleghq/multipart-parser) hand
 * out each part whole, in memory.
 * @module
 */
import { Busboy } from "@fastify/busboy";
import type { BusboyInstance } from "@fastify/busboy";
import { pipeline, Readable } from "node:stream";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { AppError, echoed } from "../errors.ts";
import { parameterValues } from "./body_encoding.ts";
import { formFilename } from "./form_filename.ts";

/** The form's file part and the fields sent before it. */
export interface MultipartUpload {
  /** Text fields before the file, by name (each given once). */
  fields: Record<string, string>;
  file: {
    /** The part's file name, its form escapes decoded ("" when it gave none). */
    filename: string;
    /** The part's Content-Type ("" when it gave none). */
    contentType: string;
    stream: ReadableStream<Uint8Array>;
  };
  /**
   * Settles when the form has ended, after the file: rejects on a part
   * after the file, or a form broken off or malformed.
   */
  rest: Promise<void>;
  /** Stops reading the request (the file is not wanted after all). */
  cancel(reason: unknown): void;
}

/** The name of the part holding the file. */
export const FILE_FIELD = "file";

/** A form is a few small fields and one file: more is refused. */
const LIMITS = {
  files: 1,
  fields: 8,
  fieldSize: 1024,
  parts: 10,
  headerPairs: 20,
  headerSize: 8 * 1024,
};

function malformed(why: string): AppError {
  return new AppError(
    "bad_request",
    `The multipart form cannot be read: ${why}. Send the file as the form's "${FILE_FIELD}" part, with album_id (if any) before it or in the query.`,
  );
}

/**
 * Starts reading the form; resolves once its `file` part begins.
 * @throws {AppError} `bad_request` for a form without a boundary or a file
 *   part, a field given twice, or broken before its file
 */
export function readMultipartUpload(
  body: ReadableStream<Uint8Array>,
  contentType: string,
): Promise<MultipartUpload> {
  // Refused before a byte is read: the body is let go, not left open.
  const refuse = (why: string) => {
    const error = malformed(why);
    body.cancel(error).catch((cancelled) =>
      // Already closed or broken off: nothing is left to let go.
      void cancelled
    );
    return Promise.reject(error);
  };
  // Busboy reads the first boundary given, or an empty one, and then
  // blames the body ("Unexpected end of multipart data").
  const boundaries = parameterValues(contentType, "boundary");
  if (boundaries.length > 1) {
    return refuse(
      `its Content-Type gives boundary ${boundaries.length} times: give it once`,
    );
  }
  if (boundaries.length === 1 && boundaries[0] === "") {
    return refuse(
      "its Content-Type names no boundary (multipart/form-data; boundary=…)",
    );
  }
  let parser: BusboyInstance;
  try {
    parser = new Busboy({
      headers: { "content-type": contentType },
      limits: LIMITS,
      // Whatever its type or file name, the "file" part is the file, and
      // no other part is one.
      isPartAFile: (name: string | undefined) => name === FILE_FIELD,
    });
  } catch (error) {
    return refuse((error as Error).message);
  }
  const source = Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>);
  const fields: Record<string, string> = {};
  let fileStarted = false;
  /** The file part, until it has ended. */
  let openFile: Readable | null = null;
  let settleRest: { resolve(): void; reject(error: AppError): void };
  const rest = new Promise<void>((resolve, reject) => {
    settleRest = { resolve, reject };
  });
  // Awaited by the upload once its file is stored: a refusal before that
  // is the answer, and the form failing as well is not a second one.
  rest.catch(() => {});
  const cancel = (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    // A file part cut off errors its reader, which would else wait on.
    openFile?.destroy(error);
    openFile = null;
    source.destroy(error);
    parser.destroy();
  };
  return new Promise<MultipartUpload>((resolve, reject) => {
    const fail = (error: AppError) => {
      if (!fileStarted) reject(error);
      else settleRest.reject(error);
      cancel(error);
    };
    // Busboy gives a part named "" (`name=""`, or none) as undefined: it is
    // the field "", refused as an unknown one with no name, never the
    // field "undefined".
    const said = (name: string) =>
      name === "" ? "with no name" : `"${echoed(name)}"`;
    parser.on("field", (name: string | undefined) => {
      if (fileStarted) {
        fail(malformed(`the field ${said(name ?? "")} comes after the file`));
      }
    });
    parser.on("field", (given: string | undefined, value: string) => {
      if (fileStarted) return;
      const name = given ?? "";
      // Which value was meant would be a guess, as for a query parameter
      // or a JSON name given twice (docs/api.md#limits-on-every-request).
      if (Object.hasOwn(fields, name)) {
        fail(
          malformed(`the field ${said(name)} is given twice: give it once`),
        );
      } else fields[name] = value;
    });
    for (const limit of ["fieldsLimit", "partsLimit", "filesLimit"] as const) {
      parser.on(
        limit,
        () => fail(malformed("it has more than one file or too many parts")),
      );
    }
    parser.on(
      "file",
      (
        _name: string,
        file: Readable,
        filename: string,
        _enc: string,
        type: string,
      ) => {
        fileStarted = true;
        openFile = file;
        file.once("end", () => openFile = null);
        resolve({
          fields: { ...fields },
          file: {
            filename: formFilename(filename),
            contentType: type,
            stream: webStreamOf(file, cancel),
          },
          rest,
          cancel,
        });
      },
    );
    pipeline(source, parser, (error) => {
      if (error) {
        fail(
          error instanceof AppError
            ? error
            : malformed((error as Error).message ?? String(error)),
        );
      } else if (!fileStarted) {
        reject(malformed(`it has no "${FILE_FIELD}" part`));
      } else {
        settleRest.resolve();
      }
    });
  });
}

/**
 * The file part as a web stream: read on demand, which holds the parser
 * (and the request) back while the reader is behind; cancelling it stops
 * reading the request.
 */
function webStreamOf(
  file: Readable,
  cancel: (reason: unknown) => void,
): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      file.pause();
      file.on("data", (chunk: Uint8Array) => {
        if (!open) return;
        controller.enqueue(
          new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength),
        );
        if ((controller.desiredSize ?? 0) <= 0) file.pause();
      });
      file.once("end", () => {
        if (open) controller.close();
        open = false;
      });
      // `on`, not `once`: a part cut off errors the file, and the form's
      // own failure then destroys it with a second error; an "error" with
      // no listener left is thrown by Node's streams, uncaught, and ends
      // the process (docs/api.md#uploads-in-one-request).
      file.on("error", (error) => {
        if (open) controller.error(error);
        open = false;
      });
    },
    pull() {
      file.resume();
    },
    cancel(reason) {
      open = false;
      cancel(reason);
    },
  }, { highWaterMark: 4 });
}
