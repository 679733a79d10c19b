/**
 * Finds a name given twice in one JSON object. `JSON.parse` keeps the last
 * value silently, so `{"privacy": "SELF_ONLY", …, "privacy":
 * "PUBLIC_TO_EVERYONE"}` (a workflow template whose field was added twice)
 * would post publicly; which one the client meant would be a guess, so
 * the body is refused instead (docs/api.md#limits-on-every-request), as a
 * query parameter given twice is. The names come from momoa, a maintained
 * JSON parser that keeps every member (ESLint's JSON support stands on
 * it), rather than a scanner of our own. momoa parses recursively, so a
 * body is first held to {@link MAX_JSON_DEPTH} levels (its tokenizer is
 * flat): deeper, the check could not run, and a field given twice beside
 * a deep value would pass unseen.
 * @module
 */
import { parse, tokenize } from "@humanwhocodes/momoa";
import type { ValueNode } from "@humanwhocodes/momoa";

/** How deep objects and arrays may nest in a JSON body. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep objects and arrays nest in `text`, counted on its tokens (the
 * grammar is JSON.parse's to check).
 * @throws {Error} (momoa's) on a character JSON has no token for
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const { type } of tokenize(text)) {
    if (type === "LBrace" || type === "LBracket") {
      deepest = Math.max(deepest, ++depth);
    } else if (type === "RBrace" || type === "RBracket") depth--;
  }
  return deepest;
}

/**
 * The dotted path (as `issues` give it: `photo_images.0.url`) of the first
 * name given twice in one object of `text`, or null; null too for a text
 * that is not JSON, which its parse refuses. Names compare after their
 * escapes are read (`"\u0061"` is `"a"`). `text` must nest at most
 * {@link MAX_JSON_DEPTH} deep.
 */
export function duplicateKeyPath(text: string): string | null {
  let body: ValueNode;
  try {
    body = parse(text, { mode: "json" }).body;
  } catch {
    // Not JSON: its parse refuses it with its own message. (Too deep for
    // momoa's recursion cannot happen: callers hold it to MAX_JSON_DEPTH.)
    return null;
  }
  // Breadth first, each entry linked to its parent: a path is built only
  // for the duplicate, so a deeply nested body costs no copies of paths.
  const seen: { node: ValueNode; parent: number; key: string | number }[] = [
    { node: body, parent: -1, key: "" },
  ];
  const pathOf = (at: number, name: string) => {
    const keys: (string | number)[] = [name];
    for (let i = at; i > 0; i = seen[i].parent) keys.unshift(seen[i].key);
    return keys.join(".");
  };
  for (let at = 0; at < seen.length; at++) {
    const node = seen[at].node;
    if (node.type === "Object") {
      const names = new Set<string>();
      for (const member of node.members) {
        const name = member.name.type === "String"
          ? member.name.value
          : member.name.name;
        if (names.has(name)) return pathOf(at, name);
        names.add(name);
        seen.push({ node: member.value, parent: at, key: name });
      }
    } else if (node.type === "Array") {
      node.elements.forEach((element, key) =>
        seen.push({ node: element.value, parent: at, key })
      );
    }
  }
  return null;
}
