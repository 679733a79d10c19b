/**
 * lib/ulid_ids.ts states which text is an id once. Its capitals-only
 * pattern is written by hand (the ulid package exports none), so these
 * prove it says what the package's own isValid says.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { isValid, ulid } from "ulid";
import {
  isUlid,
  isWrittenUlid,
  WRITTEN_ULID_OR_EMPTY_PATTERN,
} from "../lib/ulid_ids.ts";

// Every character a capital 26-character text could hold, the four letters
// Crockford's base 32 leaves out (I, L, O, U) included.
const CAPITALS = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"];

Deno.test("an id as written is what the ulid package calls valid, in capitals; typed, in either case", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...CAPITALS), { minLength: 24, maxLength: 28 })
        .map((chars) => chars.join("")),
      (text) => {
        assert.equal(isWrittenUlid(text), isValid(text), text);
        assert.equal(isUlid(text.toLowerCase()), isValid(text), text);
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("an id as written takes no small letters; an id typed or linked does", () => {
  const id = ulid();
  assert.ok(isWrittenUlid(id));
  assert.ok(isUlid(id));
  assert.equal(isWrittenUlid(id.toLowerCase()), false);
  assert.ok(isUlid(id.toLowerCase()));
  for (const other of ["", "zzz", `${id}0`, id.slice(1), `I${id.slice(1)}`]) {
    assert.equal(isWrittenUlid(other), false, other);
    assert.equal(isUlid(other), false, other);
  }
});

Deno.test("an id typed with a letter that upper-cases into the alphabet is not an id", () => {
  const id = ulid();
  // "ſ" upper-cases to S, "ß" to SS: the ulid package's isValid takes
  // both, so ?again= would open the post whose id ends in S.
  for (const odd of ["ſ", "ß", "ﬅ"]) {
    const typed = id.slice(0, 26 - odd.length) + odd;
    assert.equal(isUlid(typed), false, typed);
    assert.equal(isWrittenUlid(typed), false, typed);
  }
});

Deno.test("a list's cursor is an id as written, or nothing", () => {
  const id = ulid();
  assert.ok(WRITTEN_ULID_OR_EMPTY_PATTERN.test(id));
  assert.ok(WRITTEN_ULID_OR_EMPTY_PATTERN.test(""));
  for (const forged of [id.toLowerCase(), "0".repeat(27), `${id}\n`]) {
    assert.equal(WRITTEN_ULID_OR_EMPTY_PATTERN.test(forged), false, forged);
  }
});
