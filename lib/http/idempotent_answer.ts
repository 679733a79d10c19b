/**
 * The `Idempotency-Key` header of the requests that post, schedule, copy
 * a file or make an album (`POST /api/tiktok/direct_post`, `POST /api/jobs`,
 * `POST /api/uploads/from_url`, `POST /api/albums`, a presigned upload's
 * start `POST /api/uploads`;
 * docs/posting.md#idempotency): without the
 * header the work runs as usual; with it, once per key and body, its
 * answer replayed to retries with `Idempotent-Replayed: true`.
 * @module
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError } from "../errors.ts";
import {
  IDEMPOTENCY_KEY_PATTERN,
  withIdempotency,
} from "../posting/idempotency.ts";
import type { StoredAnswer } from "../posting/idempotency.ts";
import { postMaxDurationMs } from "../posting/post_duration.ts";
import type { RouteHeaderDoc } from "./openapi/route_docs.ts";
import type { AppContext } from "./app_types.ts";
import { requestText, requireJsonType, sendJson } from "./json_body.ts";
import { comparedBody } from "../canonical_json.ts";

/** The header as OpenAPI describes it, on each route that takes it. */
export const IDEMPOTENCY_KEY_HEADER: RouteHeaderDoc = {
  name: "Idempotency-Key",
  description:
    "Same key and body within 24 h: the first answer again, no second post, job or upload; while the first is still running, 409 idempotency_in_progress with Retry-After",
};

/** The errors a route answers because it takes the header. */
export const IDEMPOTENCY_ERRORS = [
  "idempotency_conflict",
  "idempotency_in_progress",
] as const;

/**
 * Refuses an Idempotency-Key on a request whose body is a file streamed to
 * storage (`POST /api/uploads` with a media type or a form): the body is
 * not kept to compare a retry with, so the key cannot keep its promise,
 * and a client told so can choose a way that does
 * (docs/posting.md#idempotency).
 * @throws {AppError} 400 `bad_request` when the header is sent
 */
export function refuseKeyOnStreamedFile(c: AppContext): void {
  if (c.req.header("idempotency-key") === undefined) return;
  throw new AppError(
    "bad_request",
    "A file sent in the request body takes no Idempotency-Key: the server does not keep a streamed file to compare a retry with, so a retry would upload it again. Send it without the header, or upload in a way that takes one: POST /api/uploads/from_url for a file at a URL, or a presigned upload (POST /api/uploads with a JSON body, then PUT the file and complete it).",
  );
}

/**
 * Runs `work` (which reads the body) once per Idempotency-Key and body;
 * `route` names the request (`POST /api/jobs`), so that one key used on
 * both routes with the same body is a conflict, not the other's answer.
 * `work` is told whether the request has a key (`keyed`): its client may
 * come back for the answer, so a client gone stops nothing.
 */
export async function answerIdempotently(
  c: AppContext,
  route: string,
  work: (keyed: boolean) => Promise<StoredAnswer>,
  options: {
    /**
     * The operation takes no body, and expectNoBody (no_body.ts) passed
     * it: none, a blank one and `{}` are one request, whatever their
     * Content-Type.
     */
    noBody?: true;
  } = {},
): Promise<Response> {
  const key = c.req.header("idempotency-key");
  if (key === undefined) {
    const answer = await work(false);
    return sendJson(c, answer.body, answer.status as ContentfulStatusCode);
  }
  // Given twice, HTTP joins the two with ", ": a key holds no space, so
  // this can only be a repeat, which the pattern's words would not say.
  const given = key.split(", ").length;
  if (given > 1) {
    throw new AppError(
      "bad_request",
      `The Idempotency-Key header is given ${given} times: give one key.`,
    );
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError(
      "bad_request",
      "Idempotency-Key must be 1 to 255 visible ASCII characters.",
    );
  }
  // A body not sent as JSON (like one in another charset, refused by
  // requestText) is refused before the key is claimed: nothing of the
  // request was read, and a retry with the header fixed must run.
  if (!options.noBody) requireJsonType(c);
  const deps = c.get("deps");
  // Creating a job does a post's checks, and an upload from a URL a post's
  // copies and creator_info, never more: a post's bound holds.
  const sent = options.noBody ? "" : await requestText(c);
  const answer = await withIdempotency(deps, {
    openId: c.get("apiAccount").openId,
    key,
    route,
    // The same JSON however spaced or ordered is the same request, as
    // MCP's arguments are (docs/posting.md#idempotency).
    body: comparedBody(sent),
    sentBody: sent,
    maxRunMs: postMaxDurationMs(deps),
  }, () => work(true));
  return sendJson(
    c,
    answer.body,
    answer.status as ContentfulStatusCode,
    answer.replayed ? { "Idempotent-Replayed": "true" } : {},
  );
}
