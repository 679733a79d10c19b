/**
 * What a route file tells the OpenAPI document about itself: the same zod
 * schemas that validate its requests, its success body, and the error codes
 * it can answer (the status of each comes from lib/errors.ts).
 * @module
 */
import type { z } from "zod";
import type { ErrorCode } from "../../errors.ts";
import type { HttpMethod } from "../app_types.ts";

export interface RouteDoc {
  summary: string;
  description?: string;
  /** JSON request body; several schemas become `oneOf`. */
  body?: z.ZodType | z.ZodType[];
  query?: z.ZodObject;
  /**
   * The route also takes a file (docs/api.md#uploads-in-one-request): as
   * the body itself, with its media type, or as the `file` part of a
   * `multipart/form-data` form whose other fields are `formFields`.
   */
  fileBody?: { formFields: z.ZodObject };
  /** The 200 body. */
  response: z.ZodType;
  /** Error codes beyond the ones every API route shares. */
  errors?: ErrorCode[];
  /** Routes anyone may call (no API key). */
  public?: boolean;
  /** Request headers the route reads (e.g. Idempotency-Key). */
  headers?: RouteHeaderDoc[];
}

/** A request header a route reads. */
export interface RouteHeaderDoc {
  name: string;
  description: string;
}

/** A route file's `docs` export. */
export type RouteDocs = Partial<Record<HttpMethod, RouteDoc>>;
