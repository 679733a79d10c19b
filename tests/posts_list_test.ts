/**
 * GET /api/tiktok/posts pages the account's posts newest first with a
 * cursor, as GET /api/jobs pages jobs (docs/posting.md#creator-info-and-posts),
 * and refuses a query field it does not know, a limit that is not plain
 * digits, a parameter given twice and a cursor no page gave.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";

const HOUR = 3600_000;

Deno.test("GET /api/tiktok/posts pages newest first with a cursor", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "post_pages");
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      server.clock.advance(HOUR + 60_000); // one post an hour
      const r = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(`clip${i}.mp4`),
        title: `post ${i}`,
        privacy: "SELF_ONLY",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      ids.push(String(r.body.publish_id));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: Record<string, unknown> } = await me
        .json(
          "GET",
          `/api/tiktok/posts?limit=3${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""
          }`,
        );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(
        ...(page.body.posts as { publish_id: string }[]).map((p) =>
          p.publish_id
        ),
      );
      cursor = page.body.cursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(pages, 2);

    // Without a query: the 50 newest, and no next page here.
    const all = await me.json("GET", "/api/tiktok/posts");
    assert.equal((all.body.posts as unknown[]).length, 4);
    assert.equal(all.body.cursor, null);
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/tiktok/posts refuses an unknown query field, a bad limit, a repeated parameter and a cursor no page gave", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "post_query");
    const misspelt = await me.json("GET", "/api/tiktok/posts?limt=5");
    assert.equal(misspelt.status, 400);
    assert.equal(misspelt.body.error, "bad_request");
    assert.match(String(misspelt.body.message), /limt: unknown field/);
    const tooMany = await me.json("GET", "/api/tiktok/posts?limit=500");
    assert.equal(tooMany.status, 400);
    assert.match(String(tooMany.body.message), /^Invalid request: limit: /);
    // Made-up cursors used to read as an empty last page (cursor null), so a
    // client thought the list had ended.
    for (const forged of ["zzz", "AAAA", btoa("garbage"), "0".repeat(27)]) {
      const r = await me.json("GET", `/api/tiktok/posts?cursor=${forged}`);
      assert.equal(r.status, 400, forged);
      assert.equal(r.body.error, "bad_request");
      assert.match(String(r.body.message), /cursor: This cursor is not valid/);
    }
    // A coerced "0x10" or "1e1" would page by a number nobody wrote.
    for (const limit of ["0x10", "1e1", "%2016", "2.0", "0"]) {
      const r = await me.json("GET", `/api/tiktok/posts?limit=${limit}`);
      assert.equal(r.status, 400, limit);
      assert.match(
        String(r.body.message),
        /limit: Give limit as a whole number from 1 to 100/,
      );
    }
    const twice = await me.json("GET", "/api/tiktok/posts?limit=1&limit=2");
    assert.equal(twice.status, 400);
    assert.equal(
      twice.body.message,
      "The query parameter limit is given 2 times: give it once.",
    );
    const empty = await me.json("GET", "/api/tiktok/posts?limit=5&cursor=");
    assert.equal(empty.status, 200, JSON.stringify(empty.body));
  } finally {
    await server.close();
  }
});
