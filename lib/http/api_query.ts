/**
 * The query check of every `/api/*` operation, whatever its method
 * (docs/api.md#limits-on-every-request):
 * a parameter the operation does not take, or one given twice, is 400
 * `bad_request` naming it, before the handler runs. A misspelt `?limt=5`
 * would otherwise be ignored and the client get a page of the default size
 * without a word, and a `?privacy=SELF_ONLY` on a POST whose body carries
 * the settings would be dropped while the post went out public. The query
 * the operation documents (its `docs[method].query`, also what OpenAPI
 * lists) is the one it accepts, so the two cannot drift; an operation
 * documenting none takes none.
 * @module
 */
import { z } from "zod";
import type { Hono, MiddlewareHandler } from "hono";
import { singleQuery, validateBody } from "./json_body.ts";
import type {
  AppContext,
  AppEnv,
  HttpMethod,
  RouteModule,
} from "./app_types.ts";
import type { FileRoute } from "./file_routes.ts";
import type { RouteDocs } from "./openapi/route_docs.ts";

/** The query of an operation that takes none (and of `/mcp`). */
export const NO_QUERY = z.strictObject({});

/** Every method a route file may handle. */
const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The query schema a route's `method` documents, or {@link NO_QUERY}. */
export function querySchema(
  mod: RouteModule,
  method: HttpMethod,
): z.ZodObject {
  return (mod as { docs?: RouteDocs }).docs?.[method]?.query ?? NO_QUERY;
}

/**
 * Refuses a query `schema` does not accept, with the words of a body's
 * schema error (unknown names as `unknown field` issues) or of
 * {@link singleQuery} for a name given twice.
 */
export function queryCheck(schema: z.ZodObject): MiddlewareHandler<AppEnv> {
  return function queryCheck(c, next) {
    c.set("checkedQuery", {
      schema,
      value: validateBody(singleQuery(c), schema),
    });
    return next();
  };
}

/**
 * The request's query by `schema`: the one {@link queryCheck} read with
 * that schema, so it is not parsed twice, else read now (a handler reached
 * without the check).
 * @throws {AppError} `bad_request` as queryCheck does
 */
export function checkedQuery<S extends z.ZodObject>(
  c: AppContext,
  schema: S,
): z.infer<S> {
  const checked = c.get("checkedQuery");
  return checked?.schema === schema
    ? checked.value as z.infer<S>
    : validateBody(singleQuery(c), schema);
}

/**
 * Puts {@link queryCheck} before every handler (GET, and so HEAD, POST,
 * PUT, PATCH, DELETE) of each of `routes`, with that method's documented
 * query. Call before registerFileRoutes, with the same `mountedAt`.
 */
export function registerQueryChecks(
  app: Hono<AppEnv>,
  routes: FileRoute[],
  mountedAt: string,
): void {
  for (const { mod, path } of routes) {
    const at = path.slice(mountedAt.length) || "/";
    for (const method of METHODS) {
      if (!mod.handler?.[method]) continue;
      app.on(method, at, queryCheck(querySchema(mod, method)));
    }
  }
}
