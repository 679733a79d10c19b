import { finishSignIn, SignInError } from "@/lib/auth/sign_in.ts";
import {
  addAccountToSession,
  replaceSession,
} from "@/lib/sessions/sessions.ts";
import { SESSION_COOKIE, setSessionCookie } from "@/lib/http/session_auth.ts";
import { getCookie } from "hono/cookie";
import { takeOAuthStateCookie } from "@/lib/http/oauth_state_cookie.ts";
import {
  rememberMadeRoom,
  rememberReconnected,
} from "@/lib/http/account_notice.ts";
import { getAccount } from "@/lib/accounts/accounts_store.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";

interface Failure {
  reason: string;
  message: string;
}

/**
 * The GET takes the state cookie and the sign-in attempt and creates a
 * session: a HEAD must not spend them, so it is 405.
 */
export const getOnly = true;

export const handler: Handlers = {
  async GET(c) {
    const deps = c.get("deps");
    const q = c.req.query();
    const browserState = takeOAuthStateCookie(c);
    try {
      // Which of two states or codes TikTok meant would be a guess.
      const twice = Object.entries(c.req.queries())
        .find(([, values]) => values.length > 1)?.[0];
      if (twice) {
        throw new SignInError(
          "bad_state",
          `This sign-in link gives ${twice} more than once. Start again from the sign-in button.`,
        );
      }
      const { account, addAccount, reconnected } = await finishSignIn(deps, {
        code: q.code,
        state: q.state,
        scopes: q.scopes,
        error: q.error,
        errorDescription: q.error_description,
        browserState,
      });
      // A sign-in always gets a new session id; "Add another TikTok
      // account" carries the browser's other accounts over to it, a plain
      // sign-in ends the old session.
      const previousId = getCookie(c, SESSION_COOKIE);
      let session;
      if (addAccount) {
        session = await addAccountToSession(deps, previousId, account.openId);
        const dropped = session.dropped &&
          await getAccount(deps, session.dropped);
        if (dropped) rememberMadeRoom(c, dropped.displayName);
      } else {
        session = await replaceSession(deps, previousId, account.openId);
      }
      if (reconnected) rememberReconnected(c, account.displayName);
      setSessionCookie(c, session.id, session.expiresAt);
      return c.redirect("/dashboard", 303);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      const failure: Failure = { reason: error.reason, message: error.message };
      if (error.reason !== "erasure_pending") {
        return c.get("render")(failure, { status: 400 });
      }
      // The same user's deletion is still being finished
      // (docs/accounts.md#a-deletion-cut-short): a wait, not a mistake.
      const res = c.get("render")(failure, { status: 503 });
      res.headers.set("Retry-After", String(error.retryAfterSeconds ?? 60));
      return res;
    }
  },
};

/**
 * Shown when sign-in did not complete; no account or session was made.
 * While the browser holds an account ("Add another TikTok account"
 * declined or failed), it says that one is still signed in, and Try again
 * adds an account: a plain sign-in would end its session.
 */
export default function SignInFailed(
  { data, account }: PageProps<Failure>,
) {
  return (
    <main class="narrow">
      <h1>Sign-in did not complete</h1>
      <p class="error-message" data-reason={data.reason}>
        {account && data.reason === "denied"
          ? "You declined the TikTok authorization, so no account was added."
          : data.message}
      </p>
      {account && (
        <p>{account.displayName} is still signed in: nothing changed for it.</p>
      )}
      <p>
        <a class="button" href={account ? "/auth/login?add=1" : "/auth/login"}>
          Try again
        </a>
        {account && (
          <>
            {" "}
            <a href="/dashboard">Back to the dashboard</a>
          </>
        )}
      </p>
    </main>
  );
}
