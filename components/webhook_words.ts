/**
 * A webhook delivery in words for the Settings card
 * (docs/dashboard.md#words-not-codes): "Not delivered yet: your server
 * refused the connection. Next try at 15:40." The API's JSON keeps its
 * state, attempts and raw error (a contract for scripts); the card shows
 * those too, folded under "Technical details", for developers.
 * @module
 */
import type { WebhookDeliveryJson } from "../lib/http/api_responses.ts";
import { localWhen } from "./compose_rules.ts";

/** Why an attempt failed, in words, from its status code or raw error. */
function deliveryProblem(
  d: Pick<WebhookDeliveryJson, "last_status_code" | "last_error">,
): string {
  const code = d.last_status_code;
  if (code !== null && (code < 200 || code >= 300)) {
    if (code >= 500) return `your server had a problem (it answered ${code})`;
    if (code === 404) {
      return "your server has no page at this URL (it answered 404)";
    }
    if (code === 401 || code === 403) {
      return `your server did not let the event in (it answered ${code})`;
    }
    if (code >= 300 && code < 400) {
      return "your server answered with a redirect, which is not followed: save the final URL";
    }
    return `your server turned the event down (it answered ${code})`;
  }
  const error = d.last_error ?? "";
  const matches = (re: RegExp) => re.test(error);
  if (matches(/ECONNREFUSED|connection refused/i)) {
    return "your server refused the connection";
  }
  if (matches(/timed out|no data for|took longer/i)) {
    return "your server did not answer in time";
  }
  if (matches(/redirect/i)) {
    return "your server answered with a redirect, which is not followed: save the final URL";
  }
  if (matches(/does not resolve|dns|lookup|ENOTFOUND|name resolution/i)) {
    return "the server's name could not be found";
  }
  if (matches(/private|reserved|loopback|only https|credentials/i)) {
    return "events are not sent to this address: use a public https URL";
  }
  if (matches(/certificate|tls|ssl/i)) {
    return "your server's https certificate was not accepted";
  }
  if (matches(/ECONNRESET|reset|broken pipe|closed/i)) {
    return "the connection was cut off";
  }
  if (matches(/webhook was removed/i)) return "the webhook was removed";
  return "your server could not be reached";
}

/** The delivery's state as a sentence (times in the browser's zone). */
export function deliveryWords(
  d: Pick<
    WebhookDeliveryJson,
    "state" | "attempts" | "last_status_code" | "last_error" | "next_attempt_at"
  >,
  now = new Date(),
): string {
  if (d.state === "delivered") {
    return d.attempts <= 1 ? "Delivered." : `Delivered on try ${d.attempts}.`;
  }
  if (d.attempts === 0) return "Not sent yet.";
  const why = deliveryProblem(d);
  if (d.state === "pending") {
    return d.next_attempt_at
      ? `Not delivered yet: ${why}. Next try at ${
        localWhen(d.next_attempt_at, now)
      }.`
      : `Not delivered yet: ${why}. Another try comes soon.`;
  }
  return `Not delivered: ${why}. Stopped trying after ${d.attempts} ${
    d.attempts === 1 ? "try" : "tries"
  }.`;
}

/** The raw facts, as the API gives them, for the folded details. */
export function deliveryDetail(
  d: Pick<
    WebhookDeliveryJson,
    "state" | "attempts" | "last_status_code" | "last_error"
  >,
): string {
  return [
    `state: ${d.state}`,
    `attempts: ${d.attempts}`,
    d.last_status_code !== null ? `HTTP status: ${d.last_status_code}` : null,
    d.last_error ? `error: ${d.last_error}` : null,
  ].filter((part) => part !== null).join("; ");
}
