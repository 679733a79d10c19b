/**
 * Naming an object for its bytes' type (lib/media/typed_object.ts) leaves
 * an object already named and typed so untouched, whatever case or
 * parameters the store reports its Content-Type with: copying it onto
 * itself would change an S3 multipart object's ETag for nothing. And the
 * local disk's retype (a move onto the same key) of an object deleted
 * meanwhile answers false, leaving no metadata without data. On the real
 * local-disk adapter.
 */
import assert from "node:assert/strict";
import { localStorageIn } from "./_helpers/local_storage_in.ts";
import { nameForType } from "../lib/media/typed_object.ts";

Deno.test("an object whose store reports its type in another case or with parameters is not moved onto itself", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-typed-" });
  try {
    const real = await localStorageIn(dir);
    let moves = 0;
    const storage = new Proxy(real, {
      get(target, name) {
        if (name === "move") moves++;
        const value = Reflect.get(target, name);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const key = "uploads/u1/clip.webm";
    await real.put(key, new Uint8Array(64), {
      contentType: "video/webm",
    });
    const info = (await real.head(key))!;
    for (const reported of ["Video/WebM", "video/webm; charset=binary"]) {
      const object = { key, info: { ...info, contentType: reported } };
      const named = await nameForType({ storage }, object, {
        contentType: "video/webm",
        ext: "webm",
      });
      assert.equal(named, object, `reported as ${reported}`);
    }
    assert.equal(moves, 0, "never copied onto itself");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("retyping a local object deleted meanwhile answers false and leaves no metadata without data", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-retype-" });
  try {
    const storage = await localStorageIn(dir);
    const key = "uploads/u2/clip.webm";
    await storage.put(key, new Uint8Array(64), { contentType: "video/mp4" });
    // A delete lands between the move's head and its metadata write.
    const head = storage.head.bind(storage);
    storage.head = async (k: string) => {
      const info = await head(k);
      await storage.delete(k);
      return info;
    };
    const moved = await storage.move(key, key, { contentType: "video/webm" });
    assert.equal(moved, false, "the object went meanwhile");
    await assert.rejects(
      Deno.stat(`${dir}/media-meta/${key}.json`),
      Deno.errors.NotFound,
      "no metadata left for missing data",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
