/**
 * A thin typed client of PM3K's HTTP API: openapi-fetch over the types
 * generated from /api/openapi.json (schema.d.ts), plus the few steps every
 * script needs (upload a file, post, wait for the result), each answering
 * the API's success body or throwing `Pm3kError` with the API's code.
 * Plain TypeScript over fetch: Deno, Node and browsers.
 * @module
 */
import createClient from "openapi-fetch";
import type { Client } from "openapi-fetch";
import type { operations, paths } from "./schema.d.ts";

export type { operations, paths };

/** The JSON success body of an operation. */
export type Success<Op extends keyof operations> = operations[Op] extends {
  responses: { 200: { content: { "application/json": infer Body } } };
} ? Body
  : never;

/** A video or photo post, as `POST /api/tiktok/direct_post` takes it. */
export type PostBody =
  operations["postApiTiktokDirectPost"]["requestBody"]["content"][
    "application/json"
  ];
/** A scheduled post, as `POST /api/jobs` takes it. */
export type JobBody =
  operations["postApiJobs"]["requestBody"]["content"]["application/json"];

/** A stored upload, as a one-request upload or an upload from a URL answers. */
export type Upload = Success<"postApiUploadsFromUrl">;

/** A PM3K refusal: `{ ok: false, error, message, ...extra }`. */
export class Pm3kError extends Error {
  constructor(
    /** The API's error code, e.g. `interval_limit`. */
    readonly code: string,
    message: string,
    /** The HTTP status. */
    readonly status: number,
    /** The whole error body (extra fields such as `retry_after`). */
    readonly body: Record<string, unknown>,
  ) {
    super(`${code}: ${message}`);
    this.name = "Pm3kError";
  }
}

export interface Pm3kClientOptions {
  /** Your PM3K address, e.g. `https://pm3k.org` (without `/api`). */
  baseUrl: string;
  /** An API key from the dashboard (`pm3k_...`). */
  apiKey: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

export interface WaitOptions {
  /** Pause between status calls, seconds (at least 3: 20 calls a minute). */
  pollSeconds?: number;
  /** Give up after this many seconds (default 600). */
  maxWaitSeconds?: number;
}

/** PM3K's /status limits (docs/posting.md#status-limits). */
const MIN_POLL_SECONDS = 3;
const CALLS_PER_HOUR = 40;

async function errorOf(response: Response, body?: unknown): Promise<Pm3kError> {
  let parsed = body;
  if (parsed === undefined) {
    // A body that is not JSON (a proxy's error page) still yields the
    // status as the code below: nothing is lost by reading it as {}.
    parsed = await response.json().catch(() => ({}));
  }
  const b = (parsed && typeof parsed === "object" ? parsed : {}) as Record<
    string,
    unknown
  >;
  return new Pm3kError(
    typeof b.error === "string" ? b.error : `http_${response.status}`,
    typeof b.message === "string" ? b.message : response.statusText,
    response.status,
    b,
  );
}

/** The success body, or the API's refusal thrown as `Pm3kError`. */
async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) {
    throw await errorOf(response, error);
  }
  return data;
}

export function createPm3kClient(options: Pm3kClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch;
  const auth = { Authorization: `Bearer ${options.apiKey}` };
  /** Every operation of the API, typed: `api.GET("/api/me")` and so on. */
  const api: Client<paths> = createClient<paths>({
    baseUrl,
    headers: auth,
    fetch: doFetch,
  });

  const status = (publishId: string) =>
    unwrap(api.POST("/api/tiktok/status", { body: { publish_id: publishId } }));

  return {
    api,

    me: () => unwrap(api.GET("/api/me")),

    /**
     * Uploads a file in one request (`POST /api/uploads` with the bytes as
     * the body, its media type as Content-Type): the completed upload, whose
     * `url` a post takes.
     */
    async uploadFile(
      data: Uint8Array | Blob,
      file: { filename: string; contentType: string; albumId?: string },
    ): Promise<Upload> {
      const url = new URL(`${baseUrl}/api/uploads`);
      url.searchParams.set("filename", file.filename);
      if (file.albumId) url.searchParams.set("album_id", file.albumId);
      const response = await doFetch(url, {
        method: "POST",
        headers: { ...auth, "Content-Type": file.contentType },
        // A Uint8Array over any buffer (Node's Buffer too) is a valid body.
        body: data as BodyInit,
      });
      if (!response.ok) throw await errorOf(response);
      return await response.json();
    },

    /**
     * Has PM3K fetch a public URL (a direct download) into an upload:
     * `POST /api/uploads/from_url`.
     */
    uploadFromUrl: (url: string, albumId?: string): Promise<Upload> =>
      unwrap(api.POST("/api/uploads/from_url", {
        body: albumId ? { url, album_id: albumId } : { url },
      })),

    /** Post a video or photos now: `{ publish_id }`. */
    post: (body: PostBody, idempotencyKey?: string) =>
      unwrap(api.POST("/api/tiktok/direct_post", {
        body,
        params: idempotencyKey
          ? { header: { "Idempotency-Key": idempotencyKey } }
          : {},
      })),

    /** Schedule a post: the job. */
    schedule: (body: JobBody) => unwrap(api.POST("/api/jobs", { body })),

    status,

    /**
     * Polls the status until TikTok is done (the status) or failed (throws
     * with TikTok's fail_reason), within the /status limits: at least 3 s
     * apart and at most 40 calls in all.
     */
    async waitForResult(publishId: string, wait: WaitOptions = {}) {
      const maxWaitMs = (wait.maxWaitSeconds ?? 600) * 1000;
      const pauseMs = Math.max(
        MIN_POLL_SECONDS * 1000,
        (wait.pollSeconds ?? 15) * 1000,
        Math.ceil(maxWaitMs / CALLS_PER_HOUR),
      );
      const deadline = Date.now() + maxWaitMs;
      while (Date.now() + pauseMs <= deadline) {
        await new Promise((r) => setTimeout(r, pauseMs));
        const s = await status(publishId);
        if (s.state === "done") return s;
        if (s.state === "failed") {
          throw new Error(
            `TikTok publish failed: ${s.fail_reason ?? s.status}`,
          );
        }
      }
      throw new Error(
        `still pending after ${
          maxWaitMs / 1000
        } s: ask the status later for ${publishId}`,
      );
    },

    /** The account's posts, newest first: a page of `limit` (50 by default); `cursor` reads the next. */
    posts: (query: { limit?: number; cursor?: string } = {}) =>
      unwrap(api.GET("/api/tiktok/posts", { params: { query } })),

    /**
     * A post's views, likes, comments and shares on TikTok (`stats` null,
     * and `unavailable` saying why, for a post that has none: private, a
     * draft, not yet published). Kept 10 minutes by PM3K.
     */
    postStats: (postId: string) =>
      unwrap(api.GET("/api/tiktok/posts/{id}/stats", {
        params: { path: { id: postId } },
      })),

    /** What the account may still do: posts, uploads, status calls left. */
    limits: () => unwrap(api.GET("/api/limits")),
  };
}

export type Pm3kClient = ReturnType<typeof createPm3kClient>;
