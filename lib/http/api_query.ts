/**
 * The query check of every `GET /api/*` (docs/api.md#limits-on-every-request):
 * a parameter the operation does not take, or one given twice, is 400
 * `bad_request` naming it, before the handler runs. A misspelt `?limt=5`
 * would otherwise be ignored and the client get a page of the default size
 * without a word. The query the operation documents (its `docs.GET.query`,
 * also what OpenAPI lists) is the one it accepts, so the two cannot drift;
 * an operation documenting none takes none.
 * @module
 */
import { z } from "zod";
import type { Hono, MiddlewareHandler } from "hono";
import { singleQuery, validateBody } from "./json_body.ts";
import type { AppEnv, RouteModule } from "./app_types.ts";
import type { FileRoute } from "./file_routes.ts";
import type { RouteDocs } from "../openapi/route_docs.ts";

/** The query of an operation that takes none. */
const NO_QUERY = z.strictObject({});

/** The query schema a route's GET documents, or {@link NO_QUERY}. */
export function getQuerySchema(mod: RouteModule): z.ZodObject {
  return (mod as { docs?: RouteDocs }).docs?.GET?.query ?? NO_QUERY;
}

/**
 * Refuses a query `schema` does not accept, with the words of a body's
 * schema error (unknown names as `unknown field` issues) or of
 * {@link singleQuery} for a name given twice.
 */
export function queryCheck(schema: z.ZodObject): MiddlewareHandler<AppEnv> {
  return function queryCheck(c, next) {
    validateBody(singleQuery(c), schema);
    return next();
  };
}

/**
 * Puts {@link queryCheck} before the GET (and so HEAD) handler of each of
 * `routes`. Call before registerFileRoutes, with the same `mountedAt`.
 */
export function registerQueryChecks(
  app: Hono<AppEnv>,
  routes: FileRoute[],
  mountedAt: string,
): void {
  for (const { mod, path } of routes) {
    if (!mod.handler?.GET) continue;
    app.get(
      path.slice(mountedAt.length) || "/",
      queryCheck(getQuerySchema(mod)),
    );
  }
}
