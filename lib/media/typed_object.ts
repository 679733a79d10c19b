/**
 * A checked file named and typed for what its bytes are
 * (docs/media.md#the-type-a-file-is-served-as): its key ends in the
 * detected type's extension and storage serves it with that Content-Type,
 * whatever was declared, since TikTok pulls it by that URL and type.
 * @module
 */
import type { AppDeps } from "../runtime/app_deps.ts";
import type { ObjectInfo } from "../storage/object_storage.ts";
import { keyWithExt } from "./media_keys.ts";
import { baseType } from "./media_types.ts";
import { orStorageUnavailable } from "./storage_unavailable.ts";

/** An object's key and what storage reports of it there. */
export interface KeyedObject {
  key: string;
  info: ObjectInfo;
}

/**
 * Moves `object` (inside the storage) to the key with `type`'s extension,
 * with `type`'s Content-Type, unless it has both already. The info is
 * read again after a move: a copy may change the ETag (S3 gives an object
 * stored in parts a new one). Null when the object went meanwhile.
 * @throws {AppError} `storage_unavailable`
 */
export async function nameForType(
  deps: Pick<AppDeps, "storage">,
  object: KeyedObject,
  type: { contentType: string; ext: string },
): Promise<KeyedObject | null> {
  const key = keyWithExt(object.key, type.ext);
  // Compared as media types: a store may report the type lower-cased or
  // with parameters (`; charset=`), and copying the object onto itself for
  // that would only change its ETag.
  if (
    key === object.key &&
    baseType(object.info.contentType) === baseType(type.contentType)
  ) {
    return object;
  }
  const moved = await orStorageUnavailable(() =>
    deps.storage.move(object.key, key, { contentType: type.contentType })
  );
  if (!moved) return null;
  const info = await orStorageUnavailable(() => deps.storage.head(key));
  return info ? { key, info } : null;
}
