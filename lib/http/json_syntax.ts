/**
 * Where and why a request body is not JSON, for its 400
 * (docs/api.md#limits-on-every-request): a body typed by hand in a
 * workflow tool's JSON field fails on a quote, a comma or a comment, and
 * "not valid JSON" alone leaves its author to find which; an n8n or Make
 * expression that came out empty, a caption's own quote or a Windows
 * path's backslash are named as such. The place comes
 * from momoa's parser (line and column, as an editor counts them); the
 * character found is repeated as every client text is (`echoed`), never
 * the body around it, which may hold a key or a secret.
 * @module
 */
import { parse, tokenize } from "@humanwhocodes/momoa";
import { echoed } from "../errors.ts";

/** Where a JSON text's first error is; `end` when the text ran out. */
type ErrorPlace = {
  line: number;
  column: number;
  offset: number;
  end: boolean;
};

/** The place of a JSON text's first error, or null for none found. */
function errorAt(text: string): ErrorPlace | null {
  try {
    parse(text);
  } catch (error) {
    const { line, column, offset, message } = error as {
      line?: number;
      column?: number;
      offset?: number;
      message?: string;
    };
    if (
      typeof line === "number" && typeof column === "number" &&
      typeof offset === "number"
    ) {
      // momoa places some ends of input at the value left open (`{` of
      // `{"title":`) or at a final line break, not after the last thing
      // written: that place is said instead.
      const end = offset >= text.length ||
        /^Unexpected end of input/.test(message ?? "");
      return end
        ? { ...placeOf(text, text.replace(/[ \t\r\n]+$/, "").length), end }
        : { line, column, offset, end };
    }
  }
  return null;
}

/** Line and column (as an editor counts them) of `offset` in `text`. */
function placeOf(
  text: string,
  offset: number,
): { line: number; column: number; offset: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines.at(-1)!.length + 1, offset };
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
function parseErrorAt(text: string): ErrorPlace | null {
  try {
    JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    if (position) {
      const offset = Number(position[1]);
      return { ...placeOf(text, offset), end: offset >= text.length };
    }
  }
  return null;
}

/** One of momoa's tokens: its type ("String", "Colon"…) and place. */
type Token = {
  type: string;
  loc: { start: { offset: number }; end: { offset: number } };
};

/**
 * The tokens of a text momoa read up to its end, or null when it ends
 * inside one: the text before an error inside a string.
 */
function tokensOf(text: string): Token[] | null {
  try {
    return tokenize(text) as Token[];
  } catch {
    return null;
  }
}

/**
 * The field name whose value is missing when `tokens` end at its colon
 * (`{"title":`), quoted as a client's text is, or null.
 */
function nameBeforeColon(text: string, tokens: Token[]): string | null {
  const [name, colon] = tokens.slice(-2);
  if (colon?.type !== "Colon" || name?.type !== "String") return null;
  return quotedName(text, name);
}

/** A name's string token, quoted as a client's text is. */
function quotedName(text: string, name: Token): string {
  const quoted = text.slice(name.loc.start.offset, name.loc.end.offset);
  let unquoted = quoted.slice(1, -1);
  try {
    unquoted = JSON.parse(quoted);
  } catch {
    // momoa takes a raw control character in a name, JSON.parse does
    // not: the name is echoed as written, its controls spelt out.
  }
  return `"${echoed(unquoted, 100)}"`;
}

/**
 * Whether `tokens` end with a field's name: a string that opens an
 * object or follows a comma inside one.
 */
function endsWithName(tokens: Token[]): boolean {
  if (tokens.at(-1)?.type !== "String") return false;
  const before = tokens.at(-2)?.type;
  if (before !== "Comma") return before === "LBrace";
  let depth = 0;
  for (let i = tokens.length - 3; i >= 0; i--) {
    const type = tokens[i].type;
    if (type === "RBrace" || type === "RBracket") depth++;
    else if (type === "LBrace" || type === "LBracket") {
      if (depth === 0) return type === "LBrace";
      depth--;
    }
  }
  return false;
}

/** Tokens a value ends with: after one, a value needs a comma first. */
const VALUE_END = new Set([
  "String",
  "Number",
  "Boolean",
  "Null",
  "RBrace",
  "RBracket",
]);

/** JSON's spelling of a word other languages write for a value. */
const FOREIGN_WORDS: Record<string, string> = {
  True: "; JSON writes true in lower case",
  TRUE: "; JSON writes true in lower case",
  False: "; JSON writes false in lower case",
  FALSE: "; JSON writes false in lower case",
  Null: "; JSON writes null in lower case",
  NULL: "; JSON writes null in lower case",
  None: "; JSON has no None: write null, or leave the field out",
  undefined: "; JSON has no undefined: write null, or leave the field out",
  nil: "; JSON has no nil: write null, or leave the field out",
};

/**
 * Whether the error at `offset` is in a `\u` escape of fewer than four hex
 * digits (`"\u12"`): a `\u` just before it, its backslash not itself
 * escaped.
 */
function shortUnicodeEscape(text: string, offset: number): boolean {
  const u = text.lastIndexOf("\\u", offset);
  if (u < 0 || offset - u > 5) return false;
  let slashes = 0;
  for (let i = u; i >= 0 && text[i] === "\\"; i--) slashes++;
  return slashes % 2 === 1 &&
    !/^[0-9a-fA-F]{4}$/.test(text.slice(u + 2, u + 6));
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
  if (shortUnicodeEscape(text, offset)) {
    return "; \\u takes four hex digits, as in \\u00e9 for é";
  }
  // Null when the error is inside a string (its text ends inside one).
  const tokens = tokensOf(text.slice(0, offset));
  if (ch === "\\") {
    return tokens
      ? '; JSON has no \\ outside a string: was the body escaped twice? Send it with plain "'
      : '; a \\ in a string starts an escape (\\n, \\"): write a \\ itself as \\\\, as in C:\\\\Users';
  }
  if (ch === "'") return '; JSON quotes names and strings with " only';
  if ((ch === "}" || ch === "]") && before === ",") {
    return "; JSON allows no comma before a closing } or ]";
  }
  if (ch === "/" || ch === "#") return "; JSON has no comments";
  const last = tokens?.at(-1);
  if (tokens && last?.type === "Colon" && /[,}\]]/.test(ch)) {
    // `{"title": }`: an n8n or Make expression that came out empty.
    const name = nameBeforeColon(text, tokens);
    return `; after ${
      name ? `${name}:` : "a :"
    } a value is missing (an expression that came out empty?)`;
  }
  // A letter right after the closing quote is more likely the rest of
  // the text than a value: `{"ti"tle": 1}` is a quote left in.
  const adjacent = last?.type === "String" && last.loc.end.offset === offset;
  if (
    tokens && endsWithName(tokens) && !(adjacent && /[\p{L}\p{N}_]/u.test(ch))
  ) {
    return `; a : is missing after the name ${quotedName(text, last!)}`;
  }
  // A value after a value: `["a" 1]`. A digit right after a closing
  // quote is rather the rest of the text (`"size 12"3"`), told below.
  const startsValue = /["{[]/.test(ch) ||
    !adjacent && /^(-?\d|true\b|false\b|null\b)/.test(text.slice(offset));
  if (last && VALUE_END.has(last.type) && startsValue) {
    return "; a comma is missing before it";
  }
  if (
    last && ch === "," &&
    (last.type === "Comma" || last.type === "LBracket" ||
      last.type === "LBrace")
  ) {
    // `[, 2]`: an expression that came out empty, in a list.
    return "; a value is missing before this comma (an expression that came out empty?)";
  }
  // `"say "hi" now"`: a caption's own quote ended its string early; or,
  // a space after it, `"a 12" screen"`: a word, then a " later on the line.
  const quoteLeftIn = adjacent ||
    last?.type === "String" && /[\p{L}\p{N}_]/u.test(ch) &&
      /^[^\n]*"/.test(text.slice(offset));
  if (quoteLeftIn && !/[,:\]}]/.test(ch)) {
    return '; the " before it ended the string: write a " inside a string as \\" (or build the body with a JSON function, such as n8n\'s JSON.stringify or Make\'s JSON > Create JSON)';
  }
  if (/[A-Za-z_]/.test(ch)) {
    if (before === "{" || before === ",") {
      return "; JSON quotes a field's name with \"";
    }
    const word = /^\w+/.exec(text.slice(offset))![0];
    return Object.hasOwn(FOREIGN_WORDS, word)
      ? FOREIGN_WORDS[word]
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
  if (at.end) {
    const tokens = tokensOf(text);
    const name = tokens && nameBeforeColon(text, tokens);
    const missing = name
      ? `after ${name}: a value is missing`
      : 'a missing } ] or "';
    return `: it ends ${where} before its JSON does (${missing})`;
  }
  const ch = Array.from(text.slice(at.offset))[0];
  return `: ${where}, "${echoed(ch)}"${likelyMeaning(text, at.offset)}`;
}
