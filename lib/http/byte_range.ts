/**
 * Parses a single HTTP Range header (`bytes=a-b`, `bytes=a-`, `bytes=-n`).
 * @module
 */

/** The inclusive range asked for, null for none, "invalid" when unsatisfiable. */
export function parseByteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  // Range units are case-insensitive (RFC 9110 §14.1): `Bytes=` is one.
  const m = /^bytes=(\d*)-(\d*)$/i.exec(header.trim());
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
