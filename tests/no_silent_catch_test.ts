/**
 * No failure is swallowed without a word in the app's own code: every
 * empty `.catch(() => {})` or `catch {}` is either replaced by logging what
 * failed and for whom, or carries a comment saying why it is safe to
 * ignore. The scanner is proven on snippets first, so the real scan's
 * "none" means something.
 */
import assert from "node:assert/strict";
import { silentCatches, silentCatchesIn } from "./_helpers/silent_catch.ts";

const projectDir = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

const lines = (source: string) =>
  silentCatches("snippet.ts", source).map((f) => f.line);

Deno.test("the scanner flags empty catch handlers and empty catch blocks", () => {
  assert.deepEqual(
    lines(
      [
        "await enqueue(id).catch(() => {});",
        "p.catch((_error) => {});",
        "p.catch(async () => {});",
        "p.catch(() => undefined);",
        "p.catch((e: unknown) => {\n});",
        "try { work(); } catch {}",
        "try {",
        "  work();",
        "} catch (error) {",
        "}",
        'fetch("https://example.com/x").catch(() => {});',
      ].join("\n"),
    ),
    [1, 2, 3, 4, 5, 7, 10, 12],
  );
});

Deno.test("the scanner lets through a comment on the line or the line before, and handlers that do something", () => {
  assert.deepEqual(
    lines(
      [
        "p.catch(() => {}); // the reader already failed",
        "// Best effort: a later sweep removes the file.",
        "await Deno.remove(tmp).catch(() => {});",
        "try {",
        "  work();",
        "} catch {",
        "  // Not JSON: judged by the status below.",
        "}",
        "p.catch(logFailure(log, 'enqueueing', { post_id }));",
        "p.catch((error) => log(error));",
        "p.catch(() => null);",
        "try { work(); } catch (error) { report(error); }",
        "/* cancelling a stream that already failed */ r.cancel().catch(() => {});",
      ].join("\n"),
    ),
    [],
  );
});

Deno.test("the app's code swallows no failure without logging it or saying why it is safe", async () => {
  const found = await silentCatchesIn(
    projectDir,
    ["lib", "routes", "sandbox", "islands", "components", "tasks"],
    ["main.ts"],
  );
  assert.deepEqual(
    found.map((f) => `${f.file}:${f.line}: ${f.text}`),
    [],
  );
});
