/**
 * A route a 404's path most likely meant: the one API path (without
 * parameters) ending in the same last segment, so `/api/direct_post`
 * points at `/api/tiktok/direct_post` and `/api/tiktok/jobs` at
 * `/api/jobs` (docs/api.md#errors). Two or none: no guess.
 * @module
 */

/** The route path meant by `path`, or null. */
export function nearRoute(
  routePaths: readonly string[],
  path: string,
): string | null {
  const last = path.replace(/\/+$/, "").split("/").pop() ?? "";
  if (last === "" || last === "api") return null;
  const near = routePaths.filter((p) =>
    !p.includes(":") && p !== path && p.split("/").pop() === last
  );
  return near.length === 1 ? near[0] : null;
}
