/**
 * An image already in its album (docs/media.md#an-image-already-in-the-album):
 * an automation retrying a batch of album uploads sends the images that
 * went through once more; each is answered as the image already there
 * (`already_in_album: true`), nothing new is kept, and the album holds each
 * photo once, in order. Images with the same name and size but other
 * bytes are kept, and so is the same picture under another name.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import {
  apiClientFor,
  fixture,
  stagedUpload,
  uploadBytes,
} from "./_helpers/api_client.ts";
import { imageVariant } from "./_helpers/image_variant.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { StorageError } from "../lib/storage/object_storage.ts";

/** POSTs an image's bytes into the album in one request. */
async function postImage(
  server: TestServer,
  client: ApiClient,
  albumId: string,
  bytes: Uint8Array<ArrayBuffer>,
  filename: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(
    `${server.url}/api/uploads?filename=${filename}&album_id=${albumId}`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${client.key}`,
        "Content-Type": "image/jpeg",
      },
      body: bytes,
    },
  );
  return { status: res.status, body: await res.json() };
}

/** The objects stored under the album's folder and staging area. */
async function albumObjects(server: TestServer): Promise<string[]> {
  return (await storedObjects(server, ["uploads/", "uploads-staging/"])).sort();
}

async function newAlbum(client: ApiClient): Promise<string> {
  const album = await client.json("POST", "/api/albums");
  assert.equal(album.status, 200);
  return String(album.body.album_id);
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a retried batch of album uploads keeps each photo once, in order (${adapter})`, async () => {
    const server = await startServerOn(adapter);
    try {
      const client = await apiClientFor(
        server,
        `album_retry_${adapter}`,
        "monthly",
      );
      const albumId = await newAlbum(client);
      const [a, b, c] = await Promise.all(
        [1, 2, 3].map((n) => imageVariant("photo2.jpg", n)),
      );
      // The first run: a and b go through, c fails (not sent here).
      const firstA = await postImage(server, client, albumId, a, "a.jpg");
      const firstB = await postImage(server, client, albumId, b, "b.jpg");
      assert.equal(firstA.status, 200, JSON.stringify(firstA.body));
      assert.equal(firstA.body.already_in_album, false);
      assert.equal(firstB.body.already_in_album, false);
      const objectsBefore = await albumObjects(server);
      // The retry sends the whole batch again.
      const again = [];
      for (const [bytes, name] of [[a, "a.jpg"], [b, "b.jpg"], [c, "c.jpg"]]) {
        again.push(
          await postImage(
            server,
            client,
            albumId,
            bytes as Uint8Array<ArrayBuffer>,
            `${name}`,
          ),
        );
      }
      assert.deepEqual(again.map((r) => r.status), [200, 200, 200]);
      assert.deepEqual(
        again.map((r) => r.body.already_in_album),
        [true, true, false],
      );
      assert.equal(again[0].body.upload_id, firstA.body.upload_id);
      assert.equal(again[0].body.url, firstA.body.url);
      assert.equal(again[1].body.upload_id, firstB.body.upload_id);
      const view = await client.json("GET", `/api/albums/${albumId}`);
      assert.deepEqual(view.body.photo_images, [
        firstA.body.url,
        firstB.body.url,
        again[2].body.url,
      ]);
      assert.equal(view.body.pending_count, 0);
      // The repeats left no object and no record behind.
      const objectsAfter = await albumObjects(server);
      assert.equal(objectsAfter.length, objectsBefore.length + 1);
      const album = (await getTyped(server.kv, keys.album(albumId))).value!;
      assert.deepEqual(album.order, album.imageIds);
      assert.equal(album.order.length, 3);
    } finally {
      await server.close();
    }
  });
}

Deno.test("images of the same name and size with other bytes are all kept", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_same_size", "monthly");
    const albumId = await newAlbum(client);
    const original = await fixture("photo2.jpg");
    const variant = await imageVariant("photo2.jpg", 7);
    assert.equal(variant.length, original.length);
    const one = await postImage(server, client, albumId, original, "o.jpg");
    const two = await postImage(server, client, albumId, variant, "o.jpg");
    assert.equal(one.body.already_in_album, false);
    assert.equal(two.body.already_in_album, false);
    assert.notEqual(two.body.upload_id, one.body.upload_id);
    // The same picture under another name is the caller's choice.
    const three = await postImage(server, client, albumId, original, "r.jpg");
    assert.equal(three.body.already_in_album, false);
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(view.body.image_count, 3);
  } finally {
    await server.close();
  }
});

Deno.test("the same photo sent five times at once gets into the album once", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_same_race", "monthly");
    const albumId = await newAlbum(client);
    const photo = await fixture("photo2.jpg");
    const answers = await Promise.all(
      Array.from(
        { length: 5 },
        () => postImage(server, client, albumId, photo, "p.jpg"),
      ),
    );
    assert.deepEqual(answers.map((r) => r.status), Array(5).fill(200));
    assert.equal(
      answers.filter((r) => r.body.already_in_album === false).length,
      1,
    );
    assert.equal(new Set(answers.map((r) => r.body.url)).size, 1);
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(view.body.image_count, 1);
    assert.equal(view.body.pending_count, 0);
    const objects = await albumObjects(server);
    assert.equal(objects.length, 1, objects.join(", "));
  } finally {
    await server.close();
  }
});

Deno.test("a presigned upload completing with an album's photo answers that photo, and its own id is gone", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "album_presigned_dup", "monthly");
    const albumId = await newAlbum(client);
    const photo = await fixture("photo2.jpg");
    const options = {
      filename: "p.jpg",
      contentType: "image/jpeg",
      albumId,
    };
    const first = await uploadBytes(client, photo, options);
    const second = await uploadBytes(client, photo, options);
    assert.equal(first.body.already_in_album, false);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.already_in_album, true);
    assert.equal(second.body.upload_id, first.body.upload_id);
    const gone = await client.json(
      "GET",
      `/api/uploads/${second.started.upload_id}`,
    );
    assert.equal(gone.status, 404);
    // Completing it again finds nothing: it was discarded.
    const repeat = await client.json(
      "POST",
      `/api/uploads/${second.started.upload_id}/complete`,
    );
    assert.equal(repeat.status, 404);
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(view.body.image_count, 1);
  } finally {
    await server.close();
  }
});

Deno.test("storage failing while a repeat of an album's photo is read answers storage_unavailable, and completing again finds the photo there", async () => {
  const server = await startTestServer();
  const storage = server.deps.storage;
  try {
    const client = await apiClientFor(server, "album_compare_blip", "monthly");
    const albumId = await newAlbum(client);
    const photo = await fixture("photo2.jpg");
    const options = { filename: "p.jpg", contentType: "image/jpeg", albumId };
    const first = await uploadBytes(client, photo, options);
    assert.equal(first.status, 200);
    const started = await stagedUpload(
      client,
      photo,
      "p.jpg",
      "image/jpeg",
      albumId,
    );
    let failures = 1;
    // Whole-object reads (the repeat hashed at completion) fail once, as a
    // blip would.
    server.deps.storage = new Proxy(storage, {
      get(target, name) {
        if (name === "get") {
          return (key: string, range?: { start: number }) =>
            range === undefined && failures-- > 0
              ? Promise.reject(new StorageError("unavailable", "blip"))
              : target.get(key, range);
        }
        const value = Reflect.get(target, name);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const path = `/api/uploads/${started.body.upload_id}/complete`;
    const blip = await client.json("POST", path);
    assert.equal(blip.status, 503, JSON.stringify(blip.body));
    assert.equal(blip.body.error, "storage_unavailable");
    const again = await client.json("POST", path);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.already_in_album, true);
    assert.equal(again.body.upload_id, first.body.upload_id);
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(view.body.image_count, 1);
    assert.equal(view.body.pending_count, 0);
  } finally {
    server.deps.storage = storage;
    await server.close();
  }
});

/**
 * Storage whose whole-object read of `key` runs `meanwhile` once, after
 * the bytes were read and before the comparison gets them.
 */
function readingThen(
  server: TestServer,
  key: () => string,
  meanwhile: () => Promise<void>,
) {
  const storage = server.deps.storage;
  let pending = true;
  server.deps.storage = new Proxy(storage, {
    get(target, name) {
      if (name === "get") {
        return async (k: string, range?: { start: number }) => {
          const got = await target.get(k, range);
          if (!got || range !== undefined || k !== key() || !pending) {
            return got;
          }
          pending = false;
          const bytes = new Uint8Array(await new Response(got.body).bytes());
          await meanwhile();
          return { ...got, body: new Blob([bytes]).stream() };
        };
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return () => {
    server.deps.storage = storage;
  };
}

/**
 * Takes the digest off an image's record, as an image kept before digests
 * were (docs/media.md#content-digest) has none: the compare then reads
 * its object.
 */
async function asKeptBeforeDigests(server: TestServer, uploadId: unknown) {
  const entry = await getTyped(server.kv, keys.upload(String(uploadId)));
  const { sha256: _, ...before } = entry.value!;
  const done = await server.kv.atomic().check(entry).set(entry.key, before)
    .commit();
  assert.ok(done.ok);
  return before;
}

/**
 * An album of one photo posted in one request, kept before digests were
 * (so a repeat's compare reads it), and that photo's storage key.
 */
async function albumWithPhoto(server: TestServer, name: string) {
  const client = await apiClientFor(server, name, "monthly");
  const albumId = await newAlbum(client);
  const photo = await fixture("photo2.jpg");
  const first = await postImage(server, client, albumId, photo, "p.jpg");
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const firstKey = (await asKeptBeforeDigests(server, first.body.upload_id))
    .key;
  return { client, albumId, photo, first, firstKey };
}

Deno.test("an album's photo deleted while its repeat is compared: the repeat is kept, not answered as the photo gone", async () => {
  const server = await startTestServer();
  let restore = () => {};
  try {
    const { client, albumId, photo, first, firstKey } = await albumWithPhoto(
      server,
      "album_dup_deleted",
    );
    restore = readingThen(server, () => firstKey, async () => {
      const gone = await client.json(
        "DELETE",
        `/api/uploads/${first.body.upload_id}`,
      );
      assert.equal(gone.status, 200, JSON.stringify(gone.body));
    });
    const again = await postImage(server, client, albumId, photo, "p.jpg");
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.already_in_album, false);
    assert.notEqual(again.body.upload_id, first.body.upload_id);
    const view = await client.json("GET", `/api/albums/${albumId}`);
    assert.equal(view.body.image_count, 1);
    assert.deepEqual(view.body.photo_images, [again.body.url]);
  } finally {
    restore();
    await server.close();
  }
});

Deno.test("an album deleted while a repeat of its photo is compared: the repeat is refused as not_found", async () => {
  const server = await startTestServer();
  let restore = () => {};
  try {
    const { client, albumId, photo, firstKey } = await albumWithPhoto(
      server,
      "album_dup_album_gone",
    );
    restore = readingThen(server, () => firstKey, async () => {
      const gone = await client.json("DELETE", `/api/albums/${albumId}`);
      assert.equal(gone.status, 200, JSON.stringify(gone.body));
    });
    const again = await postImage(server, client, albumId, photo, "p.jpg");
    assert.equal(again.status, 404, JSON.stringify(again.body));
    assert.equal(again.body.error, "not_found");
    assert.deepEqual(await albumObjects(server), []);
  } finally {
    restore();
    await server.close();
  }
});

Deno.test("album images are compared by their kept digests; one kept before digests is read once, however many of its name and size follow", async () => {
  const server = await startTestServer();
  const storage = server.deps.storage;
  const reads: string[] = [];
  // Whole-object reads are the compare's (probes read a range).
  server.deps.storage = new Proxy(storage, {
    get(target, name) {
      if (name === "get") {
        return (key: string, range?: { start: number }) => {
          if (range === undefined) reads.push(key);
          return target.get(key, range);
        };
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  try {
    const client = await apiClientFor(server, "album_read_once", "monthly");
    const albumId = await newAlbum(client);
    const posted = [];
    for (let i = 0; i < 4; i++) {
      const bytes = i === 0
        ? await fixture("photo2.jpg")
        : await imageVariant("photo2.jpg", i);
      const before = reads.length;
      const r = await postImage(server, client, albumId, bytes, "same.jpg");
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.already_in_album, false);
      posted.push(reads.length - before);
      if (i === 0) await asKeptBeforeDigests(server, r.body.upload_id);
    }
    // Each arrives hashed as it streams in, so none is read whole for its
    // own digest; the first, kept before digests, is read by the second's
    // compare only: its digest is kept then, and the later ones read none.
    assert.deepEqual(posted, [0, 1, 0, 0]);
    // A repeat of the first is still found, from the kept digest.
    const before = reads.length;
    const again = await postImage(
      server,
      client,
      albumId,
      await fixture("photo2.jpg"),
      "same.jpg",
    );
    assert.equal(again.body.already_in_album, true);
    assert.equal(reads.length, before, "nothing read whole for the repeat");
  } finally {
    server.deps.storage = storage;
    await server.close();
  }
});
