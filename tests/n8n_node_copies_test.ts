/**
 * The n8n node (integrations/n8n-nodes-pm3k) is an npm package built and
 * published from its own folder, so it cannot import the server's modules
 * (docs/workflows.md#the-native-n8n-node). The few it needs are copies,
 * each opening with a line comment that says so; here each copy must be
 * its original, word for word, once that comment is taken off.
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url);

/** Node copy → the server module it copies. */
const COPIES: Record<string, string> = {
  "integrations/n8n-nodes-pm3k/nodes/Pm3k/public_post_id.ts":
    "lib/posting/public_post_id.ts",
};

/** The text of a copy without the line comments it opens with. */
function withoutCopyNote(text: string): string {
  const lines = text.split("\n");
  const first = lines.findIndex((line) => !line.startsWith("//"));
  return lines.slice(first).join("\n");
}

for (const [copy, original] of Object.entries(COPIES)) {
  Deno.test(`the n8n node's ${copy.split("/").pop()} is ${original}, word for word`, async () => {
    const copied = await Deno.readTextFile(new URL(copy, root));
    assert.match(copied, new RegExp(`^// [^\\n]*${original}`), copy);
    assert.equal(
      withoutCopyNote(copied),
      await Deno.readTextFile(new URL(original, root)),
      `${copy} differs from ${original}: change both`,
    );
  });
}

Deno.test("the copy check sees a changed word and ignores only the copy's note", () => {
  const original = "/** A doc. */\nexport const a = 1;\n";
  assert.equal(
    withoutCopyNote(`// A copy of x.ts.\n// Why.\n${original}`),
    original,
  );
  assert.notEqual(
    withoutCopyNote(`// A copy of x.ts.\n${original.replace("1", "2")}`),
    original,
  );
});
