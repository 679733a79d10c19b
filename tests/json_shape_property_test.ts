/**
 * jsonShape reads depth and duplicate names from tokens alone (it tells a
 * name by the token before it), so it is checked here against the values
 * themselves, for any JSON: no duplicate where JSON.stringify wrote none,
 * the depth of the value, and a name written twice in any one object
 * found at its path (docs/api.md#limits-on-every-request).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { jsonShape } from "../lib/json_duplicate_keys.ts";

type Path = (string | number)[];

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

/** Every object with at least one name in `value`, with its path. */
function objectsIn(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const inner = Object.entries(value).flatMap(([key, v]) =>
    objectsIn(v, [...path, Array.isArray(value) ? Number(key) : key])
  );
  return !Array.isArray(value) && Object.keys(value).length > 0
    ? [path, ...inner]
    : inner;
}

/** JSON text of `value`, the object at `twice` giving its first name twice. */
function writeTwice(value: unknown, twice: Path, path: Path = []): string {
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${
      value.map((v, i) => writeTwice(v, twice, [...path, i])).join(",")
    }]`;
  }
  const members = Object.entries(value).map(([key, v]) =>
    `${JSON.stringify(key)}:${writeTwice(v, twice, [...path, key])}`
  );
  if (JSON.stringify(path) === JSON.stringify(twice)) members.push(members[0]);
  return `{${members.join(",")}}`;
}

Deno.test("jsonShape gives any JSON value's depth and no duplicate", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const shape = jsonShape(JSON.stringify(value));
      assert.equal(shape.duplicate, null);
      assert.equal(shape.depth, depthOf(value));
    }),
    { numRuns: 500 },
  );
});

Deno.test("jsonShape finds a name written twice in any object of any JSON value, at its path", () => {
  const withObject = fc.jsonValue().filter((v) => objectsIn(v).length > 0);
  fc.assert(
    fc.property(withObject, fc.nat(), (value, pick) => {
      const objects = objectsIn(value);
      const twice = objects[pick % objects.length];
      const text = writeTwice(value, twice);
      const first = Object.keys(
        twice.reduce<unknown>(
          (v, k) => (v as Record<string, unknown>)[k],
          value,
        ) as object,
      )[0];
      assert.equal(jsonShape(text).duplicate, [...twice, first].join("."));
    }),
    { numRuns: 500 },
  );
});
