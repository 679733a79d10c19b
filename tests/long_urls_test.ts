/**
 * How long a URL may be (docs/api.md#limits-on-every-request): Deno's HTTP
 * server refuses a request line past about 64 KiB itself, with a bare 400
 * (no body, no Content-Type) before PM3K runs; shorter ones reach the app
 * and get its own answers. This pins what the runtime does, so a Deno
 * upgrade that moves the limit shows here and in the docs.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  initsAtTikTok,
  posterFor,
  postsOf,
} from "./_helpers/posting_setup.ts";
import { rawGet } from "./_helpers/raw_request.ts";

Deno.test("a 20,000-character query reaches the app; a 70,000-character path gets the runtime's bare 400", async () => {
  const server = await startTestServer();
  try {
    // Well under the runtime's limit: PM3K answers, here its query check.
    const query = await rawGet(
      server.url,
      `/api/openapi.json?q=${"a".repeat(20_000)}`,
    );
    assert.equal(query.status, 400, query.head);
    assert.match(query.head, /content-type: application\/json/i);
    assert.match(query.head, /x-request-id:/i);
    assert.equal(JSON.parse(query.body).error, "bad_request");
    // Past it: Deno's server answers alone, before any handler.
    const path = await rawGet(server.url, `/${"a".repeat(70_000)}`);
    assert.equal(path.status, 400, path.head);
    assert.match(path.head, /content-length: 0/i);
    assert.doesNotMatch(path.head, /content-type:/i);
    assert.doesNotMatch(path.head, /x-request-id:/i, "the app never ran");
    assert.equal(path.body, "");
    const longQuery = await rawGet(
      server.url,
      `/api/openapi.json?q=${"a".repeat(70_000)}`,
    );
    assert.equal(longQuery.status, 400);
    assert.doesNotMatch(longQuery.head, /content-type:/i);
  } finally {
    await server.close();
  }
});

Deno.test("a source_url, photo image or webhook URL over 4,096 characters is a 400 naming it; none is stored or posted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "long_url_owner");
    // An own upload's URL with a long query still names the upload: only
    // its length is wrong (30,000 characters fit the 64 KiB body).
    const long = `${await me.uploadVideo()}?${"a".repeat(30_000)}`;
    const runAt = new Date(server.clock.now() + 3 * 3600_000).toISOString();
    const refusals = [
      ["POST", "/api/tiktok/direct_post", {
        source_url: long,
        title: "a long source",
      }, "source_url"],
      ["POST", "/api/jobs", {
        kind: "tiktok",
        run_at: runAt,
        source_url: long,
        title: "a long scheduled source",
      }, "source_url"],
      ["POST", "/api/jobs", {
        kind: "tiktok",
        run_at: runAt,
        media_type: "PHOTO",
        photo_images: [long],
        title: "a long image",
        privacy: "SELF_ONLY",
      }, "photo_images.0"],
      ["PUT", "/api/webhook", {
        url: `https://127.0.0.1/${"a".repeat(65_400)}`,
      }, "url"],
    ] as const;
    for (const [method, path, body, field] of refusals) {
      const r = await me.json(method, path, body);
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "bad_request");
      assert.deepEqual(
        (r.body.issues as { path: string }[]).map((i) => i.path),
        [field],
      );
    }
    assert.deepEqual(
      (await me.json("GET", "/api/jobs")).body.jobs,
      [],
      "no job stored",
    );
    assert.deepEqual(await postsOf(me), []);
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok never asked");
    assert.equal((await me.json("GET", "/api/webhook")).body.url, null);
  } finally {
    await server.close();
  }
});

Deno.test("35 photo_images whose URLs fit the body but not one post record are a 400 naming photo_images, not a 500; nothing is stored or posted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "long_photo_urls");
    const { urls } = await albumOf(me, "photo2.jpg");
    // Each under 4,096 characters, all together under the 64 KiB body,
    // but more than a post record keeps beside the images' copies: in
    // ASCII, or in fewer letters each kept in two bytes.
    const imagesWith = (filler: string) =>
      Array.from({ length: 35 }, (_, i) => `${urls[0]}?i=${i}&${filler}`);
    const runAt = new Date(server.clock.now() + 3 * 3600_000).toISOString();
    for (
      const [path, body, images] of [
        ["/api/tiktok/direct_post", {}, imagesWith("a".repeat(1650))],
        ["/api/tiktok/direct_post", {}, imagesWith("ж".repeat(850))],
        [
          "/api/jobs",
          { kind: "tiktok", run_at: runAt },
          imagesWith("a".repeat(1650)),
        ],
      ] as const
    ) {
      const r = await me.json("POST", path, {
        media_type: "PHOTO",
        photo_images: images,
        title: `long image URLs on ${path}`,
        ...body,
      });
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "bad_request");
      assert.deepEqual(
        (r.body.issues as { path: string }[]).map((i) => i.path),
        ["photo_images"],
      );
    }
    assert.deepEqual((await me.json("GET", "/api/jobs")).body.jobs, []);
    assert.deepEqual(await postsOf(me), []);
    assert.equal(await initsAtTikTok(server, me), 0, "TikTok never asked");
  } finally {
    await server.close();
  }
});
