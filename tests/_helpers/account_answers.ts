/**
 * What a server answers an account's API key and its browser session, for
 * the deletion tests (docs/accounts.md#deleting-an-account).
 * @module
 */
import { visit } from "./sandbox_sign_in.ts";
import type { CookieJar } from "./cookie_jar.ts";

/** The statuses `url` answers the key (`auth` headers) and the browser. */
export async function keyAndSessionAnswers(
  url: string,
  auth: Record<string, string>,
  jar: CookieJar,
): Promise<Record<string, number>> {
  const read = async (res: Response) => {
    await res.body?.cancel();
    return res.status;
  };
  return {
    keyMe: await read(await fetch(`${url}/api/me`, { headers: auth })),
    keyStatus: await read(
      await fetch(`${url}/api/tiktok/status`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ publish_id: "v_pub_none" }),
      }),
    ),
    cookieMe: await read(await visit(jar, `${url}/api/me`)),
    dashboard: await read(await visit(jar, `${url}/dashboard`)),
  };
}
