/**
 * An MCP tool call running now that its client may cancel
 * (docs/mcp.md#cancelling-a-call): set once a `notifications/cancelled`
 * named it, which the call, watching its entry, stops on.
 */
export interface McpCallMark {
  cancelled: boolean;
}
