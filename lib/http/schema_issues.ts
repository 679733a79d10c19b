/**
 * Turns a zod error on a request body into the API's `issues` list
 * (docs/api.md#limits-on-every-request): one `{ path, message }` per
 * problem, and one per unknown field, its path naming it (`post.extra`),
 * with a hint where we know what the client meant (TikTok's name of one of
 * our fields).
 * @module
 */
import type { z } from "zod";
import { echoed } from "../errors.ts";
import { fieldSuggester } from "./field_suggestion.ts";

/**
 * The most issues one answer lists; the rest are counted in one more. A
 * 64 KiB body of 5,000 bad `photo_images` answered 2 MB of issues.
 */
export const MAX_ISSUES = 20;
/** The longest path an issue repeats (an unknown field's name is the client's). */
const PATH_MAX = 100;

/**
 * What an unknown field's client meant, by the field's dotted path: e.g.
 * `privacy_level` → `TikTok's name; PM3K's field is "privacy"`.
 */
export type UnknownFieldHints = Readonly<Record<string, string>>;

/** One problem of a request body, as the API reports it. */
export interface BodyIssue {
  /** Dotted path of the field (`""` for the body itself). */
  path: string;
  message: string;
}

/**
 * The issues of `error`, unknown fields one by one with their hints. Two
 * checks of one field failing with one sentence (`limit` past 2^53 is
 * neither a safe integer nor at most 100) are said once.
 */
export function bodyIssues(
  error: z.ZodError,
  hints: UnknownFieldHints = {},
  body?: unknown,
  schema?: z.ZodType,
): BodyIssue[] {
  const seen = new Set<string>();
  const issues = allIssues(error, hints, body, schema).filter((issue) => {
    const said = JSON.stringify([issue.path, issue.message]);
    if (seen.has(said)) return false;
    seen.add(said);
    return true;
  });
  return boundedIssues(issues);
}

/**
 * `issues` as an answer repeats them (docs/api.md#limits-on-every-request):
 * each path cut to {@link PATH_MAX} characters with its invisible
 * characters spelt out (`echoed`), and past {@link MAX_ISSUES}, one more
 * issue counting the rest, so an answer is never much longer than its
 * request.
 */
export function boundedIssues(issues: BodyIssue[]): BodyIssue[] {
  const said = issues.map((i) => ({ ...i, path: echoed(i.path, PATH_MAX) }));
  if (said.length <= MAX_ISSUES) return said;
  return [
    ...said.slice(0, MAX_ISSUES),
    {
      path: "",
      message: `and ${
        said.length - MAX_ISSUES
      } more problems, not listed: fix these first`,
    },
  ];
}

/**
 * Names a client sent, for a sentence: the first {@link MAX_ISSUES}
 * joined with ", ", then how many more ("a, b and 4980 more"), as
 * {@link boundedIssues} bounds an answer's issues. Each name is as given:
 * echo it (`echoed`) before.
 */
export function someNames(names: readonly string[]): string {
  const listed = names.slice(0, MAX_ISSUES).join(", ");
  return names.length > MAX_ISSUES
    ? `${listed} and ${names.length - MAX_ISSUES} more`
    : listed;
}

/**
 * What `body` holds at `path`: `"missing"` for a field left out (JSON has
 * no undefined), `"null"` for a null, `"value"` for anything else. Read
 * from the body, not from zod's wording: a field with its own message (a
 * job's `run_at`) has zod's "received undefined" replaced by it, and a
 * choice (`privacy`) says "Invalid option" for a null.
 */
function givenAt(
  body: unknown,
  path: readonly PropertyKey[],
): "missing" | "null" | "value" {
  let at: unknown = body;
  for (const key of path) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) {
      return "missing";
    }
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at === undefined ? "missing" : at === null ? "null" : "value";
}

/** The value at `path` in `body` (undefined where there is none). */
function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = body;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * A flag (`disable_comment`, `is_ad`…) given as something else, said for
 * its sender (docs/api.md#limits-on-every-request): an n8n or Make field
 * typed as a string, or an expression in quotes, sends `"false"`, which
 * zod calls "expected boolean, received string". The flag is not read
 * from text: "false" taken as true by a loose reading would post with
 * comments off.
 */
function notABoolean(value: unknown): string | null {
  if (typeof value === "string" && /^\s*(true|false)\s*$/i.test(value)) {
    const meant = value.trim().toLowerCase();
    return `a JSON boolean is written without quotes: send ${meant}, not ${
      JSON.stringify(echoed(value, 20))
    } (a workflow field typed as text, or an expression in quotes, sends text)`;
  }
  const kind = value === null
    ? null
    : Array.isArray(value)
    ? "an array"
    : typeof value === "object"
    ? "an object"
    : typeof value === "string"
    ? "a string"
    : `a ${typeof value}`;
  return kind
    ? `expected true or false (a JSON boolean, without quotes); this is ${kind}`
    : null;
}

/**
 * A list field (`photo_images`…) given something else, said for its
 * sender (docs/api.md#limits-on-every-request): an agent gives one URL as
 * a string, a workflow a JSON string holding the list (encoded twice);
 * zod says only "expected array, received string".
 */
function notAnArray(value: unknown): string | null {
  if (typeof value === "string") {
    let inner: unknown = undefined;
    try {
      inner = JSON.parse(value);
    } catch {
      // Not JSON inside: one item.
    }
    return Array.isArray(inner)
      ? "a JSON string holding an array (encoded twice): send the array itself"
      : 'expected a JSON array, even of one item (["…"]); this is a string';
  }
  if (value === null || value === undefined) return null;
  return `expected a JSON array; this is ${
    typeof value === "object" ? "an object" : `a ${typeof value}`
  }`;
}

/** What a field of a type was given instead, said for its sender. */
const WRONG_TYPE_SAID: Partial<
  Record<string, (value: unknown) => string | null>
> = { boolean: notABoolean, array: notAnArray };

/** What a type or choice `issue` expected, for "(expected …)". */
function expectedOf(issue: z.core.$ZodIssue): string | null {
  if (issue.code === "invalid_value") {
    return issue.values.map((v) => JSON.stringify(v)).join(" or ");
  }
  if (issue.code === "invalid_type") {
    // z.int() expects "int": a JSON number.
    return issue.expected === "int" ? "number" : issue.expected;
  }
  return null;
}

/**
 * What a body that is no object is, said for its sender: a workflow tool
 * that encodes its JSON twice (a JSON.stringify in an expression, then
 * "JSON" as the body's type) sends a string holding the object, and a
 * list of items sent at once is an array; zod says only "expected
 * object, received string".
 */
function notAnObject(body: unknown): string | null {
  if (Array.isArray(body)) {
    return "the body is an array: send one JSON object of the fields (one request per item)";
  }
  if (typeof body === "string") {
    let inner: unknown = undefined;
    try {
      inner = JSON.parse(body);
    } catch {
      // Not JSON inside: a plain string.
    }
    return inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? "the body is a JSON string holding an object (encoded twice): send the object itself"
      : "the body is a string: send a JSON object of the fields";
  }
  if (typeof body === "number" || typeof body === "boolean") {
    return `the body is a ${typeof body}: send a JSON object of the fields`;
  }
  return null;
}

/** The keys of the object at `path` in `body` (none if it is not one). */
function keysAt(body: unknown, path: readonly PropertyKey[]): Set<string> {
  const at = valueAt(body, path);
  return new Set(at !== null && typeof at === "object" ? Object.keys(at) : []);
}

function allIssues(
  error: z.ZodError,
  hints: UnknownFieldHints,
  body: unknown,
  schema: z.ZodType | undefined,
): BodyIssue[] {
  let suggested = 0;
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    const expected = expectedOf(issue);
    // What the body holds there, when the body is known (MCP arguments and
    // JSON bodies); else zod's wording, which a field with its own message
    // replaces.
    const given = body === undefined
      ? / received undefined$/.test(issue.message)
        ? "missing"
        : / received null$/.test(issue.message)
        ? "null"
        : "value"
      : givenAt(body, issue.path);
    if (expected !== null && given === "missing") {
      // A field left out: say so plainly rather than zod's "expected
      // string, received undefined", a field's own message ("run_at must
      // be a date and time…") or "Invalid input: expected \"tiktok\"".
      return [{
        path: at.join("."),
        message: `required field missing (expected ${expected})`,
      }];
    }
    if (expected !== null && given === "null") {
      // JSON clients and agents send null for "none"; PM3K takes none as a
      // field left out (docs/api.md#limits-on-every-request), so say that;
      // the whole body null (a template's empty variable) names no field.
      return [{
        path: at.join("."),
        message: at.length === 0
          ? "the body is null: send a JSON object of the fields"
          : `null is not a value here (expected ${expected}): leave the field out to give none`,
      }];
    }
    if (
      issue.code === "invalid_type" && at.length === 0 &&
      issue.expected === "object" && body !== undefined
    ) {
      return [{ path: "", message: notAnObject(body) ?? issue.message }];
    }
    const wrongType = issue.code === "invalid_type" && given === "value" &&
        body !== undefined
      ? WRONG_TYPE_SAID[issue.expected]
      : undefined;
    if (wrongType) {
      return [{
        path: at.join("."),
        message: wrongType(valueAt(body, issue.path)) ?? issue.message,
      }];
    }
    if (issue.code !== "unrecognized_keys") {
      return [{ path: at.join("."), message: issue.message }];
    }
    const suggest = schema
      ? fieldSuggester(schema, issue.path, keysAt(body, issue.path))
      : null;
    return issue.keys.map((key) => {
      const path = [...at, key].join(".");
      const hint = Object.hasOwn(hints, path) ? hints[path] : null;
      // Only as many as an answer lists are worth the search
      // (boundedIssues): a 64 KiB body holds thousands of unknown keys.
      const meant = !hint && suggest && suggested++ < MAX_ISSUES
        ? suggest(key)
        : null;
      return {
        path,
        // A tool's body row left unnamed (n8n's "Body Parameters") sends
        // `"": …`, whose path names nothing: say what is wrong with it.
        message: key === ""
          ? "unknown field (it has no name: name it, or leave it out)"
          : key.trim() === ""
          ? "unknown field (its name is white space only: name it, or leave it out)"
          : hint
          ? `unknown field (${hint})`
          : meant
          ? `unknown field (did you mean "${meant}"?)`
          : "unknown field",
      };
    });
  });
}

/** `Invalid request: a: …; b: …`, the message of a 400 with issues. */
export function issuesMessage(issues: BodyIssue[]): string {
  return `Invalid request: ${
    issues.map((i) => (i.path ? `${i.path}: ` : "") + i.message).join("; ")
  }`;
}
