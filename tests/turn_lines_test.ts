import assert from "node:assert/strict";
import { TurnLines } from "../lib/runtime/turn_lines.ts";

Deno.test("work in one line runs one at a time, in order, past a failure", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const lines = new TurnLines();
    const log: string[] = [];
    let running = 0;
    const step = (name: string, fail = false) => async () => {
      running++;
      log.push(`${name} start (${running} running)`);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      log.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const a = lines.run(kv, "k", step("a"));
    const b = lines.run(kv, "k", step("b", true));
    const c = lines.run(kv, "k", step("c"));
    assert.deepStrictEqual(await a, "a");
    await assert.rejects(b, /b failed/);
    assert.deepStrictEqual(await c, "c");
    assert.deepStrictEqual(log, [
      "a start (1 running)",
      "a end",
      "b start (1 running)",
      "b end",
      "c start (1 running)",
      "c end",
    ]);
  } finally {
    kv.close();
  }
});

Deno.test("work in different lines runs at once", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const lines = new TurnLines();
    let release!: () => void;
    const gate = new Promise<void>((r) => release = r);
    const first = lines.run(kv, "one", () => gate.then(() => "one"));
    // Would wait forever if "two" queued behind "one".
    const second = await lines.run(kv, "two", () => Promise.resolve("two"));
    assert.deepStrictEqual(second, "two");
    release();
    assert.deepStrictEqual(await first, "one");
  } finally {
    kv.close();
  }
});
