/**
 * Types shared by the HTTP layer: the Hono environment (every handler gets
 * the app's dependencies as `c.get("deps")`), and the Fresh-style route
 * module shape.
 * @module
 */
import type { Credential } from "../api_keys/credential.ts";
import type { Context } from "hono";
import type { ComponentChildren, ComponentType } from "preact";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { PolicyLinks } from "../site/policy_links.ts";

/** Per-request values set by middleware. */
export interface AppVariables {
  deps: AppDeps;
  /** The routes and islands the app was built from (createApp). */
  manifest: Manifest;
  requestId: string;
  /** The API-key account on `/api/*` (not on credential paths). */
  apiAccount: Account;
  /** Who an `/api/*` request acts for, and the entries that prove it. */
  apiCredential: Credential;
  /** An `/api/*` request of the dashboard's islands (the session cookie). */
  apiFromDashboard?: boolean;
  /** The signed-in dashboard account, if any. */
  sessionAccount: Account | null;
  sessionId: string | null;
  /** Every account signed in to this browser session, the active first. */
  sessionAccounts: SessionAccountSummary[];
  secureHeadersNonce?: string;
  /** The query the route's query check read, with the schema it used. */
  checkedQuery?: { schema: unknown; value: unknown };
  render: (data?: unknown, init?: { status?: number }) => Response;
  /** The `_app.tsx` HTML shell every page is rendered inside. */
  shell: ComponentType<AppShellProps>;
}

/** An account of the session, as the header's switcher shows it. */
export interface SessionAccountSummary {
  openId: string;
  /** The creator's TikTok nickname. */
  displayName: string;
  avatarUrl: string;
  /** The TikTok handle (without "@"), once creator_info has given it. */
  tiktokUsername: string | null;
  /** TikTok access ended: nothing posts until it signs in again. */
  disconnected: boolean;
}

/** Props of the `_app.tsx` shell. */
export interface AppShellProps {
  children: ComponentChildren;
  account: Account | null;
  /** The session's accounts (the switcher), the active one first. */
  accounts: SessionAccountSummary[];
  /** The page's path (marks the current navigation link). */
  path: string;
  sandbox: boolean;
  /** SERVICE_NAME: the title's and the header's name of the service. */
  serviceName: string;
  /** The footer's Privacy Policy and Terms of Service links. */
  policyLinks: PolicyLinks;
  title?: string;
  /** A one-time notice about the account shown (after signing one out). */
  notice?: string | null;
}

export interface AppEnv {
  Variables: AppVariables;
}

export type AppContext = Context<AppEnv>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Handler = (c: AppContext) => Response | Promise<Response>;

/** A route file's `handler` export, Fresh-style. */
export type Handlers = Partial<Record<HttpMethod, Handler>>;

/** What the page component of a route receives. */
export interface PageProps<T = undefined> {
  data: T;
  url: URL;
  account: Account | null;
  sandbox: boolean;
  /** SERVICE_NAME: how the page names the service. */
  serviceName: string;
}

/** One file under routes/. */
export interface RouteModule {
  handler?: Handlers;
  /**
   * The GET does work (starts a sign-in, sets a cookie…): HEAD, which must
   * be safe (RFC 9110 §9.3.2), answers 405 with `Allow: GET` instead of
   * running it (docs/decisions.md).
   */
  getOnly?: boolean;
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
}

/** The generated manifest (fresh.gen.ts). */
export interface Manifest {
  routes: Record<string, RouteModule>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, { default: ComponentType<any> }>;
  baseUrl: string;
}
