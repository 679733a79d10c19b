/**
 * Parses an HTTP Range header (RFC 9110 §14.1.1): `bytes=a-b`, `bytes=a-`,
 * `bytes=-n`, one of them served (docs/media.md#local-disk-adapter).
 * @module
 */

/** Optional whitespace (RFC 9110 §5.6.3): spaces and tabs. */
const OWS = "[ \\t]*";

/**
 * The comma a range-set's items are separated by, with the whitespace the
 * list rule allows on either side of it.
 */
const LIST_COMMA = new RegExp(`${OWS},${OWS}`);

/** An int-range (`a-b`, `a-`) or a suffix-range (`-n`), nothing around it. */
const RANGE_SPEC = /^(\d*)-(\d*)$/;

/**
 * The items of a range-set (`1#range-spec`) as RFC 9110's list rule reads
 * them for a recipient (§5.6.1.2): `*( "," OWS ) element *( OWS "," [ OWS
 * element ] )`. Whitespace is taken only next to a comma, and empty items
 * (`bytes=0-9,`, `bytes=,0-9`) are none; `bytes= 0-9`, with whitespace
 * after `=` and no comma, and `bytes=0 - 9` are not the grammar's.
 */
function rangeSetItems(set: string): string[] {
  return set.split(LIST_COMMA).filter((item) => item !== "");
}

/** The inclusive range asked for, null for none, "invalid" when unsatisfiable. */
export function parseByteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  // A field value's own leading and trailing whitespace is not part of it
  // (RFC 9110 §5.5). Range units are case-insensitive (§14.1): `Bytes=`.
  const unit = /^bytes=/i.exec(header.trim());
  if (!unit) return null;
  const items = rangeSetItems(header.trim().slice(unit[0].length));
  // Several ranges are not served: the whole file (docs/media.md#local-disk-adapter).
  if (items.length !== 1) return null;
  const m = RANGE_SPEC.exec(items[0]);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "invalid";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "invalid";
  return { start, end };
}
