/**
 * The local adapter's move() against a deletion landing inside it, on a
 * real folder (docs/media.md#local-disk-adapter): whatever the order, the
 * target is either a whole object (data and metadata) or nothing at all,
 * never metadata without data. The deletion is made to land at the exact
 * step by running it from Deno.rename when the move renames the data: the
 * adapter and the file system are the real ones, only the moment is chosen.
 */
import assert from "node:assert/strict";
import { localStorageIn } from "./_helpers/local_storage_in.ts";
import type { LocalStorage } from "../lib/storage/local_storage.ts";

const FROM = "staging/acct/clip.mp4";
const TO = "uploads/acct/day/clip.mp4";

/** Every file and folder under the storage's two roots, as paths. */
async function onDisk(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string) => {
    try {
      for await (const e of Deno.readDir(`${dir}/${path}`)) {
        found.push(`${path}/${e.name}${e.isDirectory ? "/" : ""}`);
        if (e.isDirectory) await walk(`${path}/${e.name}`);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  };
  await walk("media");
  await walk("media-meta");
  return found.sort();
}

/**
 * Runs `storage.move(FROM, TO)` with `meanwhile` run once, `when` the move
 * renames FROM's data onto TO's: just before that rename, or just after.
 */
async function moveWith(
  dir: string,
  storage: LocalStorage,
  when: "before" | "after",
  meanwhile: () => Promise<void>,
): Promise<boolean> {
  const rename = Deno.rename;
  let ran = false;
  Deno.rename = async (from, to) => {
    const dataMove = String(from) === `${dir}/media/${FROM}` &&
      String(to) === `${dir}/media/${TO}`;
    if (!dataMove || ran) return await rename(from, to);
    ran = true;
    if (when === "before") await meanwhile();
    await rename(from, to);
    if (when === "after") await meanwhile();
  };
  try {
    return await storage.move(FROM, TO);
  } finally {
    Deno.rename = rename;
    assert.ok(ran, "the move never renamed the data");
  }
}

/**
 * Runs `test` on a local adapter over a new folder holding one object at
 * FROM; the folder goes afterwards.
 */
async function withSource(
  test: (dir: string, storage: LocalStorage) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const storage = await localStorageIn(dir);
    await storage.put(FROM, new TextEncoder().encode("bytes"), {
      contentType: "video/mp4",
    });
    await test(dir, storage);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CASES: {
  name: string;
  when: "before" | "after";
  deletes: string;
  moved: boolean;
}[] = [
  {
    name: "the source deleted just before its data is renamed",
    when: "before",
    deletes: FROM,
    moved: false,
  },
  {
    name: "the target deleted just after the data is renamed",
    when: "after",
    deletes: TO,
    moved: true,
  },
];

for (const c of CASES) {
  Deno.test(`a move with ${c.name} leaves neither object nor metadata behind`, () =>
    withSource(async (dir, storage) => {
      const moved = await moveWith(
        dir,
        storage,
        c.when,
        () => storage.delete(c.deletes),
      );
      assert.equal(moved, c.moved);
      assert.equal(await storage.head(TO), null);
      assert.equal(await storage.head(FROM), null);
      // Not a file nor a folder of either key is left: no metadata without
      // its data (which head() above would call missing, but which would
      // stay on disk for ever), no folder made for a file that never came.
      assert.deepEqual(await onDisk(dir), []);
    }));
}

Deno.test("a move nothing interrupts leaves the object whole under the target only", () =>
  withSource(async (dir, storage) => {
    const before = await storage.head(FROM);
    assert.ok(await moveWith(dir, storage, "after", async () => {}));
    const after = await storage.head(TO);
    assert.deepEqual(after, before);
    assert.equal(await storage.head(FROM), null);
    assert.deepEqual(await onDisk(dir), [
      "media-meta/uploads/",
      "media-meta/uploads/acct/",
      "media-meta/uploads/acct/day/",
      `media-meta/${TO}.json`,
      "media/uploads/",
      "media/uploads/acct/",
      "media/uploads/acct/day/",
      `media/${TO}`,
    ]);
  }));

Deno.test("a move cut short between the data's rename and the metadata is ended by the move asked again", () =>
  withSource(async (dir, storage) => {
    const before = await storage.head(FROM);
    // The process "dies" right after the data's rename: every later rename
    // (the metadata's) fails, as one that never ran.
    const rename = Deno.rename;
    let renamed = false;
    Deno.rename = async (from, to) => {
      if (renamed) throw new Error("the process died here");
      await rename(from, to);
      renamed = String(to) === `${dir}/media/${TO}`;
    };
    try {
      await assert.rejects(storage.move(FROM, TO), /died here/);
    } finally {
      Deno.rename = rename;
    }
    assert.equal(await storage.head(TO), null);
    // A completion asked again moves again: the object ends whole at TO.
    assert.ok(await storage.move(FROM, TO));
    assert.deepEqual(await storage.head(TO), before);
    assert.equal(await storage.head(FROM), null);
    assert.ok((await onDisk(dir)).every((p) => !p.includes("staging")));
  }));
