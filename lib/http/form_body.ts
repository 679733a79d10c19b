/**
 * Reads the body of one of the dashboard's own forms (plan, default
 * privacy, account switch, sign-out; docs/accounts.md#sessions-and-csrf)
 * as the API reads JSON (docs/api.md#limits-on-every-request): sent the
 * way the page sends it, each field once, and only the fields the form
 * has. A field given twice
 * (`privacy=SELF_ONLY&privacy=PUBLIC_TO_EVERYONE`) would leave which value
 * counts to a guess, so it is refused, not read as the last.
 * @module
 */
import type { z } from "zod";
import { AppError, echoed } from "../errors.ts";
import { requireUtf8Identity } from "./body_encoding.ts";
import { declaredAs } from "./declared_body_type.ts";
import { someNames } from "./schema_issues.ts";
import type { AppContext } from "./app_types.ts";
import { PAGE_ACCOUNT_FIELD } from "./page_account_names.ts";
import { expectSessionPage, requireSessionAccount } from "./session_auth.ts";
import { fieldPageAccount } from "./page_account.ts";
import type { Account } from "../accounts/account_record.ts";

const FORM_TYPE = "application/x-www-form-urlencoded";

/** A POST that came with no body at all: no type, no length, no chunks. */
export function bodyless(c: AppContext): boolean {
  const length = c.req.header("content-length");
  return c.req.header("content-type") === undefined &&
    (length === undefined || length === "0") &&
    c.req.header("transfer-encoding") === undefined;
}

/** A field as a sentence names it: `=x` (a template's empty key) has none. */
function fieldName(name: string): string {
  // The client's own text: cut, its invisible characters spelt out.
  if (name === "") return "a field with no name";
  // Spaces only would show as nothing in the sentence.
  if (name.trim() === "") return "a field named with white space only";
  return echoed(name, 100);
}

/**
 * The form's fields, validated by `schema` (a strict object).
 * @param wrong the sentence for a field missing or out of its choices
 * @throws {AppError} 415 `unsupported_media_type` for another body type,
 *   charset or a content coding;
 *   400 `bad_request` for a field given twice, an unknown field (named),
 *   or `wrong`
 */
export async function readForm<S extends z.ZodObject>(
  c: AppContext,
  schema: S,
  wrong: string,
): Promise<z.infer<S>> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim()
    .toLowerCase();
  if (type !== FORM_TYPE) {
    throw new AppError(
      "unsupported_media_type",
      `${
        declaredAs("This form", c.req.header("content-type"))
      }: send it as ${FORM_TYPE}, as the dashboard's page sends it.`,
    );
  }
  // Read as the API reads JSON: a form declared in another charset or sent
  // compressed would be read as UTF-8 text anyway, or as garbage.
  requireUtf8Identity(
    c.req.header("content-type"),
    c.req.header("content-encoding"),
    "form",
  );
  const fields = await c.req.parseBody({ all: true });
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) {
      throw new AppError(
        "bad_request",
        `The form gives ${
          fieldName(name)
        } ${value.length} times: give it once.`,
      );
    }
  }
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const unknown = parsed.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys" ? i.keys : []
  );
  if (unknown.length === 0) throw new AppError("bad_request", wrong);
  // The page's own hidden field is not one a person fills in.
  const known = Object.keys(schema.shape).filter((k) =>
    k !== PAGE_ACCOUNT_FIELD
  );
  // A form with no field of its own (Delete account) says so, not "only ;".
  // The unknown names: the first 20, then a count (someNames).
  const takes = known.length > 0
    ? `takes only ${known.join(", ")}`
    : "has no fields to fill in";
  throw new AppError(
    "bad_request",
    `This form ${takes}; it does not know ${
      someNames(unknown.map(fieldName))
    }.`,
  );
}

/**
 * A form of a dashboard page of the signed-in account: the account, and
 * the form as {@link readForm} reads it. The form of a page left open for
 * another account changes nothing: 409 `account_switched`
 * (page_account.ts).
 * @throws {AppError} 401 without a session; readForm's refusals
 */
export async function readAccountForm<S extends z.ZodObject>(
  c: AppContext,
  schema: S,
  wrong: string,
): Promise<{ account: Account; form: z.infer<S> }> {
  const account = requireSessionAccount(c);
  const form = await readForm(c, schema, wrong);
  expectSessionPage(
    c,
    account,
    fieldPageAccount((form as Record<string, unknown>)[PAGE_ACCOUNT_FIELD]),
  );
  return { account, form };
}
