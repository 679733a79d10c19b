/**
 * An upload is named and served for what its bytes are, not for what was
 * declared (docs/media.md#the-type-a-file-is-served-as): a WebM declared `clip.mov`,
 * `video/quicktime` (or `video/mp4`) completes with a URL ending `.webm`,
 * served as `video/webm`, the URL TikTok pulls; an MP4 declared WebM ends
 * `.mp4`; an album image declared JPEG whose bytes are WebP ends `.webp`.
 * Over HTTP, for the three-step upload, the one-request upload and
 * a copy from a URL, and for a verified domain's copy made for posting
 * (ingest, served over HTTP), on the local disk and on s3rver.
 */
import assert from "node:assert/strict";
import { localTmpFiles } from "./_helpers/local_tmp_files.ts";
import { fixture, putUpload } from "./_helpers/api_client.ts";
import { startServerOn } from "./_helpers/s3rver_harness.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  posterFor,
  verifyDomain,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { ingestExternalUrl, mediaFingerprint } from "../lib/media/ingest.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { AppError } from "../lib/errors.ts";
import { StorageError } from "../lib/storage/object_storage.ts";

/** A declared file, the fixture sent as it, and what the bytes are. */
interface Case {
  filename: string;
  declared: string;
  bytes: string;
  ext: string;
  type: string;
}

const CASES: Case[] = [
  {
    filename: "clip.mov",
    declared: "video/quicktime",
    bytes: "portrait.webm",
    ext: "webm",
    type: "video/webm",
  },
  {
    filename: "clip.mp4",
    declared: "video/mp4",
    bytes: "portrait.webm",
    ext: "webm",
    type: "video/webm",
  },
  {
    filename: "clip.webm",
    declared: "video/webm",
    bytes: "portrait.mp4",
    ext: "mp4",
    type: "video/mp4",
  },
];

/** What a completed upload's answer says, and what its URL serves. */
async function assertNamedForBytes(
  me: Poster,
  answer: { status: number; body: Record<string, unknown> },
  bytes: Uint8Array,
  c: Case,
): Promise<void> {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const url = String(answer.body.url);
  assert.equal(answer.body.content_type, c.type);
  assert.ok(url.endsWith(`/${answer.body.upload_id}.${c.ext}`), url);
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  assert.equal(
    res.headers.get("content-type"),
    c.type,
    `served type of ${url}`,
  );
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
  const shown = await me.json("GET", `/api/uploads/${answer.body.upload_id}`);
  assert.deepEqual(
    [shown.body.url, shown.body.content_type, shown.body.etag],
    [url, c.type, answer.body.etag],
  );
}

/**
 * A host serving `bytes` at /<filename> with the declared type, and
 * `verify.text` as its domain verification file once set.
 */
function startLyingHost(bytes: Uint8Array, c: Case) {
  const verify = { text: "" };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => {
      const path = new URL(req.url).pathname;
      if (path === `/${c.filename}`) {
        return new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: { "Content-Type": c.declared, ETag: '"lying-host"' },
        });
      }
      if (path === "/pm3k-verify.txt" && verify.text) {
        return new Response(verify.text + "\n");
      }
      return new Response("no", { status: 404 });
    },
  );
  return Object.assign(server, {
    verify,
    host: `127.0.0.1:${server.addr.port}`,
  });
}

async function withServer(
  adapter: "local" | "s3",
  run: (server: TestServer, me: Poster) => Promise<void>,
): Promise<void> {
  const server = await startServerOn(adapter);
  try {
    await run(server, await posterFor(server, `bytes_type_${adapter}`));
  } finally {
    await server.close();
  }
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a three-step upload's URL and served Content-Type follow its bytes, not its declared type (${adapter})`, async () => {
    await withServer(adapter, async (_server, me) => {
      for (const c of CASES) {
        const bytes = await fixture(c.bytes);
        const started = await me.json("POST", "/api/uploads", {
          filename: c.filename,
          content_type: c.declared,
          size: bytes.length,
        });
        assert.equal(started.status, 200, JSON.stringify(started.body));
        const put = await putUpload(started.body, bytes);
        assert.equal(put.status, 200, await put.text());
        const path = `/api/uploads/${started.body.upload_id}/complete`;
        const done = await me.json("POST", path);
        await assertNamedForBytes(me, done, bytes, c);
        // A retry answers the same upload, at the same URL.
        const again = await me.json("POST", path);
        assert.equal(again.body.url, done.body.url);
        // The declared name is gone: the file has one URL.
        const declaredUrl = String(started.body.url);
        assert.notEqual(declaredUrl, done.body.url);
        const old = await fetch(declaredUrl);
        await old.body?.cancel();
        assert.notEqual(old.status, 200, `${declaredUrl} still served`);
      }
      // The renamed URL is the account's own file to post.
      const c = CASES[0];
      const up = await me.json("POST", "/api/uploads", {
        filename: c.filename,
        content_type: c.declared,
        size: (await fixture(c.bytes)).length,
      });
      await (await putUpload(up.body, await fixture(c.bytes))).body?.cancel();
      const done = await me.json(
        "POST",
        `/api/uploads/${up.body.upload_id}/complete`,
      );
      const posted = await directPost(me, {
        source_url: done.body.url,
        title: `a WebM declared QuickTime (${adapter})`,
      });
      assert.equal(posted.status, 200, await posted.text());
    });
  });

  Deno.test(`an album image declared JPEG whose bytes are WebP is named and served as WebP, in the album too (${adapter})`, async () => {
    await withServer(adapter, async (_server, me) => {
      const album = await me.json("POST", "/api/albums");
      const albumId = String(album.body.album_id);
      const bytes = await fixture("photo3.webp");
      const started = await me.json("POST", "/api/uploads", {
        filename: "photo.jpg",
        content_type: "image/jpeg",
        size: bytes.length,
        album_id: albumId,
      });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      await (await putUpload(started.body, bytes)).body?.cancel();
      const done = await me.json(
        "POST",
        `/api/uploads/${started.body.upload_id}/complete`,
      );
      await assertNamedForBytes(me, done, bytes, {
        filename: "photo.jpg",
        declared: "image/jpeg",
        bytes: "photo3.webp",
        ext: "webp",
        type: "image/webp",
      });
      const view = await me.json("GET", `/api/albums/${albumId}`);
      assert.deepEqual(view.body.photo_images, [done.body.url]);
    });
  });

  Deno.test(`a completion retried after one died having renamed the file completes it under its new name (${adapter})`, async () => {
    await withServer(adapter, async (server, me) => {
      const c = CASES[0];
      const bytes = await fixture(c.bytes);
      const started = await me.json("POST", "/api/uploads", {
        filename: c.filename,
        content_type: c.declared,
        size: bytes.length,
      });
      await (await putUpload(started.body, bytes)).body?.cancel();
      // What a completion leaves that died after moving the staged bytes
      // and naming them for their type, before recording them.
      const storage = server.deps.storage;
      const declaredKey = storage.keyFromPublicUrl(String(started.body.url))!;
      const stagingKey = declaredKey.replace(/^uploads\//, "uploads-staging/");
      const renamedKey = declaredKey.replace(/\.mov$/, ".webm");
      assert.equal(await storage.move(stagingKey, declaredKey), true);
      assert.equal(
        await storage.move(declaredKey, renamedKey, { contentType: c.type }),
        true,
      );
      const done = await me.json(
        "POST",
        `/api/uploads/${started.body.upload_id}/complete`,
      );
      await assertNamedForBytes(me, done, bytes, c);
      assert.equal(done.body.url, storage.publicUrl(renamedKey));
    });
  });

  Deno.test(`a one-request upload and a copy from a URL are named and served for their bytes (${adapter})`, async () => {
    await withServer(adapter, async (server, me) => {
      for (const c of CASES) {
        const bytes = await fixture(c.bytes);
        const res = await fetch(
          `${server.url}/api/uploads?filename=${c.filename}`,
          {
            method: "POST",
            headers: {
              Authorization: `Bearer ${me.key}`,
              "Content-Type": c.declared,
            },
            body: bytes as Uint8Array<ArrayBuffer>,
          },
        );
        await assertNamedForBytes(
          me,
          { status: res.status, body: await res.json() },
          bytes,
          c,
        );
        const host = startLyingHost(bytes, c);
        try {
          const copied = await me.json("POST", "/api/uploads/from_url", {
            url: `http://${host.host}/${c.filename}`,
          });
          await assertNamedForBytes(me, copied, bytes, c);
        } finally {
          await host.shutdown();
        }
      }
    });
  });
}

for (const adapter of ["local", "s3"] as const) {
  Deno.test(`a copy from a verified domain for posting is named and served for its bytes (${adapter})`, async () => {
    await withServer(adapter, async (server, me) => {
      const account = (await getAccount(server.deps, me.openId))!;
      const deps = { ...server.deps, allowLoopback: true };
      for (const c of CASES) {
        const bytes = await fixture(c.bytes);
        const host = startLyingHost(bytes, c);
        try {
          await verifyDomain(me, host.host, (t) => host.verify.text = t);
          const source = `http://${host.host}/${c.filename}`;
          const got = await ingestExternalUrl(deps, account, source, "video");
          assert.ok(got.url.endsWith(`/${got.record.id}.${c.ext}`), got.url);
          assert.equal(got.record.contentType, c.type);
          const res = await fetch(got.url);
          assert.equal(res.status, 200, `GET ${got.url}`);
          assert.equal(res.headers.get("content-type"), c.type);
          assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
          // Its record names the renamed copy, with that copy's ETag: a
          // post checks the object against it (media_changed otherwise).
          const stored = await server.deps.storage.head(got.record.key);
          assert.equal(stored?.etag, got.record.etag);
          assert.equal(
            server.deps.storage.publicUrl(got.record.key),
            got.url,
          );
          // The fingerprint still names the source, not our copy.
          assert.equal(
            got.fingerprint,
            await mediaFingerprint(source, bytes.length, '"lying-host"'),
          );
        } finally {
          await host.shutdown();
        }
      }
    });
  });
}

Deno.test("a copy from a verified domain that storage fails to rename for its bytes is discarded, not left behind", async () => {
  await withServer("local", async (server, me) => {
    const account = (await getAccount(server.deps, me.openId))!;
    const c = CASES[0];
    const bytes = await fixture(c.bytes);
    const host = startLyingHost(bytes, c);
    // The same storage, whose moves fail as a storage outage would.
    const storage = new Proxy(server.deps.storage, {
      get(target, name) {
        if (name === "move") {
          return () => Promise.reject(new StorageError("unavailable", "down"));
        }
        const value = Reflect.get(target, name);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const deps = { ...server.deps, storage, allowLoopback: true };
    try {
      await verifyDomain(me, host.host, (t) => host.verify.text = t);
      await assert.rejects(
        ingestExternalUrl(
          deps,
          account,
          `http://${host.host}/${c.filename}`,
          "video",
        ),
        (e: unknown) => {
          assert.ok(e instanceof AppError, String(e));
          assert.equal(e.code, "storage_unavailable", e.message);
          return true;
        },
      );
      assert.deepEqual(
        await localTmpFiles(server, account.openId),
        [],
        "the copy is gone",
      );
    } finally {
      await host.shutdown();
    }
  });
});
