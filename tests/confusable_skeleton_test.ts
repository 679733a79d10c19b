/**
 * The UTS #39 skeleton behind the caption rules' look-alike matching
 * (docs/posting.md#caption-rules): Unicode's confusables.txt, as shipped by
 * the unhomoglyph package, looked up per code point between NFD steps.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import unhomoglyph from "unhomoglyph";
import prototypes from "unhomoglyph/data.json" with { type: "json" };
import { confusableSkeleton } from "../lib/posting/confusable_skeleton.ts";

Deno.test("the skeleton maps each character as the package's own function does", () => {
  const sources = Object.keys(prototypes);
  assert.ok(sources.length > 6000, `${sources.length} confusables`);
  for (const c of sources) {
    const nfd = c.normalize("NFD");
    assert.equal(
      confusableSkeleton(c),
      unhomoglyph(nfd).normalize("NFD"),
      `U+${c.codePointAt(0)!.toString(16)}`,
    );
  }
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (text) => {
      const nfd = text.normalize("NFD");
      assert.equal(confusableSkeleton(text), unhomoglyph(nfd).normalize("NFD"));
    }),
    { numRuns: 500 },
  );
});

Deno.test("look-alikes from other alphabets share the Latin word's skeleton", () => {
  const same: [string, string][] = [
    ["casino", "\u0441\u0430sin\u043e"], // Cyrillic с, а, о
    ["PORN", "\u03a1\u039fR\u039d"], // Greek Ρ, Ο, Ν
    ["viagra", "\u03bdi\u03b1gr\u03b1"], // Greek ν, α
    ["escort", "\u0435\u0455\u0441\u043ert"], // Cyrillic е, ѕ, с, о
  ];
  for (const [latin, lookalike] of same) {
    assert.equal(confusableSkeleton(lookalike), confusableSkeleton(latin));
  }
  // Different letters keep different skeletons.
  assert.notEqual(confusableSkeleton("казино"), confusableSkeleton("casino"));
  assert.notEqual(confusableSkeleton("a"), confusableSkeleton("o"));
});
