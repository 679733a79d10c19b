/**
 * Where an MCP tool's description names the service to the user an agent
 * works for: written as {@link SERVICE} and replaced by SERVICE_NAME when
 * a server lists its tools (docs/mcp.md#tools), as the tables are built
 * once for every server in the process.
 * @module
 */

/** The service's place in a description, until listed. */
export const SERVICE = "{SERVICE_NAME}";

/** `text` with the service named as `serviceName`. */
export function serviceNamed(text: string, serviceName: string): string {
  return text.replaceAll(SERVICE, serviceName);
}
