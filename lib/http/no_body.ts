/**
 * The check of operations that take no body (create an album, complete an
 * upload, verify a domain, send a test event, issue a key, the deletes):
 * like every JSON body (docs/api.md#limits-on-every-request), a body sent to
 * them may not carry fields they would ignore. `{"title": "Holiday"}` sent
 * to `POST /api/albums` is refused with 400 `bad_request` naming `title`,
 * not answered as if the title were kept. No body, a blank one or `{}` is
 * no body.
 * @module
 */
import { z } from "zod";
import { AppError } from "../errors.ts";
import { bodyIssues, issuesMessage } from "./schema_issues.ts";
import type { AppContext } from "./app_types.ts";
import { requestText } from "./json_body.ts";

const NoBody = z.strictObject({});

const TAKES_NO_BODY = "This operation takes no body: send none, or {}.";

/**
 * Reads the body and refuses anything but none, a blank one or `{}`.
 * @throws {AppError} `bad_request`, naming each field in `issues`
 */
export async function expectNoBody(c: AppContext): Promise<void> {
  const text = await requestText(c);
  if (text.trim() === "") return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", TAKES_NO_BODY);
  }
  const parsed = NoBody.safeParse(value);
  if (parsed.success) return;
  const issues = bodyIssues(parsed.error);
  throw new AppError(
    "bad_request",
    `${issuesMessage(issues)}. ${TAKES_NO_BODY}`,
    {
      extra: { issues },
    },
  );
}
