/**
 * Drives the real sign-in flow over HTTP, the way a browser would: our
 * /auth/login, the sandbox consent form, the callback.
 */
import { CookieJar } from "./cookie_jar.ts";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import type { TestServer } from "./test_server.ts";

export interface SignedIn {
  jar: CookieJar;
  openId: string;
}

async function follow(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const res = await fetch(url, {
    ...init,
    redirect: "manual",
    headers: {
      ...init.headers as Record<string, string>,
      Cookie: jar.header(),
    },
  });
  jar.absorb(res);
  return res;
}

/** Starts a sign-in; returns the jar and the sandbox authorize URL. */
export async function beginSignIn(
  server: TestServer,
): Promise<{ jar: CookieJar; authorizeUrl: string }> {
  const jar = new CookieJar();
  let login = await follow(jar, `${server.url}/auth/login`);
  await login.body?.cancel();
  // Reached by another loopback name than PUBLIC_BASE_URL's, the server
  // first sends the browser to its own name (lib/auth/loopback_name.ts).
  const moved = login.headers.get("location");
  if (
    login.status === 302 && moved && new URL(moved).pathname === "/auth/login"
  ) {
    login = await follow(jar, moved);
    await login.body?.cancel();
  }
  if (login.status !== 302) throw new Error(`login answered ${login.status}`);
  return { jar, authorizeUrl: login.headers.get("location")! };
}

/** Submits the sandbox consent form; returns the callback URL TikTok sends back. */
export async function decideConsent(
  server: TestServer,
  jar: CookieJar,
  authorizeUrl: string,
  decision: "authorize" | "deny",
  username: string,
  withhold: string[] = [],
): Promise<string> {
  const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
  form.set("decision", decision);
  form.set("username", username);
  for (const scope of withhold) form.append("withhold_scope", scope);
  const res = await follow(
    jar,
    `${server.url}/_sandbox/tiktok/v2/auth/authorize/`,
    {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
      },
      body: form,
    },
  );
  await res.body?.cancel();
  if (res.status !== 302) throw new Error(`consent answered ${res.status}`);
  return res.headers.get("location")!;
}

/**
 * Starts a sign-in and answers the consent page: the browser's jar and the
 * callback URL TikTok sends back.
 */
export async function consentCallback(
  server: TestServer,
  decision: "authorize" | "deny",
  username: string,
  withhold: string[] = [],
): Promise<{ jar: CookieJar; callback: string; authorizeUrl: string }> {
  const { jar, authorizeUrl } = await beginSignIn(server);
  const callback = await decideConsent(
    server,
    jar,
    authorizeUrl,
    decision,
    username,
    withhold,
  );
  return { jar, callback, authorizeUrl };
}

/** Opens a URL with the jar (following nothing) and returns the response. */
export function visit(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  return follow(jar, url, init);
}

/**
 * The whole flow: a signed-in dashboard session for a sandbox user, who may
 * withhold some of the scopes asked on the consent page.
 */
export async function signIn(
  server: TestServer,
  username: string,
  plan?: "free" | "monthly" | "annual",
  withhold: string[] = [],
): Promise<SignedIn> {
  const { jar, callback } = await consentCallback(
    server,
    "authorize",
    username,
    withhold,
  );
  const res = await follow(jar, callback);
  await res.body?.cancel();
  if (res.status !== 303) throw new Error(`callback answered ${res.status}`);
  const me = await getTyped(server.kv, sandboxKeys.userByName(username));
  if (plan) {
    const chosen = await postForm(server, jar, "/dashboard/plan", { plan });
    await chosen.body?.cancel();
  }
  return { jar, openId: me.value! };
}

/** A dashboard form posted from our own origin (or `origin`). */
export function postForm(
  server: TestServer,
  jar: CookieJar,
  path: string,
  fields: Record<string, string>,
  origin = server.url,
): Promise<Response> {
  return follow(jar, `${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: origin,
    },
    body: new URLSearchParams(fields),
  });
}

/**
 * A sign-in started in `jar` (`add`: as "Add another TikTok account") and
 * authorized on the sandbox's consent page as `username`: the login
 * answer (body read) and the callback URL, not yet visited.
 */
export async function consentInJar(
  server: TestServer,
  jar: CookieJar,
  username: string,
  add = false,
): Promise<{ login: Response; callback: string }> {
  const login = await follow(
    jar,
    `${server.url}/auth/login${add ? "?add=1" : ""}`,
  );
  await login.body?.cancel();
  const callback = await decideConsent(
    server,
    jar,
    login.headers.get("location")!,
    "authorize",
    username,
  );
  return { login, callback };
}

/**
 * "Add another TikTok account" in the same jar, as `username`: the sign-in
 * and callback answers (bodies read) and the account's open_id.
 */
export async function addAccountInJar(
  server: TestServer,
  jar: CookieJar,
  username: string,
): Promise<{ openId: string; login: Response; signedIn: Response }> {
  const { login, callback } = await consentInJar(server, jar, username, true);
  const signedIn = await follow(jar, callback);
  await signedIn.body?.cancel();
  const openId = (await getTyped(server.kv, sandboxKeys.userByName(username)))
    .value!;
  return { openId, login, signedIn };
}

/** Issues an API key through the dashboard endpoint. */
export async function issueKeyFromDashboard(
  server: TestServer,
  jar: CookieJar,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await follow(jar, `${server.url}/dashboard/api_key`, {
    method: "POST",
    headers: { Accept: "application/json", Origin: server.url },
  });
  return { status: res.status, body: await res.json() };
}
