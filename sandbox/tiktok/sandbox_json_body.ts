/**
 * JSON bodies of the simulator, read strictly with zod through the API's
 * body validation (lib/http/json_body.ts): a body that is not JSON, a
 * field the endpoint does not know or a value of the wrong type is a 400
 * that says which, never a default applied silently. No body, or a blank
 * one, is `{}`. The admin endpoints are ours and answer the API's error
 * envelope; TikTok's endpoints answer TikTok's (`invalid_param`, as the
 * simulator's init endpoints do).
 * @module
 */
import type { Context } from "hono";
import type { z } from "zod";
import { AppError } from "../../lib/errors.ts";
import { parseJsonText, validateBody } from "../../lib/http/json_body.ts";
import type { Clock } from "../../lib/clock.ts";
import { replyError } from "./sandbox_reply.ts";

/** The body checked against `schema`, or the AppError saying why not. */
async function strictBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ data: z.infer<S> } | { error: AppError }> {
  const text = await c.req.text();
  try {
    const value = text.trim() === "" ? {} : parseJsonText(text);
    return { data: validateBody(value, schema) };
  } catch (error) {
    if (error instanceof AppError) return { error };
    throw error;
  }
}

/** An admin endpoint's body, or its 400 in the API's envelope. */
export async function readAdminBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ data: z.infer<S> } | Response> {
  const read = await strictBody(c, schema);
  return "data" in read ? read : c.json(read.error.toJSON(), 400);
}

/** A TikTok endpoint's body, or TikTok's 400 `invalid_param`. */
export async function readTikTokBody<S extends z.ZodType>(
  c: Context,
  clock: Clock,
  schema: S,
): Promise<{ data: z.infer<S> } | Response> {
  const read = await strictBody(c, schema);
  return "data" in read
    ? read
    : replyError(c, clock, 400, "invalid_param", read.error.message);
}
