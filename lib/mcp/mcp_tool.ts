/**
 * What an MCP tool is (docs/mcp.md#tools): a REST operation by another
 * door, its arguments checked by the REST request schema, its call the
 * REST route's domain function, its answer the REST success body. The
 * tool tables (mcp_tools.ts, mcp_media_tools.ts) build theirs with `tool`.
 * @module
 */
import { z } from "zod";
import type { ToolAnnotations } from "./mcp_sdk.ts";
import { validateBody } from "../http/json_body.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { IdempotencyKeyArgument, runIdempotently } from "./mcp_idempotency.ts";
import type { ToolAnswer } from "./mcp_idempotency.ts";
import type { OnCopyProgress } from "../media/copy_progress.ts";
import type { UnknownFieldHints } from "../http/schema_issues.ts";

/** Who calls a tool: the API key's account, with the app's dependencies. */
export interface ToolContext {
  deps: AppDeps;
  account: Account;
  /**
   * Where a copying tool tells how its copy goes, when the client asked to
   * follow the call (docs/mcp.md#long-calls); else none.
   */
  onProgress?: OnCopyProgress;
  /**
   * Aborted once nobody waits for the answer (the client went away, or
   * cancelled the call): a copying tool stops then, keeping nothing, as
   * REST does (docs/mcp.md#cancelling-a-call); a call with an
   * `idempotency_key` is not given it, so its retry gets the answer.
   */
  signal?: AbortSignal;
}

/** One tool: what it lists, and how a call runs. */
export interface McpTool {
  name: string;
  title: string;
  description: string;
  /** The arguments it lists (as JSON Schema). */
  input: z.ZodObject;
  /** The success answer it lists: the REST response schema. */
  output: z.ZodObject;
  annotations: ToolAnnotations;
  /**
   * Whether its run stops on `ctx.signal`, so that a client's
   * `notifications/cancelled` is watched for (docs/mcp.md#cancelling-a-call).
   */
  stoppable?: boolean;
  /**
   * Checks the arguments as REST checks the body (else `bad_request`),
   * runs the domain function, and answers the success body, or the
   * refusal an earlier call with the same `idempotency_key` stored.
   * @throws {AppError} the refusal of this call
   */
  call(ctx: ToolContext, args: unknown): Promise<ToolAnswer>;
}

/**
 * A tool from its parts, typed end to end: `parse` checks the arguments
 * (by default against `input`, as the REST route checks its body), `run`
 * gets what it returns and answers the fields of `output` but `ok`.
 */
export function tool<
  I extends z.ZodObject,
  O extends z.ZodObject,
  T = z.infer<I>,
>(t: {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  stoppable?: boolean;
  /**
   * The request an `idempotency_key` argument names (`MCP tool
   * post_video`), for a tool that takes one (docs/mcp.md#retries-and-idempotency):
   * listed beside the REST arguments, taken off them before they are
   * checked.
   */
  idempotent?: string;
  /**
   * What an unknown argument meant, for the default check (e.g. an id the
   * tool does not take: mcp_id_hints.ts).
   */
  hints?: UnknownFieldHints;
  parse?: (args: unknown) => T;
  run: (ctx: ToolContext, args: T) => Promise<Omit<z.infer<O>, "ok">>;
}): McpTool {
  const { parse, run, idempotent, hints, ...listed } = t;
  const check = parse ??
    ((args: unknown) => validateBody(args, t.input, { hints }) as T);
  const work = async (ctx: ToolContext, args: unknown) => ({
    ok: true,
    ...await run(ctx, check(args)),
  });
  if (idempotent === undefined) {
    return {
      ...listed,
      async call(ctx, args) {
        return { body: await work(ctx, args), refused: false, replayed: false };
      },
    };
  }
  return {
    ...listed,
    input: t.input.safeExtend({
      idempotency_key: IdempotencyKeyArgument.optional(),
    }),
    // A keyed call runs on without its client, for the retry's answer.
    call: (ctx, args) =>
      runIdempotently(
        ctx,
        idempotent,
        args,
        (rest, keyed) =>
          work(keyed ? { ...ctx, signal: undefined } : ctx, rest),
      ),
  };
}

/** A tool that only reads PM3K's own records. */
export const READS: ToolAnnotations = {
  readOnlyHint: true,
  openWorldHint: false,
};

/** A tool that makes something new each call (a post, an upload…). */
export const CREATES: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};

/** A tool that changes a PM3K record in place (a job, a lost post). */
export const CHANGES: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};

/** A tool that deletes or cancels something for good. */
export const DESTROYS: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: false,
};

/** A tool that takes no arguments (any given is an unknown field). */
export const NoArguments = z.strictObject({});
