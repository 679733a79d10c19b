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
}
