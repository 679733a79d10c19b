/**
 * Server-rendered dashboard pages read as text, for tests that check
 * what a page says without a browser.
 * @module
 */
import assert from "node:assert/strict";
import type { TestServer } from "./test_server.ts";
import type { CookieJar } from "./cookie_jar.ts";
import { visit } from "./sandbox_sign_in.ts";

/** The text of the element with `data-testid` on `path`, tags dropped. */
export async function textOn(
  me: { jar: CookieJar },
  server: TestServer,
  path: string,
  testId: string,
): Promise<string | null> {
  const res = await visit(me.jar, `${server.url}${path}`);
  assert.equal(res.status, 200, path);
  const found = new RegExp(
    `<(\\w+)[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</\\1>`,
  ).exec(await res.text());
  return found
    ? found[2].replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim()
    : null;
}
