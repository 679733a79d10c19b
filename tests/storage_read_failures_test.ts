/**
 * Storage that stops answering after a file was stored, while PM3K reads
 * it back to check it (a completion's probe reads, those of a copy from a
 * URL or from a verified domain): the same
 * 503 `storage_unavailable` as every other storage failure
 * (docs/media.md#uploads), never a 500, and completing again works once
 * storage is back. The reads go to a real S3 adapter whose endpoint is a
 * closed loopback port, so they fail as an S3 outage does (connection
 * refused); everything else stays on the test server's disk.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { fixture, stagedUpload } from "./_helpers/api_client.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { S3Storage } from "../lib/storage/s3_storage.ts";
import type { ObjectStorage } from "../lib/storage/object_storage.ts";
import {
  STORAGE_UNAVAILABLE_MESSAGE,
  STORED_FILE_GONE_MESSAGE,
} from "../lib/media/storage_unavailable.ts";
import { LocalStorage } from "../lib/storage/local_storage.ts";
import { cutShort } from "./_helpers/mp4_rotation.ts";

/** An S3 adapter on a loopback port nothing listens on. */
function deadBucket(): S3Storage {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const endpoint = `http://127.0.0.1:${port}`;
  return new S3Storage({
    endpoint,
    region: "us-east-1",
    bucket: "pm3k-media",
    accessKeyId: "DEAD",
    secretAccessKey: "DEAD",
    forcePathStyle: true,
    filesBaseUrl: `${endpoint}/pm3k-media`,
  });
}

type Range = { start: number; end?: number };

/**
 * The server's storage, but its ranged reads (those `which` picks, all by
 * default) go to `reads`; returns the undo.
 */
function rangedReadsFrom(
  server: TestServer,
  reads: ObjectStorage,
  which: (range: Range) => boolean = () => true,
): () => void {
  const storage = server.deps.storage;
  server.deps.storage = new Proxy(storage, {
    get(target, name) {
      if (name === "get") {
        return (key: string, range?: Range) =>
          range && which(range)
            ? reads.get(key, range)
            : target.get(key, range);
      }
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return () => {
    server.deps.storage = storage;
  };
}

const UNAVAILABLE = {
  ok: false,
  error: "storage_unavailable",
  message: STORAGE_UNAVAILABLE_MESSAGE,
};

Deno.test("storage failing while a completion or a copy reads the file back answers the same 503 storage_unavailable, not 500", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const restore = rangedReadsFrom(server, deadBucket());
  try {
    const client = await posterFor(server, "read_blip");
    await verifySource(client, source);
    const bytes = await fixture("portrait.mp4");
    const staged = await stagedUpload(client, bytes, "r.mp4");
    const complete = `/api/uploads/${staged.body.upload_id}/complete`;

    const completing = await client.json("POST", complete);
    assert.deepEqual(
      [completing.status, completing.body],
      [503, UNAVAILABLE],
      "completing",
    );
    const copying = await client.json("POST", "/api/uploads/from_url", {
      url: `${source.origin}/chain/3`,
    });
    assert.deepEqual(
      [copying.status, copying.body],
      [503, UNAVAILABLE],
      "copying from a URL",
    );
    const posting = await client.json("POST", "/api/tiktok/direct_post", {
      source_url: `${source.origin}/video.mp4`,
      title: "from a verified domain",
    });
    assert.deepEqual(
      [posting.status, posting.body],
      [503, UNAVAILABLE],
      "posting from a verified domain (its copy's probe reads)",
    );

    restore();
    const done = await client.json("POST", complete);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, "complete");
  } finally {
    restore();
    await source.close();
    await server.close();
  }
});

Deno.test("a file gone while a completion reads it back is 404 not_found saying to upload it again, not a 503 promising a retry", async () => {
  const server = await startTestServer();
  const emptyDir = await Deno.makeTempDir({ prefix: "pm3k-gone-" });
  // The reads go to a real, empty disk adapter: the object is not there,
  // as one deleted between the completion's size check and its reads.
  const restore = rangedReadsFrom(
    server,
    new LocalStorage({
      dataDir: emptyDir,
      filesBaseUrl: `${server.url}/files`,
      uploadBaseUrl: `${server.url}/files`,
      uploadKey: await crypto.subtle.generateKey(
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign", "verify"],
      ),
    }),
  );
  try {
    const client = await posterFor(server, "read_gone");
    const bytes = await fixture("portrait.mp4");
    const staged = await stagedUpload(client, bytes, "g.mp4");
    const completing = await client.json(
      "POST",
      `/api/uploads/${staged.body.upload_id}/complete`,
    );
    assert.deepEqual([completing.status, completing.body], [404, {
      ok: false,
      error: "not_found",
      message: STORED_FILE_GONE_MESSAGE,
    }]);
  } finally {
    restore();
    await server.close();
    await Deno.remove(emptyDir, { recursive: true });
  }
});

Deno.test("storage failing only while the video probe reads the header answers 503 storage_unavailable, and completing again once it is back records the video's size and duration", async () => {
  const server = await startTestServer();
  // portrait.mp4's moov box (3549 bytes at 37357) is read whole by the
  // probe alone: the sniffed head starts at 0, the cut-short walk and the
  // probe's own walk read 16-byte box headers.
  const probeRead = (range: Range) =>
    range.start > 0 && (range.end ?? Infinity) - range.start + 1 > 16;
  const restore = rangedReadsFrom(server, deadBucket(), probeRead);
  try {
    const client = await posterFor(server, "probe_blip");
    const bytes = await fixture("portrait.mp4");
    const staged = await stagedUpload(client, bytes, "p.mp4");
    const id = staged.body.upload_id;
    const complete = `/api/uploads/${id}/complete`;

    const completing = await client.json("POST", complete);
    assert.deepEqual(
      [completing.status, completing.body],
      [503, UNAVAILABLE],
      "completing while the probe's read fails",
    );
    const pending = await client.json("GET", `/api/uploads/${id}`);
    assert.equal(pending.status, 200, JSON.stringify(pending.body));
    assert.equal(pending.body.state, "pending", "not recorded half-done");

    restore();
    const done = await client.json("POST", complete);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, "complete");
    assert.deepEqual(
      [done.body.width, done.body.height, done.body.rotation],
      [540, 960, 0],
      "the video's display size, probed on the retry",
    );
    const seconds = done.body.duration_sec;
    assert.ok(typeof seconds === "number" && seconds > 0, `${seconds}`);
  } finally {
    restore();
    await server.close();
  }
});

Deno.test("storage failing once while the cut-short check reads a box header answers 503, and completing again refuses the file as cut short", async () => {
  const server = await startTestServer();
  // The first 16-byte read at 0 is the cut-short walk's first box header
  // (the sniffed head is the whole file, the probe's walk comes after);
  // only that one read fails, as in a blip.
  let headerReads = 0;
  const firstHeaderRead = (range: Range) =>
    range.start === 0 && range.end === 15 && headerReads++ === 0;
  const restore = rangedReadsFrom(server, deadBucket(), firstHeaderRead);
  try {
    const client = await posterFor(server, "cut_blip");
    // moov before the media data, so the probe alone would pass it.
    const bytes = cutShort(await fixture("portrait.mp4"), true);
    const staged = await stagedUpload(client, bytes, "c.mp4");
    const complete = `/api/uploads/${staged.body.upload_id}/complete`;

    const completing = await client.json("POST", complete);
    assert.ok(headerReads >= 1, "the walk's first read was made (and failed)");
    assert.deepEqual(
      [completing.status, completing.body],
      [503, UNAVAILABLE],
      "completing while the cut-short check's read fails",
    );
    const again = await client.json("POST", complete);
    assert.equal(again.status, 400, JSON.stringify(again.body));
    assert.match(String(again.body.message), /cut short: its mdat box/);
  } finally {
    restore();
    await server.close();
  }
});

Deno.test("storage failing while a copy is read back leaves no object behind, from a URL or a verified domain", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const restore = rangedReadsFrom(server, deadBucket());
  try {
    const client = await posterFor(server, "copy_left");
    await verifySource(client, source);
    const copying = await client.json("POST", "/api/uploads/from_url", {
      url: `${source.origin}/video.mp4`,
    });
    assert.deepEqual([copying.status, copying.body], [503, UNAVAILABLE]);
    const posting = await client.json("POST", "/api/tiktok/direct_post", {
      source_url: `${source.origin}/video.mp4`,
      title: "from a verified domain",
    });
    assert.deepEqual([posting.status, posting.body], [503, UNAVAILABLE]);
    restore();
    const left = await storedObjects(server, [""]);
    assert.deepEqual(left, [], "the refused copy's object is deleted");
  } finally {
    restore();
    await source.close();
    await server.close();
  }
});
