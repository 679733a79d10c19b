/**
 * Finds a name given twice in one JSON object. `JSON.parse` keeps the last
 * value silently, so `{"privacy": "SELF_ONLY", …, "privacy":
 * "PUBLIC_TO_EVERYONE"}` (a workflow template whose field was added twice)
 * would post publicly; which one the client meant would be a guess, so
 * the body is refused instead (docs/api.md#limits-on-every-request), as a
 * query parameter given twice is.
 * @module
 */

/** One open object or array of the scan. */
interface Frame {
  /** The names seen so far (an object), or null (an array). */
  names: Set<string> | null;
  /** The name or index being read, for the path. */
  at: string | number;
  /** In an object: the next string is a name. */
  expectName: boolean;
}

/**
 * The dotted path (as `issues` give it: `photo_images.0.url`) of the first
 * name given twice in one object of `text`, or null; null too for a text
 * that is not JSON, which its parse refuses. Names compare after their
 * escapes are read (`"\u0061"` is `"a"`).
 */
export function duplicateKeyPath(text: string): string | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === "\\") i++;
      }
      if (i >= text.length) return null;
      const top = stack.at(-1);
      if (!top?.names || !top.expectName) continue;
      const name = jsonString(text.slice(start, i + 1));
      if (name === null) return null;
      top.at = name;
      top.expectName = false;
      if (top.names.has(name)) {
        return stack.map((f) => String(f.at)).join(".");
      }
      top.names.add(name);
    } else if (ch === "{") {
      stack.push({ names: new Set(), at: "", expectName: true });
    } else if (ch === "[") {
      stack.push({ names: null, at: 0, expectName: false });
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      const top = stack.at(-1);
      if (!top) continue;
      if (top.names) top.expectName = true;
      else top.at = (top.at as number) + 1;
    }
  }
  return null;
}

/** A JSON string literal's value, or null when it is not one. */
function jsonString(literal: string): string | null {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return null;
  }
}
