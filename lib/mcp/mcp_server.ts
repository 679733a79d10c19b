/**
 * PM3K's MCP server for one request (docs/mcp.md): the official SDK's
 * low-level `Server` with two handlers, listing the tools of mcp_tools.ts
 * and calling them. The low-level server, not `McpServer`, because a
 * call's arguments are checked by the REST rules themselves, so a refusal
 * is the API's `bad_request` with its `issues` rather than the SDK's own
 * message. A failed call is a tool error (`isError: true`) whose text is
 * the API's JSON error body, code and message included.
 * @module
 */
import { z } from "zod";
import { ErrorCode, ListToolsRequestSchema, Server } from "./mcp_sdk.ts";
import { ProtocolError } from "./mcp_protocol_error.ts";
import type { CallToolResult, Tool } from "./mcp_sdk.ts";
import { errorBody } from "../http/error_handler.ts";
import { MCP_TOOLS } from "./mcp_tools.ts";
import { ALBUM_LIFE } from "./mcp_media_tools.ts";
import type { McpTool, ToolContext } from "./mcp_tool.ts";
import { keepToolRefusal } from "./mcp_refusal_log.ts";
import { serviceNamed } from "./service_named.ts";
import { withProgress } from "./mcp_progress.ts";
import { isJsonObject } from "../json_object.ts";
import { echoed } from "../errors.ts";
import { nearName } from "../http/field_suggestion.ts";
import { watchCancel } from "./mcp_cancels.ts";
import type { McpCaller, McpRequestId } from "./mcp_cancels.ts";

/**
 * What the server tells clients about itself: `name` is the software's id
 * (what a client's settings key it by), `title` the name a user is shown,
 * SERVICE_NAME (docs/mcp.md).
 */
export function mcpServerInfo(serviceName: string) {
  return { name: "pm3k", title: serviceName, version: "1.0.0" } as const;
}

/** How an agent should use the tools, the service named as configured. */
const instructions = (serviceName: string) =>
  serviceName +
  " posts to the TikTok account of this API key. Media first: upload_media_from_url for a public URL; for a file on your machine, start_upload, PUT the file to its upload_url (no key needed, e.g. with curl), then complete_upload; a photo carousel's images go into an album (create_album), which lives " +
  ALBUM_LIFE +
  " unless retain_album keeps it longer. A media URL that is not an upload's url is refused with domain_not_verified unless on a domain the account verified (list_domains). Choose privacy from get_creator_info's privacy_level_options. Check a caption you wrote with check_caption (links and stop words are refused). Post with post_video or post_photos, or schedule with schedule_post, giving each call a new idempotency_key (e.g. a UUID) and the same one again when you retry a call whose answer you did not get: a retry never posts twice. Follow a post with get_post_status (every 10-15 s, at most 40 calls an hour: more blocks it until the account's next post). Check get_limits before planning posts: TikTok takes at most 1 post an hour and 10 a day. Times are ISO 8601: give run_at with the user's UTC offset (ask for the zone when unknown); answers give UTC. A refused call answers the API's JSON error: match on its `error` code. A limit says when to come back: retry_after (a time) or retry_after_seconds for a post now; next_free_at, the first run_at that fits, for a schedule_post or change_scheduled the calendar refuses (offer it to the user rather than retrying the same time); tiktok_rate_limit and tiktok_cooldown mean TikTok itself paused the account for 3 hours: do not retry before get_limits' cooldown_until. delete_upload and delete_album remove media no longer needed.";

/** A JSON Schema as MCP lists it (draft 7, as the SDK's own servers do). */
function jsonSchema(schema: z.ZodObject, io: "input" | "output") {
  return z.toJSONSchema(schema, { target: "draft-7", io }) as Tool[
    "inputSchema"
  ];
}

function listed(tool: McpTool, serviceName: string): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: serviceNamed(tool.description, serviceName),
    inputSchema: jsonSchema(tool.input, "input"),
    outputSchema: jsonSchema(tool.output, "output"),
    annotations: tool.annotations,
  };
}

// The listing is the same for every request to a server: built once per
// SERVICE_NAME (two servers in one process may differ, as in the tests).
const LISTED = new Map<string, Tool[]>();

/** The tools as listed under `serviceName`. */
function listedTools(serviceName: string): Tool[] {
  let tools = LISTED.get(serviceName);
  if (!tools) {
    tools = MCP_TOOLS.map((t) => listed(t, serviceName));
    LISTED.set(serviceName, tools);
  }
  return tools;
}
const BY_NAME = new Map(MCP_TOOLS.map((t) => [t.name, t]));

/**
 * The refusal of a tool name this server does not have, saying which it
 * has: a host that hands the error to its model lets it pick the right
 * one (a near name, `post_photo` or `pm3k_post_video`, is offered first)
 * rather than guess again; a misspelt one (`post_vidoe`, `postVideo`) as
 * an unknown field's is (field_suggestion.ts). The name is echoed cut, its invisible
 * characters spelt out, as every client's name is (docs/api.md#errors).
 */
function unknownTool(name: string): string {
  const near = MCP_TOOLS.map((t) => t.name).filter((t) =>
    name.length > 2 &&
    (t.includes(name) || name.includes(t) || nearName(name, t))
  );
  return `Unknown tool: ${echoed(name)}.${
    near.length ? ` Did you mean ${near.join(" or ")}?` : ""
  } This server's tools (tools/list describes them): ${
    MCP_TOOLS.map((t) => t.name).join(", ")
  }.`;
}

/**
 * What a replayed answer says besides its body (docs/mcp.md#retries-and-idempotency),
 * as REST's `Idempotent-Replayed: true` header does.
 */
const REPLAYED =
  "Replayed: this is the answer of an earlier call with this idempotency_key and these arguments; nothing was done again.";
export const REPLAYED_META = "pm3k.org/idempotent_replayed";

/**
 * A tool call's context: who calls (`caller`: which key, for a cancel),
 * and the request id for the log.
 */
export interface CallContext extends ToolContext {
  requestId: string;
  caller: McpCaller;
  /** Aborted once the client cancelled the call (callCancellable). */
  cancelled?: AbortSignal;
}

/** The log line of a call its client cancelled, which stopped it. */
export const CALL_CANCELLED = "MCP tool call cancelled by its client";

/**
 * Whether `error` is the stop of a call by its client's cancel: a copy
 * given up fails caused by its signal's reason (source_pace.ts), the
 * cancel's when the cancel stopped it. A keyed call, which runs on, is
 * never stopped so.
 */
function stoppedByCancel(ctx: CallContext, error: unknown): boolean {
  const cancelled = ctx.cancelled;
  return cancelled?.aborted === true && error instanceof Error &&
    error.cause !== undefined && error.cause === cancelled.reason;
}

/**
 * callTool, stopped as a client gone would stop it when the client
 * cancels the call `id` (docs/mcp.md#cancelling-a-call), for a tool that
 * can stop.
 */
async function callCancellable(
  ctx: CallContext,
  name: string,
  args: unknown,
  id: McpRequestId,
): Promise<CallToolResult> {
  if (!BY_NAME.get(name)?.stoppable) return await callTool(ctx, name, args);
  const watch = await watchCancel(ctx.deps, ctx.caller, id);
  if (!watch) return await callTool(ctx, name, args);
  try {
    const signal = ctx.signal
      ? AbortSignal.any([ctx.signal, watch.signal])
      : watch.signal;
    return await callTool(
      { ...ctx, signal, cancelled: watch.signal },
      name,
      args,
    );
  } finally {
    await watch.end();
  }
}

/**
 * Runs one tool call: the REST success body, or a tool error carrying the
 * API's error body (an unexpected failure is logged and answers
 * `internal_error` with the request id), kept in the account's refused
 * requests (mcp_refusal_log.ts); a call its client cancelled is logged as
 * such instead. An unknown tool is a protocol error, as MCP asks.
 */
export async function callTool(
  ctx: CallContext,
  name: string,
  args: unknown,
): Promise<CallToolResult> {
  const tool = BY_NAME.get(name);
  if (!tool) {
    throw new ProtocolError(ErrorCode.InvalidParams, unknownTool(name));
  }
  try {
    const { body, refused, replayed } = await tool.call(ctx, args ?? {});
    const content: CallToolResult["content"] = [
      { type: "text", text: JSON.stringify(body) },
    ];
    if (replayed) content.push({ type: "text", text: REPLAYED });
    if (refused) await keepToolRefusal(ctx, name, body);
    const meta = replayed ? { _meta: { [REPLAYED_META]: true } } : {};
    return refused
      ? { content, isError: true, ...meta }
      : { content, structuredContent: body, ...meta };
  } catch (error) {
    const body = errorBody(error, ctx.deps.log, ctx.requestId);
    if (stoppedByCancel(ctx, error)) {
      // The client asked for the stop and reads no answer: no refusal of
      // its key (docs/mcp.md#cancelling-a-call).
      ctx.deps.log({
        level: "info",
        message: CALL_CANCELLED,
        tool: name,
        request_id: ctx.requestId,
        open_id: ctx.account.openId,
      });
    } else await keepToolRefusal(ctx, name, body);
    return {
      content: [{ type: "text", text: JSON.stringify(body) }],
      isError: true,
    };
  }
}

/**
 * A tools/call's params as the client sent them, or a protocol error
 * (`InvalidParams`) saying what is wrong. `arguments: null` reads as none,
 * as some clients send it for a tool without arguments.
 * @throws {ProtocolError} `InvalidParams` without a tool name, or with arguments
 *   that are not an object
 */
function toolCallParams(
  params: unknown,
): { name: string; arguments?: unknown } {
  if (!isJsonObject(params) || typeof params.name !== "string") {
    throw new ProtocolError(
      ErrorCode.InvalidParams,
      "A tools/call needs params: the tool's name (a string) and its arguments (an object).",
    );
  }
  const { arguments: args, ...rest } = params;
  if (args === undefined || args === null) {
    return { ...rest, name: params.name };
  }
  if (!isJsonObject(args)) {
    throw new ProtocolError(
      ErrorCode.InvalidParams,
      `The arguments of ${
        echoed(params.name)
      } must be an object of named arguments (or left out), not ${
        Array.isArray(args) ? "an array" : `a ${typeof args}`
      }.`,
    );
  }
  return { ...params, name: params.name };
}

/**
 * tools/call as the SDK parses it before any handler runs. Its own schema
 * would refuse a malformed call with zod's dump as an `InternalError`
 * (-32603, "a bug on our side"); this one lets toolCallParams refuse it as
 * `InvalidParams` with a sentence, the SDK's own check then passing.
 */
const ToolCallRequest = z.looseObject({
  method: z.literal("tools/call"),
  params: z.unknown().transform(toolCallParams),
});

/**
 * A request schema whose `params`, refused, is `InvalidParams` (-32602)
 * with a sentence naming each field. The SDK parses every request with
 * its method's schema before the handler and answers a refusal as
 * `InternalError` (-32603) carrying zod's dump: for a client's malformed
 * `initialize`, `ping` or `tools/list` that says "a bug on our side"
 * (docs/mcp.md#answers-and-errors).
 */
function paramsRefusedAsInvalid(schema: z.ZodObject): z.ZodObject {
  const shape = schema.shape as Record<string, z.ZodType>;
  const params = shape.params ?? z.unknown();
  const method = String((shape.method as z.ZodLiteral).value);
  return z.looseObject({
    ...shape,
    // Run when params is left out too: a method may require it.
    params: z.unknown().optional().transform((value) => {
      const parsed = params.safeParse(value);
      if (parsed.success) return parsed.data;
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `The params of ${method} are not valid: ${
          parsed.error.issues.map((i) =>
            `${["params", ...i.path.map(String)].join(".")}: ${i.message}`
          ).join("; ")
        }.`,
      );
    }),
  });
}

/**
 * The SDK's low-level server, its params refusals (its own handlers'
 * included) answered as `InvalidParams`: see paramsRefusedAsInvalid.
 */
class StrictParamsServer extends Server {
  /**
   * A request asking to run as a task (`params.task`), which PM3K does not
   * offer: the SDK refuses it with a plain Error, answered as
   * `InternalError`; it is the client's params, so `InvalidParams`.
   */
  protected override assertTaskHandlerCapability(method: string): void {
    try {
      super.assertTaskHandlerCapability(method);
    } catch {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `This server runs ${method} at once, never as a task: leave "task" out of params.`,
      );
    }
  }

  override setRequestHandler(
    ...[schema, handler]: Parameters<Server["setRequestHandler"]>
  ): void {
    super.setRequestHandler(
      paramsRefusedAsInvalid(schema as z.ZodObject),
      handler,
    );
  }
}

/** A server answering this request's messages as `ctx.account`. */
export function mcpServerFor(ctx: CallContext): Server {
  const { serviceName } = ctx.deps.config.site;
  const server = new StrictParamsServer(mcpServerInfo(serviceName), {
    capabilities: { tools: {} },
    instructions: instructions(serviceName),
  });
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    // One page: no answer gives a nextCursor, so a cursor is none this
    // server made (MCP: an invalid cursor is InvalidParams), never read as
    // the first page again, as REST's lists refuse one.
    if (request.params?.cursor !== undefined) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        "tools/list answers every tool on one page and gives no nextCursor: this cursor is none it made; leave cursor out.",
      );
    }
    return { tools: listedTools(serviceName) };
  });
  server.setRequestHandler(
    ToolCallRequest,
    (request, extra) =>
      // A client that gave a progressToken is told how the call goes
      // (docs/mcp.md#long-calls); mcp_app.ts answers it on a stream.
      withProgress(
        extra._meta?.progressToken,
        ctx.deps.timing.mcpProgressMs,
        request.params.name,
        (notification) => extra.sendNotification(notification),
        (onProgress) =>
          callCancellable(
            { ...ctx, onProgress },
            request.params.name,
            request.params.arguments,
            extra.requestId,
          ),
      ),
  );
  return server;
}
