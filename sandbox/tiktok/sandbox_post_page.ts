/**
 * The simulator's page for a post, where the dashboard's "View on TikTok"
 * leads in sandbox mode (docs/sandbox.md#posts-pages): the path TikTok
 * uses (`/@<handle>/video/<post id>`), saying the post is simulated and
 * not on TikTok, instead of a link to tiktok.com that finds nothing.
 * @module
 */
import type { Hono } from "hono";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { STYLESHEET_URL } from "../../lib/http/stylesheet.ts";

export function addSandboxPostPage(app: Hono): void {
  app.get("/:handle{@[^/]+}/:kind{video|photo}/:id{[0-9]{1,19}}", (c) => {
    const { handle, kind, id } = c.req.param();
    const page = h(
      "main",
      { class: "narrow" },
      h("h1", null, "Simulated post, not on TikTok"),
      h(
        "p",
        { "data-testid": "simulated-post" },
        `The ${kind} ${id} of ${handle} was posted to the TikTok simulator `,
        "(sandbox mode): it is not on TikTok, and has no page there.",
      ),
    );
    return c.html(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>TikTok sandbox: simulated post</title>` +
        `<link rel="stylesheet" href="${STYLESHEET_URL}"></head><body>` +
        renderToString(page) + `</body></html>`,
      200,
      { "Cache-Control": "no-store" },
    );
  });
}
