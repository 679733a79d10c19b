/**
 * What the API refused an automation, grouped by request and error code
 * (docs/api.md#refused-requests).
 * @module
 */

/** One group: every refusal of `code` to `method route` of one account. */
export interface ApiRefusal {
  method: string;
  /** The route as registered ("/api/uploads/:id/complete"). */
  route: string;
  code: string;
  status: number;
  /** The last refusal's message, cut to REFUSAL_MESSAGE_MAX characters. */
  message: string;
  /** How many refusals of the group were recorded in its life. */
  count: number;
  firstAt: number;
  lastAt: number;
  /** The last refusal's X-Request-Id, to find it in the server's log. */
  requestId: string;
  /**
   * The group's latest different messages, the latest first, at most
   * REFUSAL_PROBLEMS_MAX: one code covers several problems (bad JSON, an
   * unknown field and a missing title are each `bad_request`). Records
   * written before it have none: read them with `refusalProblems`.
   */
  problems?: RefusalProblem[];
}

/** One message of a group: how often, when last, its last request id. */
export interface RefusalProblem {
  message: string;
  count: number;
  lastAt: number;
  requestId: string;
}

/** The group's problems; a record without them is its one last message. */
export function refusalProblems(group: ApiRefusal): RefusalProblem[] {
  return group.problems ?? [{
    message: group.message,
    count: group.count,
    lastAt: group.lastAt,
    requestId: group.requestId,
  }];
}
