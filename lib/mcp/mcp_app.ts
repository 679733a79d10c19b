/**
 * The MCP endpoint (docs/mcp.md) as a Hono sub-app, mounted at `/mcp` by
 * createApp: Streamable HTTP in stateless mode, a new server and transport
 * for each POST (the SDK's web-standard transport takes the fetch Request
 * and answers JSON). The API's security headers, body limit, API-key auth
 * and JSON errors apply, as on `/api`; a session cookie does not count.
 * Unlike `/api`, browser clients are let in by CORS (mcp_cors.ts).
 * @module
 */
import { Hono } from "hono";
import {
  JSONRPCMessageSchema,
  WebStandardStreamableHTTPServerTransport,
} from "./mcp_sdk.ts";
import { authenticateApiKey } from "../api_keys/api_keys.ts";
import { verifiedCredential } from "../api_keys/credential.ts";
import { expectKeyAccount } from "../http/page_account.ts";
import { refuseMisplacedKey } from "../http/misplaced_key.ts";
import { apiSecurityHeaders, MAX_JSON_BODY_BYTES } from "../http/api_app.ts";
import { limitBody } from "../http/body_limit.ts";
import { NO_QUERY, queryCheck } from "../http/api_query.ts";
import {
  jsonValueOf,
  refuseDuplicateKeys,
  requestText,
  requireJsonType,
} from "../http/json_body.ts";
import {
  handleApiError,
  methodNotAllowed,
  noRoute,
} from "../http/error_handler.ts";
import type { AppEnv } from "../http/app_types.ts";
import { refuseMethodOverride } from "../http/method_override.ts";
import { mcpServerFor } from "./mcp_server.ts";
import {
  BATCH_REFUSED,
  isBatch,
  metaRefused,
  NOT_A_MESSAGE,
  notJson,
  requestMethodWithoutId,
  requestWithoutId,
} from "./mcp_batch.ts";
import { toolCallProgressToken } from "./mcp_progress.ts";
import { setBearerChallenge } from "./mcp_auth_challenge.ts";
import { mcpCors } from "./mcp_cors.ts";
import { cancelCall, cancelledRequestId } from "./mcp_cancels.ts";

/** Where the MCP endpoint is mounted. */
export const MCP_PATH = "/mcp";

/**
 * `stream` as it is, `close` run once it ended: sent whole, or cancelled
 * by a client that left (a tool call still running then ends on its own,
 * its answer unsent).
 */
function closedAfter(
  stream: ReadableStream<Uint8Array>,
  close: () => Promise<void>,
): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      flush: close,
      cancel: close,
    }),
  );
}

/** Builds the MCP sub-app. */
export function createMcpApp(): Hono<AppEnv> {
  const mcp = new Hono<AppEnv>({ strict: false });
  mcp.onError((error, c) => {
    setBearerChallenge(error, c);
    return handleApiError(error, c);
  });
  // Before the body limit and the key check: a browser's preflight carries
  // no key, a call through DNS rebinding is refused whatever it carries,
  // and every refusal after it (a 413 too) is readable by a browser client.
  mcp.use(apiSecurityHeaders, mcpCors, limitBody(MAX_JSON_BODY_BYTES));
  mcp.use(async function mcpAuth(c, next) {
    refuseMisplacedKey(c);
    const account = await authenticateApiKey(
      c.get("deps"),
      c.req.header("authorization"),
    );
    c.set("apiAccount", account);
    c.set("apiCredential", verifiedCredential(account.openId));
    // As on /api (docs/accounts.md#several-tiktok-accounts).
    expectKeyAccount(c, account.openId);
    await next();
  });
  // No query, as an /api operation documenting none: a parameter is
  // refused in REST's words, never ignored (docs/mcp.md#endpoint).
  mcp.post("/", queryCheck(NO_QUERY));
  // A method override header is refused as on /api (method_override.ts).
  mcp.post("/", refuseMethodOverride());
  mcp.post("/", async (c) => {
    // Read strictly here: the SDK decodes the body itself, bytes that are
    // not UTF-8 as U+FFFD, which would reach TikTok in a caption, and keeps
    // the last of a name given twice, which would be a guess
    // (docs/api.md#limits-on-every-request).
    // Declared as the API takes it (the SDK would answer its own JSON-RPC
    // 415, and refuse a +json type the API reads).
    requireJsonType(c);
    const text = await requestText(c);
    const json = jsonValueOf(text);
    // Not JSON: said where and why, as on /api.
    if (!json) return c.json(notJson(text), 400);
    // Before the SDK sees it: the SDK would run every message of a batch.
    if (isBatch(json.value)) return c.json(BATCH_REFUSED, 400);
    if (!JSONRPCMessageSchema.safeParse(json.value).success) {
      // A request whose only fault is in params._meta: its own method's
      // InvalidParams (200, as the SDK answers those), to its id.
      const meta = metaRefused(json.value);
      return meta ? c.json(meta, 200) : c.json(NOT_A_MESSAGE, 400);
    }
    // The SDK would answer 202 and run nothing: a post looking taken.
    const unanswerable = requestMethodWithoutId(json.value);
    if (unanswerable !== null) {
      return c.json(requestWithoutId(unanswerable), 400);
    }
    refuseDuplicateKeys(text);
    // The key's hash as its account holds it: the key just proved it
    // (authenticateApiKey), so it is not hashed again.
    const { openId, apiKeyHash } = c.get("apiAccount");
    const caller = { openId, keyHash: apiKeyHash! };
    // The SDK answers it 202 and stops nothing: its call runs on another
    // POST, maybe in another process (docs/mcp.md#cancelling-a-call).
    const cancelled = cancelledRequestId(json.value);
    if (cancelled !== null) await cancelCall(c.get("deps"), caller, cancelled);
    // A tools/call asking for progress is answered on an event stream,
    // the only way its notifications reach the client
    // (docs/mcp.md#long-calls); everything else stays one JSON body.
    const streamed = toolCallProgressToken(json.value) !== null;
    // The SDK reads only application/json: a +json type, checked above,
    // goes to it as that.
    const headers = new Headers(c.req.raw.headers);
    headers.set("content-type", "application/json");
    const request = new Request(c.req.raw, { body: text, headers });
    const server = mcpServerFor({
      deps: c.get("deps"),
      account: c.get("apiAccount"),
      requestId: c.get("requestId"),
      signal: c.req.raw.signal,
      caller,
    });
    // Stateless: no session id. A JSON answer is whole once built, so the
    // server closes then; a streamed one, once its stream ends.
    const transport = new WebStandardStreamableHTTPServerTransport({
      enableJsonResponse: !streamed,
      maxRequestBodySize: MAX_JSON_BODY_BYTES,
    });
    await server.connect(transport);
    let answer: Response;
    try {
      answer = await transport.handleRequest(request);
    } catch (error) {
      await server.close();
      throw error;
    }
    const body = answer.body && answer.headers.get("content-type") ===
        "text/event-stream"
      ? closedAfter(answer.body, () => server.close())
      : (await server.close(), answer.body);
    // Through the context, so the headers set on it (security) apply.
    return c.newResponse(body, answer);
  });
  // Stateless: no stream to open with GET, no session to end with DELETE.
  mcp.all("/", () => {
    throw methodNotAllowed(
      "POST",
      "The MCP endpoint takes POST only (stateless Streamable HTTP).",
    );
  });
  mcp.all("*", (c) => {
    throw noRoute(c);
  });
  return mcp;
}
