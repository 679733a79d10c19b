/**
 * Local-disk storage for the embedded default: objects under
 * `<DATA_DIR>/media`, metadata beside them under `<DATA_DIR>/media-meta`,
 * served by the app under `/files/...`, uploads through HMAC-signed URLs.
 * Writes go to a temporary file renamed into place, so a reader never sees
 * half an object.
 * @module
 */
import { pathUnderBase, StorageError } from "./object_storage.ts";
import { copyToFile } from "./stream_to_file.ts";
import type {
  ListedObject,
  ListOptions,
  MoveOptions,
  ObjectInfo,
  ObjectRange,
  ObjectStorage,
  PresignedPut,
  PresignOptions,
  PutOptions,
} from "./object_storage.ts";
import { signUpload } from "./local_upload_signature.ts";

export interface LocalStorageOptions {
  dataDir: string;
  /** Public URL prefix of `/files` (FILES_BASE_URL). */
  filesBaseUrl: string;
  /** Where signed PUTs go (the app's own `/files`). */
  uploadBaseUrl: string;
  uploadKey: CryptoKey;
}

/**
 * A strong ETag unique to this write. Not a content hash: hashing every
 * byte halved the copy speed, and nothing needs one (fingerprints combine
 * the URL, the size and this tag).
 */
function newEtag(size: number): string {
  const rand = Array.from(
    crypto.getRandomValues(new Uint8Array(12)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return `"${size.toString(16)}-${rand}"`;
}

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/;

/** Refuses keys that could escape the media folder. */
export function assertSafeKey(key: string): void {
  if (
    !SAFE_KEY.test(key) ||
    key.split("/").some((p) => p === ".." || p === "." || p === "")
  ) {
    throw new StorageError("not_found", `Invalid object key "${key}"`);
  }
}

/**
 * Runs one disk operation on `key`; a failure of the disk (no permission, a
 * full or read-only disk, a file where a folder goes) is the storage being
 * unavailable, which the API answers 503 `storage_unavailable`
 * (docs/media.md#local-disk-adapter), never 500.
 */
async function onDisk<T>(
  key: string,
  action: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new StorageError(
      "unavailable",
      `Cannot ${action} "${key}": ${(error as Error).message}`,
      error,
    );
  }
}

export class LocalStorage implements ObjectStorage {
  readonly kind = "local";
  readonly #opts: LocalStorageOptions;
  readonly #root: string;
  readonly #metaRoot: string;

  constructor(options: LocalStorageOptions) {
    this.#opts = options;
    this.#root = `${options.dataDir}/media`;
    this.#metaRoot = `${options.dataDir}/media-meta`;
  }

  #path(key: string): string {
    assertSafeKey(key);
    return `${this.#root}/${key}`;
  }

  #metaPath(key: string): string {
    assertSafeKey(key);
    return `${this.#metaRoot}/${key}.json`;
  }

  async put(
    key: string,
    body: ReadableStream<Uint8Array> | Uint8Array,
    options: PutOptions,
  ): Promise<ObjectInfo> {
    const path = this.#path(key);
    await onDisk(key, "write", () => this.#folders(key));
    const tmp = `${path}.part-${crypto.randomUUID()}`;
    const source = body instanceof Uint8Array
      ? new Blob([body as Uint8Array<ArrayBuffer>]).stream()
      : body;
    try {
      // A deletion may prune the folder just made, while it is empty.
      const file = await this.#inFolders(
        key,
        () => Deno.open(tmp, { write: true, createNew: true }),
      );
      let size: number;
      try {
        size = await copyToFile(source, file, {
          maxBytes: options.maxBytes,
          exactBytes: body instanceof Uint8Array
            ? undefined
            : options.contentLength,
          signal: options.signal,
        });
      } finally {
        file.close();
      }
      const info: ObjectInfo = {
        size,
        etag: newEtag(size),
        contentType: options.contentType,
      };
      await this.#writeMeta(key, info);
      await Deno.rename(tmp, path);
      return info;
    } catch (error) {
      // Often never created; a `.part-` file left behind is never served.
      // Its folders go when nothing else is in them (a PUT cut short).
      await Deno.remove(tmp).catch(() => {});
      await this.#prune(key);
      if (error instanceof StorageError) throw error;
      if (options.signal?.aborted) throw error;
      throw new StorageError(
        "unavailable",
        `Cannot write "${key}": ${(error as Error).message}`,
        error,
      );
    }
  }

  /** `key`'s metadata as #writeMeta wrote it; throws NotFound if none. */
  async #readMeta(key: string): Promise<ObjectInfo> {
    return JSON.parse(
      await Deno.readTextFile(this.#metaPath(key)),
    ) as ObjectInfo;
  }

  /**
   * Writes `key`'s metadata whole, through a file renamed into place: a
   * head() reading it while another PUT of the key writes it sees the old
   * or the new metadata, never a half-written file (which would read as
   * the disk failing, 503).
   */
  async #writeMeta(key: string, info: ObjectInfo): Promise<void> {
    const path = this.#metaPath(key);
    const tmp = `${path}.part-${crypto.randomUUID()}`;
    try {
      // The metadata folder holds nothing of this write until now: a
      // deletion beside it may have pruned it (#prune) while the data came.
      await this.#inFolders(
        key,
        () =>
          Deno.writeTextFile(tmp, JSON.stringify(info), { createNew: true }),
      );
      await Deno.rename(tmp, path);
    } catch (error) {
      // Often never created; a `.part-` file left behind is never read
      // (head() reads `<key>.json` only). The write's own error is thrown.
      await Deno.remove(tmp).catch(() => {});
      throw error;
    }
  }

  /**
   * Runs `write`, which makes a file in `key`'s folders; when a folder is
   * missing (a deletion beside it pruned it, #prune), makes them again and
   * runs it again, a few times at most.
   */
  async #inFolders<T>(key: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 0;; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound) || attempt >= 4) {
          throw error;
        }
        await this.#folders(key);
      }
    }
  }

  /**
   * Removes the folders of `key` (object and metadata) that are empty, from
   * the deepest up to the roots, so a deleted file leaves no folder named
   * after it: an account's folders (`uploads/<open_id>/…`) go with its
   * last file, as its deletion asks (docs/media.md#local-disk-adapter). A
   * folder still holding anything stops it; a write making a file in one
   * removed meanwhile makes it again (#inFolders).
   */
  async #prune(key: string): Promise<void> {
    for (
      const [root, path] of [
        [this.#root, this.#path(key)],
        [this.#metaRoot, this.#metaPath(key)],
      ]
    ) {
      let dir = path.slice(0, path.lastIndexOf("/"));
      while (dir.length > root.length && dir.startsWith(`${root}/`)) {
        try {
          await Deno.remove(dir);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) break;
        }
        dir = dir.slice(0, dir.lastIndexOf("/"));
      }
    }
  }

  /** Makes the folders of `key`'s object and metadata. */
  async #folders(key: string): Promise<void> {
    await Deno.mkdir(this.#path(key).replace(/\/[^/]*$/, ""), {
      recursive: true,
    });
    await Deno.mkdir(this.#metaPath(key).replace(/\/[^/]*$/, ""), {
      recursive: true,
    });
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const meta = await this.#readMeta(key);
      const stat = await Deno.stat(this.#path(key));
      return { ...meta, size: stat.size };
    } catch (error) {
      if (
        error instanceof Deno.errors.NotFound || error instanceof StorageError
      ) return null;
      throw new StorageError(
        "unavailable",
        `Cannot read "${key}": ${(error as Error).message}`,
        error,
      );
    }
  }

  async get(
    key: string,
    range?: { start: number; end?: number },
  ): Promise<ObjectRange | null> {
    const info = await this.head(key);
    if (!info) return null;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(this.#path(key), { read: true });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw new StorageError(
        "unavailable",
        `Cannot read "${key}": ${(error as Error).message}`,
        error,
      );
    }
    if (!range) return { body: file.readable, info, range: null };
    const end = Math.min(range.end ?? info.size - 1, info.size - 1);
    await file.seek(range.start, Deno.SeekMode.Start);
    let left = end - range.start + 1;
    let open = true;
    const close = () => {
      if (open) file.close();
      open = false;
    };
    // A byte stream: a reader with its own buffer (BYOB) gets the file's
    // bytes read straight into it, with no copy and no allocation per read.
    const body = new ReadableStream({
      type: "bytes",
      autoAllocateChunkSize: 64 * 1024,
      async pull(controller) {
        const request = controller.byobRequest!;
        const view = request.view as Uint8Array;
        let n: number | null = null;
        try {
          if (left > 0) {
            n = await file.read(
              view.subarray(0, Math.min(view.byteLength, left)),
            );
          }
        } catch (error) {
          close();
          throw error;
        }
        if (n === null) {
          close();
          controller.close();
          request.respond(0);
          return;
        }
        left -= n;
        request.respond(n);
      },
      cancel: close,
    });
    return { body, info, range: { start: range.start, end } };
  }

  async delete(key: string): Promise<void> {
    for (const path of [this.#path(key), this.#metaPath(key)]) {
      await onDisk(
        key,
        "delete",
        () => removeIfThere(path),
      );
    }
    await this.#prune(key);
  }

  async move(
    from: string,
    to: string,
    options: MoveOptions = {},
  ): Promise<boolean> {
    let found = await this.head(from);
    // A move of `from` cut short after its data's rename: this one ends it.
    const resumed = !found && from !== to &&
      (found = await this.#cutShort(from, to)) !== null;
    if (!found) return false;
    const info = options.contentType
      ? { ...found, contentType: options.contentType }
      : found;
    // Onto itself, as S3's copy with new metadata: only its type changes.
    // The data is looked for after the metadata is written: deleted since
    // the head above, its metadata goes too, leaving none without data.
    if (from === to) {
      return await onDisk(to, "retype", async () => {
        await this.#writeMeta(to, info);
        if (await isThere(this.#path(to))) return true;
        await removeIfThere(this.#metaPath(to));
        return false;
      });
    }
    const target = this.#path(to);
    return await onDisk(to, "move into", async () => {
      await this.#folders(to);
      // The data goes first and the metadata last
      // (docs/media.md#local-disk-adapter): a source deleted since the head
      // above leaves nothing under `to`, where metadata written first would
      // stay without data. Until the metadata lands, head(to) answers
      // missing, as before the move. The target's folder, pruned meanwhile
      // (#prune), is made again.
      const moved = resumed || await this.#inFolders(
        to,
        () => renameUnlessGone(this.#path(from), target),
      );
      if (!moved) {
        await this.#prune(to);
        return false;
      }
      // It keeps its ETag, as S3's copy of a single-part object does.
      await this.#writeMeta(to, info);
      await removeIfThere(this.#metaPath(from));
      await this.#prune(from);
      // `to` deleted since the rename (its data gone before this metadata
      // came): the metadata goes too, as in the retype above. The move
      // itself was done, as S3's copy then a deletion would be.
      if (!(await isThere(target))) {
        await removeIfThere(this.#metaPath(to));
        await this.#prune(to);
      }
      return true;
    });
  }

  /**
   * The metadata `from` still has when a move of it to `to` was cut short
   * between its two writes (the process died after the data's rename):
   * the data sits under `to` without metadata, which the move asked again
   * writes. Null when that is not what is on disk.
   */
  async #cutShort(from: string, to: string): Promise<ObjectInfo | null> {
    if (!(await isThere(this.#path(to))) || await isThere(this.#metaPath(to))) {
      return null;
    }
    try {
      return await this.#readMeta(from);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return null;
      throw error;
    }
  }

  /**
   * Walks the media folder in key order, entering only the folders that
   * can hold keys after `startAfter`, so a cursor deep in a large tree
   * costs one directory read per level, not a walk of what came before.
   */
  async *list(
    prefix: string,
    options: ListOptions = {},
  ): AsyncIterable<ListedObject> {
    const after = options.startAfter ?? "";
    const root = this.#root;
    async function* walk(dir: string): AsyncIterable<ListedObject> {
      const names: { key: string; folder: boolean }[] = [];
      try {
        for await (const entry of Deno.readDir(`${root}/${dir}`)) {
          const key = `${dir}${entry.name}`;
          if (entry.isDirectory) names.push({ key: `${key}/`, folder: true });
          else if (entry.isFile) names.push({ key, folder: false });
        }
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return;
        throw error;
      }
      // A folder's keys sort as `name/...`: compare with the slash.
      names.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
      for (const { key, folder } of names) {
        if (folder) {
          const holdsPrefix = key.startsWith(prefix) || prefix.startsWith(key);
          // Every key inside sorts before `after` unless `after` is inside.
          const allBefore = key < after && !after.startsWith(key);
          if (holdsPrefix && !allBefore) yield* walk(key);
          continue;
        }
        if (!key.startsWith(prefix) || key <= after) continue;
        let stat: Deno.FileInfo;
        try {
          stat = await Deno.stat(`${root}/${key}`);
        } catch (error) {
          if (error instanceof Deno.errors.NotFound) continue; // just deleted
          throw error;
        }
        yield {
          key,
          size: stat.size,
          lastModified: stat.mtime?.getTime() ?? 0,
        };
      }
    }
    yield* walk(prefix.slice(0, prefix.lastIndexOf("/") + 1));
  }

  async presignPut(
    key: string,
    options: PresignOptions,
  ): Promise<PresignedPut> {
    assertSafeKey(key);
    const expiresAt = options.now + options.expiresInSeconds * 1000;
    const sig = await signUpload(this.#opts.uploadKey, {
      key,
      contentType: options.contentType,
      maxBytes: options.maxBytes,
      expiresAt,
    });
    const url = new URL(`${this.#opts.uploadBaseUrl}/${key}`);
    url.searchParams.set("max", String(options.maxBytes));
    url.searchParams.set("expires", String(expiresAt));
    url.searchParams.set("signature", sig);
    return {
      url: url.href,
      method: "PUT",
      headers: { "Content-Type": options.contentType },
      expiresAt,
    };
  }

  publicUrl(key: string): string {
    return `${this.#opts.filesBaseUrl}/${key}`;
  }

  keyFromPublicUrl(url: string): string | null {
    const key = pathUnderBase(this.#opts.filesBaseUrl, url);
    if (key === null) return null;
    try {
      assertSafeKey(key);
      return key;
    } catch {
      return null;
    }
  }
}

/**
 * Renames `from` to `to`; false when `from` is gone before the rename
 * (moved or deleted by someone else since the move's head): the move did
 * nothing. Otherwise a NotFound is `to`'s folder missing, thrown for
 * #inFolders to make it again.
 */
async function renameUnlessGone(from: string, to: string): Promise<boolean> {
  try {
    await Deno.rename(from, to);
    return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    if (!(await isThere(from))) return false;
    throw error;
  }
}

/** Whether a file is there; any failure but NotFound is thrown. */
async function isThere(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    return false;
  }
}

/** Removes a file; one already gone is what was wanted. */
async function removeIfThere(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
