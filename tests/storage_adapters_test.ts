/**
 * Both storage adapters pass the same contract: put (bytes and streams,
 * known and unknown length), head, ranged get, delete, size caps that leave
 * nothing behind, and presigned PUTs a browser-like client can use.
 */
import assert from "node:assert/strict";
import { S3Storage } from "../lib/storage/s3_storage.ts";
import { LocalStorage } from "../lib/storage/local_storage.ts";
import {
  deriveUploadKey,
  verifyUpload,
} from "../lib/storage/local_upload_signature.ts";
import { StorageError } from "../lib/storage/object_storage.ts";
import { putStreamWithLength } from "../lib/storage/streamed_put.ts";
import type {
  ListOptions,
  ObjectStorage,
} from "../lib/storage/object_storage.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import type { S3rverHandle } from "./_helpers/s3rver_harness.ts";
import { startR2Emulator } from "./_helpers/r2_emulator.ts";

const text = (s: string) => new TextEncoder().encode(s);
const streamOf = (bytes: Uint8Array, chunk = 65536) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunk) {
        controller.enqueue(bytes.slice(i, i + chunk));
      }
      controller.close();
    },
  });

async function contract(
  t: Deno.TestContext,
  storage: ObjectStorage,
  putViaUrl: (
    url: string,
    headers: Record<string, string>,
    body: Uint8Array,
  ) => Promise<Response>,
) {
  await t.step("put bytes, head, ranged get, delete", async () => {
    const info = await storage.put("a/hello.txt", text("hello world"), {
      contentType: "text/plain",
    });
    assert.equal(info.size, 11);
    assert.match(info.etag, /^"[0-9a-f-]{8,}"$/);
    const head = await storage.head("a/hello.txt");
    assert.deepEqual({
      size: head?.size,
      etag: head?.etag,
      type: head?.contentType,
    }, { size: 11, etag: info.etag, type: "text/plain" });
    const part = await storage.get("a/hello.txt", { start: 6, end: 10 });
    assert.deepEqual(part?.range, { start: 6, end: 10 });
    assert.equal(await new Response(part!.body).text(), "world");
    const whole = await storage.get("a/hello.txt");
    assert.equal(await new Response(whole!.body).text(), "hello world");
    await storage.delete("a/hello.txt");
    assert.equal(await storage.head("a/hello.txt"), null);
    assert.equal(await storage.get("a/hello.txt"), null);
    await storage.delete("a/hello.txt"); // deleting twice is fine
  });
  await t.step("a stream of unknown length (multipart on S3)", async () => {
    const bytes = new Uint8Array(9 * 1024 * 1024 + 123).map((_, i) => i % 251);
    const info = await storage.put("big/file.bin", streamOf(bytes), {
      contentType: "application/octet-stream",
    });
    assert.equal(info.size, bytes.length);
    const tail = await storage.get("big/file.bin", { start: bytes.length - 3 });
    assert.deepEqual([
      ...new Uint8Array(await new Response(tail!.body).arrayBuffer()),
    ], [...bytes.slice(-3)]);
    await storage.delete("big/file.bin");
  });
  await t.step("a stream of known length", async () => {
    const bytes = new Uint8Array(300_000).fill(3);
    const info = await storage.put("known.bin", streamOf(bytes), {
      contentType: "video/mp4",
      contentLength: bytes.length,
    });
    assert.equal(info.size, bytes.length);
    assert.equal((await storage.head("known.bin"))?.contentType, "video/mp4");
    await storage.delete("known.bin");
  });
  await t.step(
    "a stream shorter than its declared length: refused, nothing left",
    async () => {
      await assert.rejects(
        storage.put("short.bin", streamOf(new Uint8Array(1000).fill(7)), {
          contentType: "video/mp4",
          contentLength: 5000,
        }),
        StorageError,
      );
      assert.equal(await storage.head("short.bin"), null);
    },
  );
  await t.step(
    "a stream longer than its declared length: refused, nothing left",
    async () => {
      await assert.rejects(
        storage.put("long.bin", streamOf(new Uint8Array(6000).fill(7)), {
          contentType: "video/mp4",
          contentLength: 5000,
        }),
        (e: unknown) =>
          e instanceof StorageError && e.failure === "unavailable",
      );
      assert.equal(await storage.head("long.bin"), null);
    },
  );
  await t.step(
    "over the size cap mid-stream: aborted, nothing left",
    async () => {
      const bytes = new Uint8Array(10 * 1024 * 1024).fill(1);
      await assert.rejects(
        storage.put("capped.bin", streamOf(bytes), {
          contentType: "application/octet-stream",
          maxBytes: 1024 * 1024,
        }),
        (e: unknown) => e instanceof StorageError && e.failure === "too_large",
      );
      assert.equal(await storage.head("capped.bin"), null);
    },
  );
  await t.step(
    "move: the bytes reach the new key inside the storage, the old key is gone",
    async () => {
      await storage.put("staging/m/clip.mp4", text("moved bytes"), {
        contentType: "video/mp4",
      });
      assert.equal(
        await storage.move("staging/m/clip.mp4", "final/m/clip.mp4"),
        true,
      );
      assert.equal(await storage.head("staging/m/clip.mp4"), null);
      const head = await storage.head("final/m/clip.mp4");
      assert.deepEqual([head?.size, head?.contentType], [11, "video/mp4"]);
      const got = await storage.get("final/m/clip.mp4");
      assert.equal(await new Response(got!.body).text(), "moved bytes");
      // Moving again finds nothing to move and leaves the target alone.
      assert.equal(
        await storage.move("staging/m/clip.mp4", "final/m/clip.mp4"),
        false,
      );
      assert.equal((await storage.head("final/m/clip.mp4"))?.size, 11);
      await storage.delete("final/m/clip.mp4");
    },
  );
  await t.step(
    "move with a Content-Type: the object is stored with it, onto its own key only the type changes",
    async () => {
      await storage.put("staging/t/clip.mov", text("webm bytes"), {
        contentType: "video/quicktime",
      });
      assert.equal(
        await storage.move("staging/t/clip.mov", "final/t/clip.webm", {
          contentType: "video/webm",
        }),
        true,
      );
      assert.equal(await storage.head("staging/t/clip.mov"), null);
      const moved = await storage.head("final/t/clip.webm");
      assert.deepEqual([moved?.size, moved?.contentType], [10, "video/webm"]);
      const got = await storage.get("final/t/clip.webm");
      assert.equal(got?.info.contentType, "video/webm");
      assert.equal(await new Response(got!.body).text(), "webm bytes");
      assert.equal(
        await storage.move("final/t/clip.webm", "final/t/clip.webm", {
          contentType: "video/mp4",
        }),
        true,
      );
      const retyped = await storage.head("final/t/clip.webm");
      assert.deepEqual([retyped?.size, retyped?.contentType], [
        10,
        "video/mp4",
      ]);
      const kept = await storage.get("final/t/clip.webm");
      assert.equal(await new Response(kept!.body).text(), "webm bytes");
      await storage.delete("final/t/clip.webm");
    },
  );
  await t.step(
    "list: keys under a prefix in key order, page by page, after a cursor",
    async () => {
      const names = ["l/a/1.bin", "l/a/2.bin", "l/a.b", "l/b/c/3.bin", "l/z"];
      for (const [i, name] of [...names].reverse().entries()) {
        await storage.put(name, new Uint8Array(i + 1), {
          contentType: "application/octet-stream",
        });
      }
      await storage.put("other/x.bin", text("x"), {
        contentType: "application/octet-stream",
      });
      const listed = async (options?: ListOptions) => {
        const out = [];
        for await (const o of storage.list("l/", options)) out.push(o);
        return out;
      };
      const all = await listed({ pageSize: 2 });
      // Byte order: "l/a.b" sorts before "l/a/..." ("." < "/").
      assert.deepEqual(all.map((o) => o.key), [
        "l/a.b",
        "l/a/1.bin",
        "l/a/2.bin",
        "l/b/c/3.bin",
        "l/z",
      ]);
      assert.deepEqual(all.map((o) => o.size), [3, 5, 4, 2, 1]);
      for (const o of all) {
        assert.ok(
          Math.abs(o.lastModified - Date.now()) < 60_000,
          `${o.key} last modified ${o.lastModified}`,
        );
      }
      assert.deepEqual(
        (await listed({ startAfter: "l/a/1.bin", pageSize: 2 })).map((o) =>
          o.key
        ),
        ["l/a/2.bin", "l/b/c/3.bin", "l/z"],
      );
      assert.deepEqual(
        (await listed({ startAfter: "l/a/9" })).map((o) => o.key),
        ["l/b/c/3.bin", "l/z"],
      );
      assert.deepEqual(await listed({ startAfter: "l/z" }), []);
      for (const name of [...names, "other/x.bin"]) {
        await storage.delete(name);
      }
      assert.deepEqual(await listed(), []);
    },
  );
  await t.step("a presigned PUT from a browser-like client", async () => {
    const signed = await storage.presignPut("up/clip.mp4", {
      contentType: "video/mp4",
      maxBytes: 5,
      expiresInSeconds: 600,
      now: Date.now(),
    });
    assert.equal(signed.method, "PUT");
    assert.deepEqual(signed.headers, { "Content-Type": "video/mp4" });
    const res = await putViaUrl(signed.url, signed.headers, text("12345"));
    assert.equal(res.status, 200, await res.clone().text());
    await res.body?.cancel();
    assert.equal((await storage.head("up/clip.mp4"))?.size, 5);
    assert.equal(
      storage.keyFromPublicUrl(storage.publicUrl("up/clip.mp4")),
      "up/clip.mp4",
    );
    assert.equal(
      storage.keyFromPublicUrl("https://elsewhere.example/up/clip.mp4"),
      null,
    );
    const base = new URL(storage.publicUrl("up/clip.mp4"));
    assert.equal(
      storage.keyFromPublicUrl(
        `${base.protocol}//${base.host.toUpperCase()}${
          base.pathname.replace("/up/", "/./up/")
        }?x=1#y`,
      ),
      "up/clip.mp4",
      "another spelling of the same URL",
    );
    assert.equal(
      storage.keyFromPublicUrl(`${base.origin}/not-the-base/up/clip.mp4`),
      null,
    );
    await storage.delete("up/clip.mp4");
  });
}

type Style = "path-style" | "virtual-hosted";

/** The S3 adapter on s3rver's bucket, behind the AWS-checking gateway. */
function s3rverStorage(s3: S3rverHandle, style: Style): S3Storage {
  const virtual = style === "virtual-hosted";
  return new S3Storage(
    virtual
      ? {
        ...s3.storageOptions,
        endpoint: s3.virtualHostedEndpoint,
        forcePathStyle: false,
        ...s3.loopback,
      }
      : s3.storageOptions,
  );
}

/** A presigned PUT as a browser sends it: the whole file, its length known. */
function browserLikePut(fetchImpl: typeof fetch = fetch) {
  return (url: string, headers: Record<string, string>, body: Uint8Array) =>
    fetchImpl(url, {
      method: "PUT",
      headers,
      body: body as Uint8Array<ArrayBuffer>,
    });
}

/** What only the S3 adapter does: parts of a known length, expiry. */
async function s3Steps(
  t: Deno.TestContext,
  storage: S3Storage,
  fetchImpl: typeof fetch,
) {
  await t.step("a stream of several parts, of known length", async () => {
    const bytes = new Uint8Array(17 * 1024 * 1024 + 5).map((_, i) => i % 253);
    const info = await storage.put("parts.bin", streamOf(bytes, 100_000), {
      contentType: "video/mp4",
      contentLength: bytes.length,
    });
    assert.equal(info.size, bytes.length);
    const got = await storage.get("parts.bin");
    const copy = new Uint8Array(await new Response(got!.body).arrayBuffer());
    assert.equal(copy.length, bytes.length);
    assert.ok(copy.every((b, i) => b === bytes[i]), "same bytes back");
    await storage.delete("parts.bin");
  });
  await t.step("a presigned URL stops working after it expires", async () => {
    const signed = await storage.presignPut("late.txt", {
      contentType: "text/plain",
      maxBytes: 2,
      expiresInSeconds: 1,
      now: Date.now() - 10_000,
    });
    const res = await fetchImpl(signed.url, {
      method: "PUT",
      headers: signed.headers,
      body: "hi",
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /Request has expired/);
    assert.equal(await storage.head("late.txt"), null);
  });
}

for (const style of ["path-style", "virtual-hosted"] as const) {
  Deno.test(`the S3 adapter against a real S3 API checked as AWS checks it (s3rver, ${style})`, async (t) => {
    const s3 = await startS3rver();
    try {
      const storage = s3rverStorage(s3, style);
      const virtual = style === "virtual-hosted";
      const fetchImpl = virtual ? s3.loopback.fetch : fetch;
      await contract(t, storage, browserLikePut(fetchImpl));
      await s3Steps(t, storage, fetchImpl);
      // The expired PUT above is the one request refused on purpose.
      assert.deepEqual(s3.refused.splice(0).map((r) => r.split(" ")[0]), [
        "AccessDenied",
      ]);
      await t.step("object URLs take the endpoint's style", () => {
        assert.equal(
          storage.objectUrl("uploads/x.mp4").href,
          virtual
            ? `http://${s3.bucket}.s3.localhost:${
              new URL(s3.endpoint).port
            }/uploads/x.mp4`
            : `${s3.endpoint}/${s3.bucket}/uploads/x.mp4`,
        );
      });
      // Every other request was signed as AWS checks it and framed as AWS
      // takes it.
      assert.deepEqual(s3.refused, []);
      assert.ok(s3.verified() > 0, "signatures were checked");
    } finally {
      await s3.close();
    }
  });
}

Deno.test("the S3 adapter against Cloudflare's R2 emulator (miniflare's local R2 S3 API)", async (t) => {
  const r2 = await startR2Emulator();
  try {
    const storage = new S3Storage(r2.storageOptions);
    await contract(t, storage, browserLikePut());
    await s3Steps(t, storage, fetch);
    await t.step("object URLs keep the endpoint's path", () => {
      assert.equal(
        storage.objectUrl("uploads/x.mp4").href,
        `${r2.endpoint}/${r2.bucket}/uploads/x.mp4`,
      );
    });
    await t.step("a wrong secret is refused as R2 refuses it", async () => {
      const wrong = new S3Storage({
        ...r2.storageOptions,
        secretAccessKey: "wrong",
      });
      await assert.rejects(
        wrong.put("nope.txt", text("x"), { contentType: "text/plain" }),
        (e: unknown) =>
          e instanceof StorageError && /SignatureDoesNotMatch/.test(e.message),
      );
    });
    assert.deepEqual(await r2.keys(), [], "nothing left in the bucket");
  } finally {
    await r2.close();
  }
});

Deno.test("virtual-hosted object URLs on AWS put the bucket in the host name", () => {
  const vh = new S3Storage({
    endpoint: "https://s3.eu-west-1.amazonaws.com",
    region: "eu-west-1",
    bucket: "b",
    accessKeyId: "k",
    secretAccessKey: "s",
    forcePathStyle: false,
    filesBaseUrl: "https://files.example",
  });
  assert.equal(
    vh.objectUrl("uploads/a b.mp4").href,
    "https://b.s3.eu-west-1.amazonaws.com/uploads/a%20b.mp4",
  );
});

Deno.test("a streamed PUT answered early releases its stalled source at once", async () => {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () =>
      new Response("<Error><Code>AccessDenied</Code></Error>", { status: 403 }),
  );
  let cancelled = false;
  // One chunk, then nothing: a source that stalls mid-body.
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(1024));
    },
    cancel() {
      cancelled = true;
    },
  });
  try {
    const answer = await putStreamWithLength(
      new URL(`http://127.0.0.1:${(server.addr as Deno.NetAddr).port}/b/k`),
      new Headers(),
      source,
      1_000_000,
    );
    assert.equal(answer.status, 403);
    assert.match(answer.text, /AccessDenied/);
    assert.equal(cancelled, true, "the source was cancelled");
  } finally {
    await server.shutdown();
  }
});

Deno.test("a streamed PUT cut by its source is sent once, even after an earlier PUT on the same host", async () => {
  const seen: string[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      seen.push(new URL(req.url).pathname);
      // A body that never comes is given up on, so the server can stop.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        req.arrayBuffer().catch(() => {}),
        new Promise((resolve) => timer = setTimeout(resolve, 500)),
      ]);
      clearTimeout(timer);
      return new Response("");
    },
  );
  const origin = `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}`;
  try {
    const first = await putStreamWithLength(
      new URL(`${origin}/first`),
      new Headers(),
      streamOf(text("0123456789")),
      10,
    );
    assert.equal(first.status, 200);
    // 100 bytes of the 1000 announced, then the source fails.
    const cut = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(100));
        setTimeout(() => controller.error(new Error("source cut")), 50);
      },
    });
    await assert.rejects(
      putStreamWithLength(new URL(`${origin}/cut`), new Headers(), cut, 1000),
      /source cut/,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(seen, ["/first", "/cut"]);
  } finally {
    // A copy sent again keeps its connection open: do not wait forever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      server.shutdown(),
      new Promise((resolve) => timer = setTimeout(resolve, 2000)),
    ]);
    clearTimeout(timer);
  }
});

Deno.test("the local-disk adapter", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-local-" });
  const uploadKey = await deriveUploadKey(
    "local-secret-local-secret-local-secret",
  );
  try {
    const storage = new LocalStorage({
      dataDir: dir,
      filesBaseUrl: "http://127.0.0.1:1/files",
      uploadBaseUrl: "http://127.0.0.1:1/files",
      uploadKey,
    });
    // The app's PUT route verifies the signature; here the grant is checked the same way.
    await contract(t, storage, async (url, headers, body) => {
      const u = new URL(url);
      const key = u.pathname.replace(/^\/files\//, "");
      const ok = await verifyUpload(
        uploadKey,
        {
          key,
          contentType: headers["Content-Type"],
          maxBytes: Number(u.searchParams.get("max")),
          expiresAt: Number(u.searchParams.get("expires")),
        },
        u.searchParams.get("signature")!,
        Date.now(),
      );
      if (!ok) return new Response("bad signature", { status: 403 });
      await storage.put(key, body, {
        contentType: headers["Content-Type"],
        maxBytes: Number(u.searchParams.get("max")),
      });
      return new Response("", { status: 200 });
    });
    await t.step("keys cannot escape the media folder", async () => {
      await assert.rejects(
        storage.put("../outside.txt", text("x"), { contentType: "text/plain" }),
      );
      assert.equal(await storage.head("a/../../etc/passwd"), null);
    });
    await t.step(
      "a deleted or moved file leaves no empty folder, and a write beside the deletion still lands",
      async () => {
        // The folders under this step's two top folders, as paths.
        const folders = async () => {
          const found: string[] = [];
          const walk = async (path: string) => {
            try {
              for await (const e of Deno.readDir(`${dir}/${path}`)) {
                if (!e.isDirectory) continue;
                found.push(`${path}/${e.name}`);
                await walk(`${path}/${e.name}`);
              }
            } catch (error) {
              if (!(error instanceof Deno.errors.NotFound)) throw error;
            }
          };
          for (const root of ["media", "media-meta"]) {
            for (const top of ["prs", "pru"]) {
              try {
                await Deno.stat(`${dir}/${root}/${top}`);
                found.push(`${root}/${top}`);
              } catch { /* pruned */ }
              await walk(`${root}/${top}`);
            }
          }
          return found.sort();
        };
        const opts = { contentType: "video/mp4" };
        await storage.put("prs/acct/day/a.mp4", text("a"), opts);
        assert.ok(await storage.move("prs/acct/day/a.mp4", "pru/acct/a.mp4"));
        await storage.put("pru/acct/b.mp4", text("b"), opts);
        await storage.delete("pru/acct/a.mp4");
        assert.deepEqual(await folders(), [
          "media-meta/pru",
          "media-meta/pru/acct",
          "media/pru",
          "media/pru/acct",
        ]);
        // The other file's deletion prunes the metadata folder while this
        // write's data is still coming (its folder then holds only the
        // `.part-` file): the write makes it again.
        let deleted = false;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (!deleted) {
              deleted = true;
              await storage.delete("pru/acct/b.mp4");
              controller.enqueue(new TextEncoder().encode("c"));
            } else controller.close();
          },
        });
        await storage.put("pru/acct/c.mp4", body, opts);
        assert.equal((await storage.head("pru/acct/c.mp4"))?.size, 1);
        await storage.delete("pru/acct/c.mp4");
        assert.deepEqual(await folders(), []);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
