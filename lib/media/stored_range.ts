/**
 * Bytes of a stored file read back for its checks: the header the type is
 * sniffed from, and the ranges the video probes ask for (video_probe.ts),
 * both at completion and for a copy. Storage failing meanwhile is 503
 * `storage_unavailable`, the object gone 404 `not_found`
 * (storage_unavailable.ts).
 * @module
 */
import type { ObjectStorage } from "../storage/object_storage.ts";
import { readPrefix, StorageError } from "../storage/object_storage.ts";
import type { RangeReader } from "./mp4_probe.ts";
import { orStorageUnavailable } from "./storage_unavailable.ts";

/** Reads bytes `start` to `end` (inclusive) of the object at `key`. */
export function storedRangeReader(
  storage: ObjectStorage,
  key: string,
): RangeReader {
  return (start, end) =>
    orStorageUnavailable(async () => {
      const got = await storage.get(key, { start, end });
      if (!got) throw new StorageError("not_found", `${key} vanished`);
      return readPrefix(got.body, end - start + 1);
    });
}
