/**
 * Finds a name given twice in one JSON object. `JSON.parse` keeps the last
 * value silently, so `{"privacy": "SELF_ONLY", …, "privacy":
 * "PUBLIC_TO_EVERYONE"}` (a workflow template whose field was added twice)
 * would post publicly; which one the client meant would be a guess, so
 * the body is refused instead (docs/api.md#limits-on-every-request), as a
 * query parameter given twice is. The tokens come from momoa, a maintained
 * JSON parser (ESLint's JSON support stands on it), rather than a scanner
 * of our own; its tokenizer is flat, so one pass over a body of any depth
 * gives both its depth and its names. Bodies are held to
 * {@link MAX_JSON_DEPTH} levels all the same: nothing the API takes nests
 * that deep, and a parser reading recursively past it could overflow.
 * @module
 */
import { tokenize } from "@humanwhocodes/momoa";

/** How deep objects and arrays may nest in a JSON body. */
export const MAX_JSON_DEPTH = 32;

/** What one pass over a JSON text's tokens shows. */
export interface JsonShape {
  /** How deep objects and arrays nest (0 for a bare value). */
  depth: number;
  /**
   * The dotted path (as `issues` give it: `photo_images.0.url`) of the
   * first name given twice in one object, or null. Names compare after
   * their escapes are read (`"\u0061"` is `"a"`).
   */
  duplicate: string | null;
}

/**
 * Reads `text`'s depth and first duplicate name in one pass over its
 * tokens. `text` must be JSON (JSON.parse accepted it): the tokens are not
 * checked against the grammar, which tells a name by the token before it.
 * @throws {Error} (momoa's) on a character JSON has no token for
 */
export function jsonShape(text: string): JsonShape {
  // Each object or array open around the current token: an object's names
  // so far and the one being read, an array's element index.
  const open: { names: Set<string> | null; key: string | number }[] = [];
  let depth = 0;
  let duplicate: string | null = null;
  let previous = "";
  for (const token of tokenize(text)) {
    const level = open.at(-1);
    switch (token.type) {
      case "LBrace":
      case "LBracket":
        open.push({
          names: token.type === "LBrace" ? new Set() : null,
          key: 0,
        });
        depth = Math.max(depth, open.length);
        break;
      case "RBrace":
      case "RBracket":
        open.pop();
        break;
      case "Comma":
        if (level && level.names === null) (level.key as number)++;
        break;
      case "String":
        // In an object, a string after `{` or `,` is a name.
        if (
          level?.names && duplicate === null &&
          (previous === "LBrace" || previous === "Comma")
        ) {
          const { start, end } = token.loc;
          const name: string = JSON.parse(text.slice(start.offset, end.offset));
          if (level.names.has(name)) {
            duplicate = [...open.slice(0, -1).map((o) => o.key), name]
              .join(".");
          }
          level.names.add(name);
          level.key = name;
        }
    }
    previous = token.type;
  }
  return { depth, duplicate };
}
