/**
 * Request body limits (docs/api.md#limits-on-every-request): every route
 * has one, enforced by hono/body-limit before any handler reads the body.
 * A Content-Length over the limit is refused from the header alone, before
 * a byte is read; a body without one (chunked) is read only until it passes
 * the limit. Either way the answer is 413 `payload_too_large`, as JSON or
 * as the error page by the app's error handler.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./app_types.ts";
import {
  brokenOffAsBadRequest,
  cappedStream,
  framedLength,
} from "./request_body_stream.ts";

/**
 * Largest body of a dashboard form, an OAuth or sandbox call, or any
 * other route outside `/api` but the upload PUT: a plan form is a few
 * bytes, a sandbox init with 35 photo URLs a few KiB.
 */
export const MAX_PAGE_BODY_BYTES = 64 * 1024;

/** Refuses bodies over `maxBytes` with 413 `payload_too_large`. */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(
        "payload_too_large",
        `The request body is larger than ${maxBytes} bytes.`,
      );
    },
  });
  return function limitBody(c, next) {
    const body = c.req.raw.body;
    const length = framedLength(c.req);
    // A Content-Length over the limit is refused from the header, unread.
    if (body && !(length !== undefined && length > maxBytes)) {
      // hono/body-limit stops reading a body without Content-Length once
      // past the limit but does not cancel it, which leaves the server's
      // request body open (a leaked resource per refused request): read
      // it through a stream that cancels the source at that point. And a
      // body the client hangs up in errors as a 400 (bodyBrokeOff),
      // wherever a handler reads it, not as a 500 with a stack.
      const read = length === undefined
        ? cappedStream(body, maxBytes, "over the body limit", false)
        : body;
      c.req.raw = new Request(c.req.raw, { body: brokenOffAsBadRequest(read) });
    }
    return limit(c, next);
  };
}

/**
 * {@link limitBody} for every request but those `streams` picks: routes
 * that take large bodies as a stream and bound them themselves (the local
 * adapter's upload PUT, checked against its signed size; a file uploaded in
 * one request, cut at the plan's file size).
 */
export function limitBodyExcept(
  maxBytes: number,
  streams: (c: Context<AppEnv>) => boolean,
): MiddlewareHandler<AppEnv> {
  const limit = limitBody(maxBytes);
  return function bodyLimitUnlessStreamed(c, next) {
    return streams(c) ? next() : limit(c, next);
  };
}
