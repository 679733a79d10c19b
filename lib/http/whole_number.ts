/**
 * A whole-number field of a JSON body (`photo_cover_index`, an upload's
 * `size`), refused in one PM3K sentence that names the field and what it
 * takes (docs/api.md#whole-numbers), as `limit` is: zod's own words
 * ("Invalid input: expected int, received number", "Too big: expected
 * int to be <=9007199254740991", "expected number, received Infinity" for
 * a JSON 1e309) name neither.
 * @module
 */
import { z } from "zod";

/**
 * A JSON number that is a whole number, from `min` to `max` when given.
 * `takes` ends the sentence "Give <field> as …", e.g. "a whole number
 * from 1"; a string ("2") is told it is one. Without a `max`, a whole
 * number past 2^53 passes (every number that large is whole): the field's
 * own range check says what is wrong with it, `cover_out_of_range` or
 * `file_too_large`, as for any number out of that range; with one (MCP's
 * `limit`), past it is this sentence. `null` and a field left out keep
 * zod's issue, which schema_issues.ts words for them. OpenAPI still reads
 * `integer`.
 */
export function wholeNumber(
  field: string,
  takes: string,
  min?: number,
  max?: number,
) {
  const error = (issue: { input?: unknown }) =>
    issue.input === null || issue.input === undefined
      ? undefined
      : `Give ${field} as ${takes}${
        typeof issue.input === "string"
          ? ", as a JSON number, not a string"
          : ""
      }.`;
  const whole = z.number({ error }).refine(Number.isInteger, { error })
    .refine((n) => (min === undefined || n >= min) && (max ?? n) >= n, {
      error,
    });
  return whole.meta({
    type: "integer",
    ...(min === undefined ? {} : { minimum: min }),
    ...(max === undefined ? {} : { maximum: max }),
  });
}
