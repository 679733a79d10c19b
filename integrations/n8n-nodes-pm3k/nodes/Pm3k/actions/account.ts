import type { IDataObject, IExecuteFunctions } from "n8n-workflow";
import { pm3kRequest } from "../transport";
import { givenText } from "./given";
import { runIdempotencyKey } from "./idempotency_key";
import { listAll } from "./paged_list";

/** Get Limits: `GET /api/limits` (docs/posting.md#limits-left). */
export async function getLimits(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  return await pm3kRequest.call(this, i, {
    method: "GET",
    path: "/api/limits",
  });
}

/**
 * Get Creator Info: `GET /api/tiktok/creator_info`, the privacy levels a
 * post is accepted with now (only SELF_ONLY while the app is unaudited,
 * `app_audited` false) and the longest video, for a Post Video's Privacy
 * expression (docs/posting.md#unaudited-apps).
 */
export async function getCreatorInfo(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  return await pm3kRequest.call(this, i, {
    method: "GET",
    path: "/api/tiktok/creator_info",
  });
}

/**
 * List Posts: `GET /api/tiktok/posts`, newest first, one output item per
 * post: every post with Return All, else the first Limit (50 by default).
 * Pages of up to 100 follow the answer's `cursor` (null on the last page)
 * until that many are read (docs/posting.md#creator-info-and-posts).
 */
export const listPosts = listAll("/api/tiktok/posts", "posts", 100);

/**
 * List Uploads: `GET /api/uploads`, the account's live uploads (completed
 * and unexpired; an album's images are listed with their album), newest
 * first, one output item per upload with the API's fields as they are
 * (docs/media.md#uploads): every upload with Return All, else the first
 * Limit (50 by default), read page after page (up to 100 each) through the
 * answer's `cursor` as List Posts does. After a proxy's 502, 503 or 504 on
 * Upload Media of a binary file it tells whether the upload was made
 * (docs/workflows.md#when-a-proxy-answers-502-503-or-504).
 */
export const listUploads = listAll("/api/uploads", "uploads", 100);

/**
 * Create Album: `POST /api/albums` (docs/media.md#photo-mode), with the
 * run's Idempotency-Key: an album counts as an upload, so Retry On Fail
 * after a lost answer (a proxy's 504) gets the album made, not a second
 * empty one (docs/workflows.md#when-a-proxy-answers-502-503-or-504).
 */
export async function createAlbum(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  return await pm3kRequest.call(this, i, {
    method: "POST",
    path: "/api/albums",
    headers: { "Idempotency-Key": runIdempotencyKey.call(this, i) },
  });
}

/**
 * Get Post Stats: `GET /api/tiktok/posts/{id}/stats`, a public post's
 * views, likes, comments and shares (docs/posting.md#post-stats). A post
 * with none is an answer, not a failure: `stats` null and `unavailable`
 * saying why, so a report looping over List Posts goes on.
 */
export async function getPostStats(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  const postId = givenText.call(
    this,
    i,
    "postId",
    "Post ID",
    "map the post_id of a List Posts item",
  );
  return await pm3kRequest.call(this, i, {
    method: "GET",
    path: `/api/tiktok/posts/${encodeURIComponent(postId)}/stats`,
  });
}
