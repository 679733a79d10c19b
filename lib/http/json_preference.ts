/**
 * Whether a request's `Accept` asks for JSON over an HTML page, for the
 * errors of the pages (error_handler.ts `wantsJson`). Read with Hono's own
 * Accept parser (`hono/accepts`), so q-values and case count as RFC 9110
 * §12.5.1 says: `application/json;q=0` refuses JSON, `text/html;q=0.1,
 * application/json;q=0.9` prefers it, and `APPLICATION/JSON` is JSON.
 * @module
 */
import { accepts } from "hono/accepts";
import type { AppContext } from "./app_types.ts";

/** One entry of the parsed Accept (the helper does not export its type). */
type Accept = { type: string; q: number };

const JSON_ANSWER = "application/json";
const PAGE_ANSWER = "text/html";

/** `application/json` and any `application/*+json` (problem+json…). */
function isJsonType(type: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json$/.test(type);
}

/** The highest q given to a type `test` accepts; 0 when none is named. */
function bestQ(list: Accept[], test: (type: string) => boolean): number {
  let best = 0;
  for (const { type, q } of list) {
    if (test(type.trim().toLowerCase())) best = Math.max(best, q);
  }
  return best;
}

/**
 * JSON when a JSON type is named with a q above 0 and above the one
 * `text/html` is named with. Wildcards (`*\/*`, `text/*`) name neither, so
 * `application/json, text/plain, *\/*` (axios, fetch wrappers) still gets
 * JSON and a browser's `text/html,…,*\/*;q=0.8` a page; a tie, no Accept
 * or only `*\/*` keeps the page, the default of a URL a person opens.
 */
function jsonOverPage(list: Accept[]): string {
  const json = bestQ(list, isJsonType);
  const page = bestQ(list, (type) => type === PAGE_ANSWER);
  return json > 0 && json > page ? JSON_ANSWER : PAGE_ANSWER;
}

/** True when the request's Accept prefers JSON to an HTML page. */
export function prefersJson(c: AppContext): boolean {
  return accepts(c, {
    header: "Accept",
    supports: [JSON_ANSWER, PAGE_ANSWER],
    default: PAGE_ANSWER,
    match: jsonOverPage,
  }) === JSON_ANSWER;
}
