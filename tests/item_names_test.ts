/**
 * The names a button repeated per item gives its item
 * (docs/dashboard.md#keyboard): short, whatever the caption.
 */
import assert from "node:assert/strict";
import { quotedCaption } from "../components/item_names.ts";

Deno.test("a caption names its button quoted, whole when short and cut to 40 characters with … when long", () => {
  assert.equal(quotedCaption("Harbour lights"), "“Harbour lights”");
  const long = "word ".repeat(440);
  const named = quotedCaption(long)!;
  assert.equal(named, `“${"word ".repeat(8).trimEnd()}…”`);
  assert.ok(named.length < 50);
});

Deno.test("a caption's new lines and runs of spaces read as one space; an empty caption names nothing", () => {
  assert.equal(quotedCaption("Two\n\nlines  here "), "“Two lines here”");
  assert.equal(quotedCaption(""), null);
  assert.equal(quotedCaption("   "), null);
  assert.equal(quotedCaption(null), null);
});

Deno.test("a long caption is never cut inside an emoji", () => {
  const named = quotedCaption(`${"a".repeat(39)}😀😀 more`)!;
  assert.equal(named, `“${"a".repeat(39)}😀…”`);
});
