/**
 * What an agent meant by an id argument a tool does not take
 * (docs/mcp.md#answers-and-errors): the tools take five kinds of id, and an
 * agent holding one (a publish_id) often gives it where another is asked
 * (get_post_stats' post_id). The unknown field's issue then says which id
 * the tool takes and which tool turns the one given into it, as REST's
 * hints say what an unknown field meant.
 * @module
 */
import type { UnknownFieldHints } from "../http/schema_issues.ts";

/** The ids the tools take. */
export type ToolId =
  | "publish_id"
  | "post_id"
  | "job_id"
  | "upload_id"
  | "album_id";

/** For each id a tool takes, what each other id given means. */
const GIVEN: Readonly<Record<ToolId, UnknownFieldHints>> = {
  publish_id: {
    post_id:
      `get_post_status takes the "publish_id" post_video or post_photos answered; list_posts shows a post's state by its post_id`,
    job_id:
      `get_post_status takes a "publish_id": get_scheduled answers a job's once it posted, and its state before`,
  },
  post_id: {
    publish_id:
      `this tool takes the post's "post_id": get_post_status answers it for a publish_id`,
    job_id:
      `this tool takes the post's "post_id": get_scheduled answers a posted job's publish_id, then get_post_status its post_id`,
  },
  job_id: {
    publish_id:
      `this tool takes the "job_id" schedule_post answered; a post made now is followed by its publish_id with get_post_status`,
    post_id:
      `this tool takes the "job_id" schedule_post or list_scheduled gave; a post_id names a post already made`,
  },
  upload_id: {
    url:
      `this tool takes the upload's "upload_id", which list_uploads gives beside each url`,
    album_id:
      `this tool takes an "upload_id"; an album goes to get_album, retain_album or delete_album`,
  },
  album_id: {
    upload_id:
      `this tool takes an "album_id"; an upload goes to get_upload or delete_upload`,
  },
};

/** Hints for a tool taking `takes`: the other ids, and a bare `id`. */
export function idHints(takes: ToolId): UnknownFieldHints {
  return { id: `the id goes in "${takes}"`, ...GIVEN[takes] };
}
