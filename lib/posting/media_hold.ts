/**
 * A post's or job's hold on its own media against deletion
 * (docs/media.md#deleting-media): media resolution reads the account's
 * deletion mark before it finds the uploads live, and the commit that keeps
 * the post or job checks the mark unchanged, so media deleted in between is
 * never kept. One check whatever the number of images: within self-hosted
 * denokv's ten per operation.
 * @module
 */
import { AppError, quotedUrl } from "../errors.ts";
import { getTyped, keys } from "../kv_keys.ts";
import { liveUploadByKey } from "../media/live_uploads.ts";
import { keyStem, uploadIdOfKey } from "../media/media_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/**
 * The account's own uploads a post uses, and the account's deletion mark as
 * read before they were found live: while the mark is unchanged, none of
 * them was deleted (media_deletion.ts writes it in the same commit).
 */
export interface MediaHold {
  openId: string;
  /** The versionstamp of `keys.mediaDeletedAt` (null: never written). */
  markVersionstamp: string | null;
  /** The uploads as asked for: URL, storage key and kind. */
  own: { url: string; key: string; kind: "video" | "image" }[];
}

/**
 * The check a commit that keeps a post or job on `hold`'s media adds: the
 * account's deletion mark (`keys.mediaDeletedAt`), read by the caller with
 * the rest of what its commit checks. When it moved since the uploads were
 * last found live, they are looked up again and `hold` remembers the new
 * mark; one deleted meanwhile throws resolution's own error.
 * @throws {AppError} `bad_request`: a URL no longer one of the live uploads
 */
export async function confirmMediaLive(
  deps: Pick<AppDeps, "kv" | "clock">,
  hold: MediaHold,
  mark: Deno.KvEntryMaybe<number>,
): Promise<Deno.AtomicCheck> {
  if (mark.versionstamp !== hold.markVersionstamp) {
    for (const { url, key, kind } of hold.own) {
      const upload = await liveUploadByKey(deps, key);
      if (!upload || upload.openId !== hold.openId) {
        throw notLiveError(url, kind);
      }
    }
    hold.markVersionstamp = mark.versionstamp;
  }
  return mark;
}

/** Resolution's error for a URL that is not one of the live uploads. */
export function notLiveError(url: string, kind: "video" | "image"): AppError {
  return new AppError(
    "bad_request",
    `${quotedUrl(url)} is not one of your live ${
      kind === "video" ? "videos" : "images"
    } uploaded here (it may have expired).`,
  );
}

/**
 * Resolution's error for a URL under PM3K's storage naming `key`, no live
 * upload of the account: {@link notLiveError}, unless it is the `url` a
 * signed-URL start answered (docs/media.md#uploads). That one is told what
 * to do: complete the upload first, or post the url completion answered
 * when it named the file for the type its bytes are (`.mov` declared, MP4
 * sent: `.mp4`). The old URL is not taken in its place: no file is there,
 * and a post keeps the one URL its file is served at (duplicate checks,
 * the post's own record). Only the account's own upload, under its own
 * folder, is told apart: another account's URL reads as any other.
 */
export async function notLiveUploadError(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  url: string,
  key: string,
  kind: "video" | "image",
): Promise<AppError> {
  const id = uploadIdOfKey(key);
  const upload = id ? (await getTyped(deps.kv, keys.upload(id))).value : null;
  if (
    upload && upload.openId === openId &&
    keyStem(upload.key) === keyStem(key) &&
    upload.expiresAt > deps.clock.now()
  ) {
    if (upload.state === "pending") {
      return new AppError(
        "bad_request",
        `${
          quotedUrl(url)
        } is an upload not completed yet: call POST /api/uploads/${upload.id}/complete (MCP complete_upload), then post the url it answers.`,
      );
    }
    if (upload.key !== key) {
      return new AppError(
        "bad_request",
        `${quotedUrl(url)} is not where this upload is: it was completed as ${
          quotedUrl(upload.url)
        }, named for the type its bytes are. Post that url.`,
      );
    }
  }
  return notLiveError(url, kind);
}
