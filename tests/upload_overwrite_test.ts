/**
 * What completion checked is what stays (docs/media.md#uploads): once an
 * upload is completed or refused, PUTs to its signed URL no longer reach
 * what is served (the local disk refuses them with 409 `upload_closed`; an
 * S3 presigned URL cannot be revoked, so its bytes land in the staging key
 * and are never served), the public URL keeps serving the checked bytes
 * with the checked ETag, and a post whose object changed anyway is refused
 * with 409 `media_changed` before TikTok hears of it. On the local disk,
 * on s3rver behind the AWS-checking gateway, and on Cloudflare's R2
 * emulator.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  fixture,
  putUpload,
  stagedUpload,
  uploadBytes,
} from "./_helpers/api_client.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { startR2Emulator } from "./_helpers/r2_emulator.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
  postsOf,
} from "./_helpers/posting_setup.ts";
import { rotate } from "./_helpers/mp4_rotation.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { StorageError } from "../lib/storage/object_storage.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

type Adapter = "local" | "s3" | "r2";

async function startBucket(adapter: Adapter) {
  if (adapter === "s3") return await startS3rver();
  if (adapter === "r2") return await startR2Emulator();
  return null;
}

/** The bytes and ETag served at a public URL. */
async function served(url: unknown) {
  const res = await fetch(String(url));
  assert.equal(res.status, 200, `GET ${url}`);
  return {
    bytes: new Uint8Array(await res.arrayBuffer()),
    etag: res.headers.get("etag"),
  };
}

function storageKeyOf(server: TestServer, url: unknown): string {
  return server.deps.storage.keyFromPublicUrl(String(url))!;
}

for (const adapter of ["local", "s3", "r2"] as const) {
  Deno.test(`a completed or refused upload's URL no longer changes what is served, and a changed object is never posted (${adapter})`, async (t) => {
    const bucket = await startBucket(adapter);
    const server = await startTestServer({ env: bucket?.env });
    try {
      const me = await posterFor(server, `overwrite_${adapter}`);
      const portrait = await fixture("portrait.mp4");
      // The same size, now displayed landscape: what a check at completion
      // would have refused for posting.
      const landscape = rotate(portrait, 90);

      await t.step("a second PUT after completion", async () => {
        const up = await uploadBytes(me, portrait, {
          filename: "v.mp4",
          contentType: "video/mp4",
        });
        assert.equal(up.status, 200, JSON.stringify(up.body));
        const again = await putUpload(up.started, landscape);
        if (adapter === "local") {
          await assertJsonError(again, 409, "upload_closed");
        } else {
          // A presigned URL cannot be revoked: the bucket takes the bytes
          // into the staging key, where nothing serves them.
          await again.body?.cancel();
        }
        const now = await served(up.body.url);
        assert.deepEqual(now.bytes, portrait, "the checked bytes are served");
        assert.equal(now.etag, up.body.etag, "with the checked ETag");
        const head = await server.deps.storage.head(
          storageKeyOf(server, up.body.url),
        );
        assert.deepEqual([head?.size, head?.etag], [
          portrait.length,
          up.body.etag,
        ]);
        const shown = await me.json("GET", `/api/uploads/${up.body.upload_id}`);
        assert.deepEqual(
          [shown.body.etag, shown.body.width, shown.body.height],
          [up.body.etag, 540, 960],
        );
        // The post goes through: the object is still the one checked.
        const posted = await directPost(me, {
          source_url: up.body.url,
          title: `still the checked video (${adapter})`,
        });
        assert.equal(posted.status, 200, await posted.text());
        assert.equal(await initsAtTikTok(server, me), 1);
      });

      await t.step("a PUT after a refused completion", async () => {
        const garbage = new Uint8Array(portrait.length).fill(7);
        const refused = await uploadBytes(me, garbage, {
          filename: "g.mp4",
          contentType: "video/mp4",
        });
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.error, "unsupported_file_type");
        const again = await putUpload(refused.started, portrait);
        if (adapter === "local") {
          await assertJsonError(again, 409, "upload_closed");
        } else {
          await again.body?.cancel();
        }
        const url = String(refused.started.url);
        assert.equal(
          await server.deps.storage.head(storageKeyOf(server, url)),
          null,
          "nothing under the public key",
        );
        const res = await fetch(url);
        assert.ok([403, 404].includes(res.status), `GET ${url}: ${res.status}`);
        await res.body?.cancel();
        const complete = await me.json(
          "POST",
          `/api/uploads/${refused.started.upload_id}/complete`,
        );
        assert.equal(complete.status, 404, "the refused upload stays gone");
      });

      await t.step(
        "an object changed under its key is not posted: TikTok gets no init",
        async () => {
          const other = await posterFor(server, `changed_${adapter}`);
          const up = await uploadBytes(other, portrait, {
            filename: "c.mp4",
            contentType: "video/mp4",
          });
          assert.equal(up.status, 200, JSON.stringify(up.body));
          // Replaced straight in the bucket (or on disk), past PM3K's API.
          await server.deps.storage.put(
            storageKeyOf(server, up.body.url),
            landscape,
            { contentType: "video/mp4" },
          );
          const res = await directPost(other, {
            source_url: up.body.url,
            title: `a swapped video (${adapter})`,
          });
          const body = await assertJsonError(res, 409, "media_changed");
          assert.match(String(body.message), /upload it again/);
          assert.equal(await initsAtTikTok(server, other), 0);
          assert.deepEqual(await postsOf(other), []);
        },
      );
    } finally {
      await server.close();
      await bucket?.close();
    }
  });
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`two completions of one upload at once: one completes it, the other answers it or conflict, and it is served as checked (${adapter})`, async () => {
    const bucket = await startBucket(adapter);
    const server = await startTestServer({ env: bucket?.env });
    try {
      const me = await posterFor(server, `twice_${adapter}`);
      const portrait = await fixture("portrait.mp4");
      for (let round = 0; round < 3; round++) {
        const started = await stagedUpload(me, portrait, "t.mp4");
        // One moves the staged bytes; the other never moves them at the
        // same time (a copy racing a delete could lose them).
        const path = `/api/uploads/${started.body.upload_id}/complete`;
        const answers = await Promise.all([
          me.json("POST", path),
          me.json("POST", path),
        ]);
        const done = answers.filter((a) => a.status === 200);
        assert.ok(done.length >= 1, JSON.stringify(answers));
        for (const a of answers) {
          if (a.status !== 200) {
            assert.deepEqual([a.status, a.body.error], [409, "conflict"]);
          } else assert.equal(a.body.etag, done[0].body.etag);
        }
        const again = await me.json("POST", path);
        assert.equal(again.status, 200, "a retry gets the completed upload");
        const now = await served(done[0].body.url);
        assert.deepEqual(now.bytes, portrait);
        assert.equal(now.etag, done[0].body.etag);
      }
    } finally {
      await server.close();
      await bucket?.close();
    }
  });
}

Deno.test("an upload held by a completion takes no PUT and no second completion, until that one ends or its lease lapses", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "held_upload");
    const portrait = await fixture("portrait.mp4");
    const started = await stagedUpload(me, portrait, "h.mp4");
    // A completion that died mid-way (a crash) left its hold.
    const key = keys.upload(String(started.body.upload_id));
    const entry = await getTyped(server.kv, key);
    await server.kv.set(key, {
      ...entry.value!,
      completingUntil: server.clock.now() + 60_000,
    });
    const path = `/api/uploads/${started.body.upload_id}/complete`;
    await assertJsonError(await me.call("POST", path), 409, "conflict");
    await assertJsonError(
      await putUpload(started.body, portrait),
      409,
      "upload_closed",
    );
    server.clock.advance(60_000);
    const done = await me.json("POST", path);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual((await served(done.body.url)).bytes, portrait);
    const record = (await getTyped(server.kv, key)).value!;
    assert.equal(record.completingUntil, undefined, "the hold is gone");
  } finally {
    await server.close();
  }
});

Deno.test("a completion that storage failed frees the upload: completing again at once goes through", async () => {
  const server = await startTestServer();
  const storage = server.deps.storage;
  try {
    const me = await posterFor(server, "retried_upload");
    const portrait = await fixture("portrait.mp4");
    const started = await stagedUpload(me, portrait, "r.mp4");
    let failures = 1;
    // The same storage, whose next move fails as a storage blip would.
    server.deps.storage = new Proxy(storage, {
      get(target, name) {
        if (name === "move" && failures-- > 0) {
          return () => Promise.reject(new StorageError("unavailable", "blip"));
        }
        const value = Reflect.get(target, name);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const path = `/api/uploads/${started.body.upload_id}/complete`;
    await assertJsonError(
      await me.call("POST", path),
      503,
      "storage_unavailable",
    );
    const done = await me.json("POST", path);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual((await served(done.body.url)).bytes, portrait);
  } finally {
    server.deps.storage = storage;
    await server.close();
  }
});

Deno.test("a PUT still arriving when a completion takes the upload answers upload_closed and leaves the staged bytes to that completion", async () => {
  // The next commit of an upload record (the completion's hold) is
  // followed, before the completion goes on, by `afterHold`.
  let afterHold: (() => Promise<void>) | null = null;
  const server = await startTestServer({
    wrapKv: (kv) =>
      hookWritesUnder(kv, ["uploads"], async (real) => {
        const answer = await real();
        const run = afterHold;
        afterHold = null;
        if (run) await run();
        return answer;
      }),
  });
  try {
    const me = await posterFor(server, "late_put");
    const portrait = await fixture("portrait.mp4");
    const started = await stagedUpload(me, portrait, "late.mp4");
    // A client retrying the PUT: its last bytes are still on the way.
    let rest!: ReadableStreamDefaultController<Uint8Array>;
    const retry = fetch(String(started.body.upload_url), {
      method: "PUT",
      headers: started.body.headers as Record<string, string>,
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          rest = controller;
          controller.enqueue(portrait.slice(0, 1000));
        },
      }),
    });
    const staging = `${server.deps.config.dataDir}/media/uploads-staging`;
    const writing = async () => {
      for await (const file of walk(staging)) {
        if (file.includes(".part-")) return true;
      }
      return false;
    };
    await waitUntil("the retried PUT being written", writing);
    afterHold = async () => {
      rest.enqueue(portrait.slice(1000));
      rest.close();
      await assertJsonError(await retry, 409, "upload_closed");
    };
    const done = await me.json(
      "POST",
      `/api/uploads/${started.body.upload_id}/complete`,
    );
    assert.equal(afterHold, null, "the retried PUT ended during the hold");
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual((await served(done.body.url)).bytes, portrait);
  } finally {
    await server.close();
  }
});

/** Every file under `dir`, recursively (none when it does not exist yet). */
async function* walk(dir: string): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else yield path;
  }
}

Deno.test("PUTs retried while their upload completes never make it answer storage_unavailable on a working disk", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "retried_puts", "annual");
    const portrait = await fixture("portrait.mp4");
    const answers: string[] = [];
    for (let round = 0; round < 25; round++) {
      const started = await me.json("POST", "/api/uploads", {
        filename: `r${round}.mp4`,
        content_type: "video/mp4",
        size: portrait.length,
      });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const put = () =>
        putUpload(started.body, portrait).then((r) => r.body?.cancel());
      await put();
      const [done] = await Promise.all([
        me.json("POST", `/api/uploads/${started.body.upload_id}/complete`),
        put(),
        put(),
        put(),
      ]);
      answers.push(`${done.status} ${done.body.error ?? ""}`.trim());
      if (done.status === 200) {
        assert.deepEqual((await served(done.body.url)).bytes, portrait);
      }
    }
    assert.deepEqual(answers, answers.map(() => "200"));
  } finally {
    await server.close();
  }
});
