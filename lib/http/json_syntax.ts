/**
 * Where and why a request body is not JSON, for its 400
 * (docs/api.md#limits-on-every-request): a body typed by hand in a
 * workflow tool's JSON field fails on a quote, a comma or a comment, and
 * "not valid JSON" alone leaves its author to find which. The place comes
 * from momoa's parser (line and column, as an editor counts them); the
 * character found is repeated as every client text is (`echoed`), never
 * the body around it, which may hold a key or a secret.
 * @module
 */
import { parse } from "@humanwhocodes/momoa";
import { echoed } from "../errors.ts";

/** The place of a JSON text's first error, or null for none found. */
function errorAt(
  text: string,
): { line: number; column: number; offset: number } | null {
  try {
    parse(text);
  } catch (error) {
    const { line, column, offset } = error as {
      line?: number;
      column?: number;
      offset?: number;
    };
    if (
      typeof line === "number" && typeof column === "number" &&
      typeof offset === "number"
    ) return { line, column, offset };
  }
  return null;
}

/** Whether `text` is JSON. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The place JSON.parse names in its error ("at position 6"), or null. */
function parseErrorAt(
  text: string,
): { line: number; column: number; offset: number } | null {
  try {
    JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    if (position) {
      const offset = Number(position[1]);
      const lines = text.slice(0, offset).split("\n");
      return {
        line: lines.length,
        column: lines.at(-1)!.length + 1,
        offset,
      };
    }
  }
  return null;
}

/** What the character at the error most often means. */
function likelyMeaning(text: string, offset: number): string {
  const ch = text[offset];
  const before = text.slice(0, offset).trimEnd().at(-1);
  if (parses(text.slice(0, offset))) {
    return "; the JSON ended before it: send one JSON value";
  }
  if (ch.charCodeAt(0) < 0x20) {
    return "; a control character in a string is written escaped (\\n, \\t)";
  }
  if (ch === "'") return '; JSON quotes names and strings with " only';
  if ((ch === "}" || ch === "]") && before === ",") {
    return "; JSON allows no comma before a closing } or ]";
  }
  if (ch === "/" || ch === "#") return "; JSON has no comments";
  if (/[A-Za-z_]/.test(ch)) {
    return before === "{" || before === ","
      ? "; JSON quotes a field's name with \""
      : '; JSON\'s values are "strings", numbers, true, false, null, objects and arrays';
  }
  return "";
}

/**
 * Why `text` (which JSON.parse refused) is not JSON, as the end of a
 * sentence: ": at line 2, column 5, \"}\"; JSON allows no comma …".
 */
export function jsonSyntaxProblem(text: string): string {
  if (text.trim() === "") return ": the body is empty";
  // JSON.parse refuses what momoa takes (a raw control character in a
  // string): its own offset tells the place.
  const at = errorAt(text) ?? parseErrorAt(text);
  if (!at) return "";
  const where = `at line ${at.line}, column ${at.column}`;
  if (at.offset >= text.length) {
    return `: it ends ${where} before its JSON does (a missing } ] or ")`;
  }
  const ch = Array.from(text.slice(at.offset))[0];
  return `: ${where}, "${echoed(ch)}"${likelyMeaning(text, at.offset)}`;
}
