/**
 * The `idempotency_key` argument of the MCP tools that post, schedule,
 * copy a file or start an upload or album
 * (docs/mcp.md#retries-and-idempotency): MCP has no headers, so the REST
 * `Idempotency-Key` (docs/posting.md#idempotency) is an argument. Its semantics are REST's, run by the same withIdempotency:
 * the same key and arguments within 24 hours answer the first call's
 * answer (a refusal included) without posting again; the same key with
 * other arguments, or on another tool or REST route, is
 * `idempotency_conflict`; a retry while the first call still runs is
 * `idempotency_in_progress`.
 * @module
 */
import { z } from "zod";
import { AppError } from "../errors.ts";
import { validateBody } from "../http/json_body.ts";
import {
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyConflict,
  withIdempotency,
} from "../posting/idempotency.ts";
import type { StoredAnswer } from "../posting/idempotency.ts";
import { postMaxDurationMs } from "../posting/post_duration.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { canonicalJson } from "../canonical_json.ts";

/** The argument as the tools list it. */
export const IdempotencyKeyArgument = z.string().regex(
  IDEMPOTENCY_KEY_PATTERN,
  "idempotency_key must be 1 to 255 visible ASCII characters (no spaces)",
).describe(
  "Optional, recommended: a key you make up for this one intended call (e.g. a UUID), 1 to 255 visible ASCII characters. Calling again with the same key and the same arguments within 24 hours (after a timeout or a lost answer) answers the first call's answer and never posts, schedules or uploads twice; use a new key for each new call",
);

/** What a tool's description says of the argument. */
export const RETRIES =
  "If a call times out or its answer is lost, call again with the same idempotency_key and the same arguments: you get the first call's answer (a refusal included, but for one that passes with time, like interval_limit, which lets the retry run), never a second post, job or upload; idempotency_in_progress means the first call still runs (wait retry_after_seconds, then call again the same way); idempotency_conflict means the key was used with other arguments or on another tool. After a refusal, change what it names and call with a new key.";

const KeyOnly = z.object({
  idempotency_key: IdempotencyKeyArgument.optional(),
});

/** A tool call's answer: its body, and whether it is a stored one. */
export interface ToolAnswer {
  body: Record<string, unknown>;
  /** A refusal (a tool error), stored or not. */
  refused: boolean;
  /** The answer of an earlier call with the same idempotency_key. */
  replayed: boolean;
}

/**
 * withIdempotency's own refusals in a tool's words: they speak of the
 * `Idempotency-Key` header and the request body, which an agent calling a
 * tool never sent. Code and fields are kept; anything else is unchanged.
 */
function inToolWords(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const extra = { extra: error.extra };
  if (error.code === "idempotency_in_progress") {
    return new AppError(
      error.code,
      "The first call with this idempotency_key is still running: wait retry_after_seconds, then call again with the same key and arguments to get its answer.",
      extra,
    );
  }
  if (!(error instanceof IdempotencyConflict)) return error;
  return new AppError(
    error.code,
    error.usedOn === null
      ? "This idempotency_key was already used with other arguments: it names that call. To make this call, give it a new key."
      : `This idempotency_key was already used on ${error.usedOn}: give each call its own key.`,
    extra,
  );
}

/**
 * Runs `work` on `args` without their `idempotency_key`: at once without
 * one (`keyed` false), else once per key and arguments (the tool's `route`, e.g.
 * `MCP tool post_video`, so that one key names one request). A refusal
 * `work` throws is an answer, stored as REST stores it.
 * @throws {AppError} `bad_request` for a key that is no key;
 *   `idempotency_conflict`, `idempotency_in_progress`
 */
export async function runIdempotently(
  ctx: { deps: AppDeps; account: Account },
  route: string,
  args: unknown,
  work: (args: unknown, keyed: boolean) => Promise<Record<string, unknown>>,
): Promise<ToolAnswer> {
  const { idempotency_key: key } = validateBody(args, KeyOnly);
  if (key === undefined) {
    return { body: await work(args, false), refused: false, replayed: false };
  }
  const { idempotency_key: _, ...rest } = args as Record<string, unknown>;
  const answer = await withIdempotency(ctx.deps, {
    openId: ctx.account.openId,
    key,
    route,
    body: canonicalJson(rest),
    maxRunMs: postMaxDurationMs(ctx.deps),
  }, async (): Promise<StoredAnswer> => ({
    status: 200,
    body: await work(rest, true),
  })).catch((error) => {
    throw inToolWords(error);
  });
  return {
    body: answer.body,
    refused: answer.status >= 400,
    replayed: answer.replayed,
  };
}
