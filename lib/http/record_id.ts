/**
 * The schema of an id a client names a record by in a body or an MCP tool's
 * arguments (`job_id`, `upload_id`, `album_id`, `publish_id`…): any
 * non-empty text. Its length is not checked, so an id no record has is
 * answered as REST answers one in a path, `not_found` in PM3K's words
 * (docs/mcp.md#answers-and-errors), however long; the 64 KiB body limit
 * bounds it, and a lookup reads a key KV cannot hold as absent
 * (lib/kv_keys.ts).
 * @module
 */
import { z } from "zod";

/** An id named by `field`: refused only when empty. */
export function recordId(field: string) {
  return z.string().min(1, `${field} is empty: give the id PM3K answered`);
}
