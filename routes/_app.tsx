import { DisconnectedNotice } from "@/components/DisconnectedNotice.tsx";
import type { ComponentChildren } from "preact";
import type { AppShellProps } from "@/lib/http/app_types.ts";
import { STYLESHEET_URL } from "@/lib/http/stylesheet.ts";
import {
  PAGE_ACCOUNT_FIELD,
  PAGE_ACCOUNT_META,
} from "@/lib/http/page_account_names.ts";

/** The dashboard's pages, in the header's order (docs/dashboard.md#pages). */
export const DASHBOARD_PAGES = [
  { path: "/dashboard", label: "Compose" },
  { path: "/dashboard/calendar", label: "Calendar" },
  { path: "/dashboard/posts", label: "Posts" },
  { path: "/dashboard/media", label: "Media" },
  { path: "/dashboard/settings", label: "Settings" },
] as const;

/** Pages outside the dashboard with a title of their own. */
const SITE_PAGES = [
  { path: "/privacy", label: "Privacy Policy" },
  { path: "/terms", label: "Terms of Service" },
] as const;

/**
 * The page's title: a dashboard page's name and the account shown, so
 * each page says what and whose it is when it loads, as a screen reader
 * reads it first (WCAG 2.4.2); after switching accounts too.
 */
function pageTitle(props: AppShellProps): string {
  if (props.title) return props.title;
  const name = props.serviceName;
  const site = SITE_PAGES.find((p) => p.path === props.path);
  if (site) return `${site.label} – ${name}`;
  const page = DASHBOARD_PAGES.find((p) => p.path === props.path);
  if (!page || !props.account) return `${name}: post to TikTok from automation`;
  // Every dashboard page of an account with no plan sends it to the plan
  // choice (at /dashboard): the title says so, not "Compose".
  const label = props.account.plan ? page.label : "Choose a plan";
  return `${label} – ${props.account.displayName} – ${name}`;
}

/** The header's account part: switcher, add an account, sign out. */
function AccountMenu(
  props: Pick<AppShellProps, "account" | "accounts" | "path">,
) {
  const account = props.account!;
  const others = props.accounts.filter((a) => a.openId !== account.openId);
  return (
    <div class="account-menu" data-testid="account-menu">
      {account.avatarUrl && (
        <img src={account.avatarUrl} alt="" width={28} height={28} />
      )}
      {others.length === 0
        ? (
          <span class="account-name" data-testid="active-account">
            {account.displayName}
          </span>
        )
        : (
          <form
            method="post"
            action="/auth/switch"
            class="switcher"
            data-testid="account-switcher"
          >
            <label for="account-switch" class="visually-hidden">
              TikTok account
            </label>
            <select id="account-switch" name="open_id">
              {props.accounts.map((a) => (
                <option
                  key={a.openId}
                  value={a.openId}
                  selected={a.openId === account.openId}
                >
                  {a.displayName}
                </option>
              ))}
            </select>
            {DASHBOARD_PAGES.some((p) => p.path === props.path) && (
              // Switching shows this page, now the other account's.
              <input type="hidden" name="back" value={props.path} />
            )}
            <button type="submit" class="secondary">Switch</button>
          </form>
        )}
      <a
        href="/auth/login?add=1"
        class="add-account"
        data-testid="add-account"
      >
        Add another TikTok account
      </a>
      {others.length === 0
        ? (
          // One account: nothing to choose, so a plain button, not a menu
          // asking "which accounts?" (docs/dashboard.md#layout).
          <form
            method="post"
            action="/auth/logout"
            class="sign-out"
            data-testid="sign-out"
          >
            <SignOutThisAccount openId={account.openId} class="link">
              Sign out
            </SignOutThisAccount>
          </form>
        )
        : (
          <details class="sign-out" data-testid="sign-out">
            <summary>Sign out</summary>
            <form method="post" action="/auth/logout" class="sign-out-choices">
              <p>Sign out of which accounts?</p>
              <SignOutThisAccount openId={account.openId} class="secondary">
                This account ({account.displayName})
              </SignOutThisAccount>
              <button
                type="submit"
                name="scope"
                value="all"
                class="secondary"
                data-testid="sign-out-all"
              >
                All accounts
              </button>
            </form>
          </details>
        )}
    </div>
  );
}

/**
 * A sign-out form's fields for this page's account only: the account the
 * page acts for (lib/http/page_account.ts) and its button.
 */
function SignOutThisAccount(
  props: { openId: string; class: string; children: ComponentChildren },
) {
  return (
    <>
      <input type="hidden" name={PAGE_ACCOUNT_FIELD} value={props.openId} />
      <button
        type="submit"
        name="scope"
        value="account"
        class={props.class}
        data-testid="sign-out-account"
      >
        {props.children}
      </button>
    </>
  );
}

/** The HTML shell around every page. */
export default function App(props: AppShellProps) {
  const inDashboard = props.path === "/dashboard" ||
    props.path.startsWith("/dashboard/");
  // With no plan yet every dashboard page shows the plan choice
  // (lib/http/dashboard_account.ts): none of them is the page shown.
  const choosingPlan = inDashboard && !!props.account && !props.account.plan;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{pageTitle(props)}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href={STYLESHEET_URL} />
        {props.account && (
          // The account this page acts for (lib/http/page_account.ts).
          <meta name={PAGE_ACCOUNT_META} content={props.account.openId} />
        )}
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to content</a>
        {props.sandbox && (
          <div class="sandbox-banner" role="note">
            Sandbox: TikTok is simulated on this server. Nothing is posted to
            the real TikTok.
          </div>
        )}
        <header class="top">
          <a href="/" class="brand">{props.serviceName}</a>
          {props.account
            ? (
              <>
                <nav aria-label="Dashboard" class="pages dashboard-pages">
                  {DASHBOARD_PAGES.map((p) => (
                    <a
                      key={p.path}
                      href={p.path}
                      aria-current={inDashboard && !choosingPlan &&
                          props.path === p.path
                        ? "page"
                        : undefined}
                    >
                      {p.label}
                    </a>
                  ))}
                  <a href="/docs">API docs</a>
                </nav>
                <AccountMenu
                  account={props.account}
                  accounts={props.accounts}
                  path={props.path}
                />
              </>
            )
            : (
              <nav aria-label="Site" class="pages">
                <a href="/docs">API docs</a>
                <a href="/auth/login">Sign in with TikTok</a>
              </nav>
            )}
        </header>
        <div id="main" tabIndex={-1} class="page">
          {(props.account || props.notice) && (
            // Always on the page, so a notice in it is a status, not noise.
            <p
              role="status"
              class="account-notice"
              data-testid="account-notice"
              data-reannounce
            >
              {props.notice ?? ""}
            </p>
          )}
          {
            /* On every dashboard page: scheduled posts fail meanwhile, and
              the calendar or settings must not look as if all were well. */
          }
          {inDashboard && props.account && (
            <DisconnectedNotice
              account={props.account}
              serviceName={props.serviceName}
            />
          )}
          {choosingPlan && (
            // The nav's links all lead to the plan choice until then.
            <p class="plan-first" data-testid="plan-first">
              Compose, Calendar, Posts, Media and Settings open once you choose
              a plan.
            </p>
          )}
          {props.children}
        </div>
        {
          /* On every page, in view without opening a menu: TikTok's app
            review asks for both links so (docs/tiktok-audit.md). */
        }
        <footer class="site-footer" data-testid="site-footer">
          <a href={props.policyLinks.privacy}>Privacy Policy</a>
          <a href={props.policyLinks.terms}>Terms of Service</a>
          <a href="/docs">API docs</a>
        </footer>
      </body>
    </html>
  );
}
