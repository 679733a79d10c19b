/**
 * Registers the routes of the generated manifest on a Hono app, the Fresh
 * way: one file per URL, `handler` methods and/or a default page component.
 * A path that exists answers other methods with 405 and an `Allow` header,
 * and so does HEAD on a route whose GET does work (`getOnly`).
 * @module
 */
import { methodNotAllowed } from "./error_handler.ts";
import { h } from "preact";
import type { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { renderPageWithin } from "./page_render.ts";
import { refuseWriteQuery } from "./form_query.ts";
import type {
  AppEnv,
  Handler,
  HttpMethod,
  Manifest,
  RouteModule,
} from "./app_types.ts";

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** `./routes/api/jobs/[id].ts` → `/api/jobs/:id`; null for `_app` and friends. */
export function routePathFromFile(specifier: string): string | null {
  const rel = specifier.replace(/^\.\/routes/, "").replace(/\.[jt]sx?$/, "");
  const parts = rel.split("/").filter(Boolean);
  if (parts.some((p) => p.startsWith("_"))) return null;
  if (parts.at(-1) === "index") parts.pop();
  const path = parts.map((p) =>
    p.replace(/^\[\.\.\.(\w+)\]$/, ":$1{.+}").replace(/^\[(\w+)\]$/, ":$1")
  ).join("/");
  return `/${path}`;
}

/** One routes/ file and the URL it answers. */
export interface FileRoute {
  file: string;
  mod: RouteModule;
  path: string;
}

/** The manifest's routes, static segments before dynamic ones (as Fresh). */
export function fileRoutes(manifest: Manifest): FileRoute[] {
  return Object.entries(manifest.routes)
    .map(([file, mod]) => ({ file, mod, path: routePathFromFile(file) }))
    .filter((r): r is FileRoute => r.path !== null)
    .sort((a, b) =>
      a.path.includes(":") === b.path.includes(":")
        ? 0
        : a.path.includes(":")
        ? 1
        : -1
    );
}

/** True when `path` is `prefix` itself or below it. */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Adds `routes` to `app`. `mountedAt` is the prefix the app is mounted
 * under with `route()`: it is cut from each path, since Hono adds it back.
 * `writesTakeNoQuery`: a write with a query is refused (form_query.ts), for
 * the dashboard's pages and forms.
 */
export function registerFileRoutes(
  app: Hono<AppEnv>,
  routes: FileRoute[],
  mountedAt = "",
  writesTakeNoQuery = false,
): void {
  for (const { mod, path: fullPath } of routes) {
    const path = fullPath.slice(mountedAt.length) || "/";
    const handlers: Partial<Record<HttpMethod, Handler>> = { ...mod.handler };
    const Page = mod.default;
    if (Page && !handlers.GET) handlers.GET = (c) => c.get("render")();
    const allowed = METHODS.filter((m) => handlers[m]);
    const allow = [
      ...allowed,
      ...(allowed.includes("GET") && !mod.getOnly ? ["HEAD"] : []),
    ].join(", ");
    for (const method of allowed) {
      const handler = handlers[method]!;
      app.on(method, path, (c) => {
        // Hono runs the GET for a HEAD: a GET with effects must not.
        if (mod.getOnly && c.req.method === "HEAD") {
          throw methodNotAllowed(
            allow,
            `Method not allowed here; use ${allow}.`,
          );
        }
        if (writesTakeNoQuery) refuseWriteQuery(c);
        if (Page) {
          c.set("render", (data, init) =>
            renderPageWithin(
              c,
              h(Page, {
                data,
                url: new URL(c.req.url),
                account: c.get("sessionAccount") ?? null,
                sandbox: c.get("deps").config.sandbox,
                serviceName: c.get("deps").config.site.serviceName,
              }),
              (init?.status ?? 200) as ContentfulStatusCode,
            ));
        }
        return handler(c);
      });
    }
    app.all(path, () => {
      throw methodNotAllowed(allow, `Method not allowed here; use ${allow}.`);
    });
  }
}
