/** A tiny client of PM3K's JSON API for tests (Bearer key). */
import type { TestServer } from "./test_server.ts";
import { issueKeyFromDashboard, signIn } from "./sandbox_sign_in.ts";
import type { PlanId } from "../../lib/accounts/account_record.ts";
import type { CookieJar } from "./cookie_jar.ts";
import assert from "node:assert/strict";

export interface ApiClient {
  key: string;
  openId: string;
  call(method: string, path: string, body?: unknown): Promise<Response>;
  json(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Signs a sandbox user in (withholding some scopes), picks a plan, issues a key. */
export async function apiClientFor(
  server: TestServer,
  username: string,
  plan: PlanId = "free",
  withhold: string[] = [],
): Promise<ApiClient & { jar: CookieJar }> {
  const { jar, openId } = await signIn(server, username, plan, withhold);
  const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
  // The dashboard session too, for what only the dashboard does.
  return { ...clientWithKey(server, key, openId), jar };
}

/** A client of the JSON API sending `key` (Bearer) for `openId`. */
function clientWithKey(
  server: TestServer,
  key: string,
  openId: string,
): ApiClient {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    key,
    openId,
    call,
    async json(method, path, body) {
      const res = await call(method, path, body);
      return { status: res.status, body: await res.json() };
    },
  };
}

export const fixture = (name: string) =>
  Deno.readFile(new URL(`../fixtures/${name}`, import.meta.url));

/** PUTs `bytes` to a started upload's signed URL, as its client would. */
export function putUpload(
  started: Record<string, unknown>,
  bytes: Uint8Array,
): Promise<Response> {
  return fetch(String(started.upload_url), {
    method: String(started.method),
    headers: started.headers as Record<string, string>,
    body: bytes as Uint8Array<ArrayBuffer>,
  });
}

/** putUpload, which must answer 200 (its body is not needed). */
export async function putUploadOk(
  started: Record<string, unknown>,
  bytes: Uint8Array,
): Promise<void> {
  const put = await putUpload(started, bytes);
  await put.body?.cancel();
  assert.equal(put.status, 200);
}

/**
 * Starts an upload of `bytes` as `filename` (into `albumId`, if given),
 * sending no byte yet: the start's answer, which must be 200.
 */
export async function startedUpload(
  client: ApiClient,
  bytes: Uint8Array,
  filename: string,
  contentType = "video/mp4",
  albumId?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const started = await client.json("POST", "/api/uploads", {
    filename,
    content_type: contentType,
    size: bytes.length,
    ...(albumId ? { album_id: albumId } : {}),
  });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  return started;
}

/**
 * The local-disk storage key a signed upload URL (`/files/<key>?…`) writes
 * to: the upload's staging key until completion moves it.
 */
export function localFileKey(url: unknown): string {
  return decodeURIComponent(new URL(String(url)).pathname)
    .replace(/^\/files\//, "");
}

/**
 * Starts an upload of `bytes` as `filename` (into `albumId`, if given) and
 * PUTs them, never completing it (bytes staged): the start's answer. The
 * start and the PUT must answer 200.
 */
export async function stagedUpload(
  ...start: Parameters<typeof startedUpload>
): ReturnType<typeof startedUpload> {
  const [, bytes] = start;
  const started = await startedUpload(...start);
  await putUploadOk(started.body, bytes);
  return started;
}

/** Uploads the portrait.mp4 fixture as `filename`: uploadBytes's answer. */
export async function uploadPortrait(
  client: ApiClient,
  filename: string,
): ReturnType<typeof uploadBytes> {
  return uploadBytes(client, await fixture("portrait.mp4"), {
    filename,
    contentType: "video/mp4",
  });
}

/** Starts an upload, PUTs the bytes as told, completes it. */
export async function uploadBytes(
  client: ApiClient,
  bytes: Uint8Array,
  options: {
    filename: string;
    contentType: string;
    albumId?: string;
    declaredSize?: number;
  },
): Promise<
  {
    status: number;
    body: Record<string, unknown>;
    started: Record<string, unknown>;
  }
> {
  const started = await client.json("POST", "/api/uploads", {
    filename: options.filename,
    content_type: options.contentType,
    size: options.declaredSize ?? bytes.length,
    ...(options.albumId ? { album_id: options.albumId } : {}),
  });
  if (started.status !== 200) return { ...started, started: started.body };
  const put = await putUpload(started.body, bytes);
  await put.body?.cancel();
  const done = await client.json(
    "POST",
    `/api/uploads/${started.body.upload_id}/complete`,
  );
  return { ...done, started: started.body };
}

/**
 * `body` sent as a file in one request (`POST /api/uploads?filename=`);
 * its answer, how long it took (ms) and its HTTP status.
 */
export async function sentAsFile(
  server: TestServer,
  key: string,
  body: string | Uint8Array,
  filename = "clip.mp4",
): Promise<readonly [Record<string, unknown>, number, number]> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/uploads?filename=${filename}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${key}`,
      "Content-Type": "application/octet-stream",
    },
    body: body as string | Uint8Array<ArrayBuffer>,
  });
  return [await res.json(), performance.now() - started, res.status] as const;
}
