/**
 * Island props travel to the browser as JSON. Anything JSON would silently
 * mangle (functions, class instances, Dates, bigints, NaN) is refused here,
 * loudly, at render time.
 * @module
 */

/** Thrown when an island gets a prop that cannot cross to the browser. */
export class IslandPropsError extends Error {
  constructor(island: string, path: string, what: string) {
    super(
      `Cannot serialise props of island "${island}": ${path} is ${what}; pass plain JSON values (strings, numbers, booleans, null, arrays, plain objects)`,
    );
    this.name = "IslandPropsError";
  }
}

/** Throws {@link IslandPropsError} unless `value` round-trips through JSON. */
export function assertSerialisable(
  island: string,
  value: unknown,
  path = "props",
  seen = new Set<unknown>(),
): void {
  if (value === null) return;
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) {
        throw new IslandPropsError(island, path, `the number ${value}`);
      }
      return;
    case "undefined":
      // Undefined object members are dropped by JSON, which is harmless.
      if (path.endsWith("]")) {
        throw new IslandPropsError(island, path, "undefined inside an array");
      }
      return;
    case "object":
      break;
    default:
      throw new IslandPropsError(island, path, `a ${typeof value}`);
  }
  if (seen.has(value)) {
    throw new IslandPropsError(island, path, "a circular reference");
  }
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      assertSerialisable(island, item, `${path}[${i}]`, seen)
    );
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as object).constructor?.name ?? "unknown class";
      throw new IslandPropsError(island, path, `an instance of ${name}`);
    }
    for (const [k, v] of Object.entries(value)) {
      assertSerialisable(island, v, `${path}.${k}`, seen);
    }
  }
  seen.delete(value);
}

/** JSON for a `<script type="application/json">`, safe against `</script>`. */
export function escapeJsonForHtml(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
