/**
 * Keeps a refused MCP tool call in the account's refused-requests log
 * (docs/api.md#refused-requests, docs/mcp.md#answers-and-errors), as the
 * API's refusals are: an agent's failure at night is as unread as an n8n
 * run's. The method is "MCP", the route the tool's name, the status the
 * one the REST route answers with the code. A replayed refusal counts, as
 * a replayed REST refusal does.
 * @module
 */
import { ERROR_STATUS } from "../errors.ts";
import { keepRefusal } from "../http/refusal_log.ts";
import type { ToolContext } from "./mcp_tool.ts";

/** The method a tool call's refusals are kept under. */
export const MCP_METHOD = "MCP";

/** Keeps `body`, the API error body a call of `tool` answered. */
export async function keepToolRefusal(
  ctx: ToolContext & { requestId: string },
  tool: string,
  body: Record<string, unknown>,
): Promise<void> {
  const code = body.error;
  // A busy KV is not written to once more, as on REST.
  if (typeof code !== "string" || code === "database_busy") return;
  await keepRefusal(ctx.deps, ctx.account.openId, {
    method: MCP_METHOD,
    route: tool,
    code,
    status: (ERROR_STATUS as Record<string, number>)[code] ?? 500,
    message: String(body.message ?? ""),
    requestId: ctx.requestId,
  });
}
