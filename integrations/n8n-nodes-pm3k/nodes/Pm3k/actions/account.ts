import type { IDataObject, IExecuteFunctions } from "n8n-workflow";
import { pm3kRequest } from "../transport";

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

/** List Posts: `GET /api/tiktok/posts`, one output item per post. */
export async function listPosts(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject[]> {
  const answer = await pm3kRequest.call(this, i, {
    method: "GET",
    path: "/api/tiktok/posts",
  });
  return (answer.posts as IDataObject[] | undefined) ?? [];
}

/** Create Album: `POST /api/albums` (docs/media.md#photo-mode). */
export async function createAlbum(
  this: IExecuteFunctions,
  i: number,
): Promise<IDataObject> {
  return await pm3kRequest.call(this, i, {
    method: "POST",
    path: "/api/albums",
  });
}
