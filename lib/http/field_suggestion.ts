/**
 * The field a client most likely meant by an unknown one: `titel` →
 * `title`, `scheduleAt` → `schedule_at` (docs/api.md#limits-on-every-request). An n8n
 * expression or an agent's guess is often one letter or one spelling style
 * off; naming the field saves a trip to the docs.
 *
 * The fields an object takes are read from the schema's JSON Schema (zod's
 * own `toJSONSchema`, made once per schema), so the suggestion follows every
 * schema without a list to keep. The distance is Levenshtein's, from
 * `fastest-levenshtein` (the most used npm implementation; a hand-written
 * one would be one more thing to test).
 * @module
 */
import { distance } from "fastest-levenshtein";
import { z } from "zod";

/** The part of a JSON Schema the walk reads. */
interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode | JsonSchemaNode[];
  prefixItems?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
}

const SCHEMAS = new WeakMap<z.ZodType, JsonSchemaNode | null>();

function jsonSchemaOf(schema: z.ZodType): JsonSchemaNode | null {
  if (SCHEMAS.has(schema)) return SCHEMAS.get(schema) ?? null;
  let js: JsonSchemaNode | null = null;
  try {
    js = z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
    }) as JsonSchemaNode;
  } catch {
    // Safe to ignore: a suggestion is a courtesy, and a schema zod cannot
    // describe only means none is offered (the field is still refused).
    js = null;
  }
  SCHEMAS.set(schema, js);
  return js;
}

/** The object schemas found at `path` below `node` (unions give several). */
function objectsAt(
  node: JsonSchemaNode,
  path: readonly PropertyKey[],
  root: JsonSchemaNode,
  depth = 0,
): JsonSchemaNode[] {
  if (depth > 32) return [];
  if (node.$ref?.startsWith("#/$defs/")) {
    const def = root.$defs?.[node.$ref.slice("#/$defs/".length)];
    return def ? objectsAt(def, path, root, depth + 1) : [];
  }
  const branches = [
    ...(node.anyOf ?? []),
    ...(node.oneOf ?? []),
    ...(node.allOf ?? []),
  ];
  const found = branches.flatMap((b) => objectsAt(b, path, root, depth + 1));
  if (path.length === 0) {
    return node.properties ? [node, ...found] : found;
  }
  const [key, ...rest] = path;
  if (typeof key === "number") {
    const item = node.prefixItems?.[key] ??
      (Array.isArray(node.items) ? node.items[key] : node.items);
    if (item) found.push(...objectsAt(item, rest, root, depth + 1));
  } else if (typeof key === "string" && node.properties?.[key]) {
    found.push(...objectsAt(node.properties[key], rest, root, depth + 1));
  }
  return found;
}

/** Lower case, letters and digits only: `scheduleAt` and `schedule-at` meet. */
const folded = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Names too short to tell a typo from another word, or too long to be one. */
const guessable = (name: string) => name.length >= 3 && name.length <= 64;

/** Edits a misspelling may hold: 1 in 3–4 characters, 2 beyond (`titel`, a swap). */
const editsAllowed = (name: string) => name.length <= 4 ? 1 : 2;

const edits = (a: string, b: string) =>
  distance(a.toLowerCase(), b.toLowerCase());

/**
 * Whether `given` reads as a misspelling of `known`: the same once case and
 * separators are dropped, or within {@link editsAllowed} edits.
 */
export function nearName(given: string, known: string): boolean {
  return guessable(given) &&
    (folded(given) === folded(known) ||
      edits(given, known) <= editsAllowed(given));
}

/**
 * What suggests, for the object at `objectPath`, the field an unknown one
 * most likely meant ({@link nearName}), or null: the object's fields read
 * once for all its unknown ones. Fields the client also sent (`given`) are
 * not offered: sending `title` and `titel` is an extra field, not a
 * misspelling. A name the same once case and separators are dropped wins;
 * otherwise the nearest, and a tie offers none.
 */
export function fieldSuggester(
  schema: z.ZodType,
  objectPath: readonly PropertyKey[],
  given: ReadonlySet<string>,
): (unknown: string) => string | null {
  const root = jsonSchemaOf(schema);
  const candidates = root
    ? [
      ...new Set(
        objectsAt(root, objectPath, root).flatMap((o) =>
          Object.keys(o.properties ?? {})
        ),
      ),
    ].filter((k) => !given.has(k))
    : [];
  return (unknown) => {
    if (!guessable(unknown) || candidates.length === 0) return null;
    const sameFolded = candidates.filter((k) => folded(k) === folded(unknown));
    if (sameFolded.length === 1) return sameFolded[0];
    let best: string | null = null;
    let bestEdits = Infinity;
    let tie = false;
    for (const k of candidates) {
      const d = edits(unknown, k);
      if (d < bestEdits) {
        best = k;
        bestEdits = d;
        tie = false;
      } else if (d === bestEdits) tie = true;
    }
    return best !== null && bestEdits <= editsAllowed(unknown) && !tie
      ? best
      : null;
  };
}
