/**
 * Renders a page component inside the `_app.tsx` shell, with islands.
 * @module
 */
import { h } from "preact";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { renderDocument } from "../islands/island_render.tsx";
import type { AnyVNode } from "../islands/island_render.tsx";
import type { AppContext } from "./app_types.ts";
import { takeAccountNotice } from "./account_notice.ts";
import { policyLinks } from "../site/policy_links.ts";
import { inRequestLocale } from "../../components/number_text.ts";

/** Renders `page` in the shell as an HTML response. */
export function renderPageWithin(
  c: AppContext,
  page: AnyVNode,
  status: ContentfulStatusCode = 200,
  title?: string,
): Response {
  const deps = c.get("deps");
  const Shell = c.get("shell");
  const account = c.get("sessionAccount") ?? null;
  const tree = h(Shell, {
    account,
    accounts: c.get("sessionAccounts") ?? [],
    path: c.req.path,
    sandbox: deps.config.sandbox,
    serviceName: deps.config.site.serviceName,
    policyLinks: policyLinks(deps.config.site),
    title,
    notice: takeAccountNotice(c, account?.displayName ?? null),
    children: page,
  });
  // Numbers in the page as the browser will write them once it runs the
  // islands (components/number_text.ts).
  const { html } = inRequestLocale(
    c.req.header("Accept-Language"),
    () => renderDocument(tree, deps.islands, c.get("secureHeadersNonce") ?? ""),
  );
  return c.html(html, status, { "Cache-Control": "no-store" });
}
