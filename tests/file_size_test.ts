/**
 * File sizes in the dashboard read as people say them
 * (docs/dashboard.md#calendar-posts-and-media): bytes, KB or MB, never
 * "0.0 MB" for a small file.
 */
import assert from "node:assert/strict";
import { humanSize } from "../components/file_size.ts";

Deno.test("file sizes are shown in B, KB or MB as fits", () => {
  assert.equal(humanSize(0), "0 B");
  assert.equal(humanSize(999), "999 B");
  assert.equal(humanSize(1000), "1 KB");
  assert.equal(humanSize(40_906), "41 KB");
  assert.equal(humanSize(999_499), "999 KB");
  assert.equal(humanSize(999_500), "1.0 MB");
  assert.equal(humanSize(6_040_906), "6.0 MB");
  assert.equal(humanSize(123_400_000), "123 MB");
});

Deno.test("an unknown size is shown as nothing", () => {
  assert.equal(humanSize(null), "");
  assert.equal(humanSize(undefined), "");
  assert.equal(humanSize(Number.NaN), "");
});
