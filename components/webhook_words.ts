/**
 * A webhook delivery in words for the Settings card
 * (docs/dashboard.md#words-not-codes): "Not delivered yet: your server
 * refused the connection. Next try at 15:40 PST." The API's JSON keeps its
 * state, attempts and raw error (a contract for scripts); the card shows
 * those too, folded under "Technical details", for developers.
 * @module
 */
import type { WebhookDeliveryJson } from "../lib/http/api_responses.ts";
import { localWhen } from "./compose_rules.ts";
import { fillWords, pageWords } from "./page_words.ts";
import type { WebhookWord } from "./page_words.ts";

/** Why an attempt failed, in words, from its status code or raw error. */
function deliveryProblem(
  d: Pick<WebhookDeliveryJson, "last_status_code" | "last_error">,
): string {
  // The sentences are the page's (lib/islands/page_words.ts).
  const words = pageWords().webhook;
  const code = d.last_status_code;
  if (code !== null && (code < 200 || code >= 300)) {
    const word: WebhookWord = code >= 500
      ? "serverError"
      : code === 404
      ? "noPage"
      : code === 401 || code === 403
      ? "notLetIn"
      : code >= 300 && code < 400
      ? "redirect"
      : "turnedDown";
    return fillWords(words[word], { code });
  }
  const error = d.last_error ?? "";
  const found = ERROR_WORDS.find(([re]) => re.test(error));
  return words[found ? found[1] : "unreachable"];
}

/** A raw error's pattern, and its words, first match wins. */
const ERROR_WORDS: [RegExp, WebhookWord][] = [
  [/ECONNREFUSED|connection refused/i, "refused"],
  [/timed out|no data for|took longer/i, "timeout"],
  [/redirect/i, "redirect"],
  [/does not resolve|dns|lookup|ENOTFOUND|name resolution/i, "noName"],
  [/private|reserved|loopback|only https|credentials/i, "privateAddress"],
  [/certificate|tls|ssl/i, "certificate"],
  [/ECONNRESET|reset|broken pipe|closed/i, "cutOff"],
  [/webhook was removed/i, "removed"],
];

/** The delivery's state as a sentence (times in the browser's zone). */
export function deliveryWords(
  d: Pick<
    WebhookDeliveryJson,
    "state" | "attempts" | "last_status_code" | "last_error" | "next_attempt_at"
  >,
  now = new Date(),
): string {
  const words = pageWords().webhook;
  if (d.state === "delivered") {
    return d.attempts <= 1
      ? words.delivered
      : fillWords(words.deliveredOnTry, { attempts: d.attempts });
  }
  if (d.attempts === 0) return words.notSent;
  const why = deliveryProblem(d);
  if (d.state === "pending") {
    return d.next_attempt_at
      ? fillWords(words.pendingAt, {
        why,
        // Named: nothing beside it says whose time it is (docs/dashboard.md#times).
        at: localWhen(d.next_attempt_at, now, { named: true }),
      })
      : fillWords(words.pendingSoon, { why });
  }
  return fillWords(words.stopped, {
    why,
    attempts: d.attempts,
    tries: d.attempts === 1 ? "try" : "tries",
  });
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
