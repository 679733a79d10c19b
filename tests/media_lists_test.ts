/**
 * GET /api/uploads and GET /api/albums (and MCP's list_uploads and
 * list_albums) page as GET /api/jobs does: `limit` and `cursor`, the
 * answer's cursor null only at the end, so no upload or album is left out
 * without a word; an album with no image yet is listed too
 * (docs/api.md#list-cursors, docs/media.md#uploads).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture } from "./_helpers/api_client.ts";
import { mcpClient, toolError, toolOk } from "./_helpers/mcp_client.ts";

/** Every entry of `list` read a page of `limit` at a time: ids and pages. */
async function readAll(
  me: Poster,
  list: "/api/uploads" | "/api/albums",
  limit?: number,
): Promise<{ ids: string[]; pages: number[] }> {
  const [field, id] = list === "/api/uploads"
    ? ["uploads", "upload_id"]
    : ["albums", "album_id"];
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    assert.ok(pages.length < 20, `${list}: paging never ends`);
    const query = new URLSearchParams({
      ...(limit === undefined ? {} : { limit: String(limit) }),
      ...(cursor ? { cursor } : {}),
    });
    const r = await me.json("GET", `${list}?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const entries = r.body[field] as Record<string, unknown>[];
    ids.push(...entries.map((e) => String(e[id])));
    pages.push(entries.length);
    cursor = r.body.cursor as string | null;
  }
  return { ids, pages };
}

Deno.test("GET /api/uploads pages past 50 with limit and cursor, as GET /api/jobs; MCP list_uploads too", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "many_uploads");
    const bytes = await fixture("portrait.mp4");
    const made: string[] = [];
    for (let i = 0; i < 55; i++) {
      const res = await fetch(
        `${server.url}/api/uploads?filename=clip${i}.mp4`,
        {
          method: "POST",
          headers: {
            Authorization: `Bearer ${me.key}`,
            "Content-Type": "video/mp4",
          },
          body: bytes,
        },
      );
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      made.push(String(body.upload_id));
    }
    // The test clock stands still: ids of one millisecond, listed by id.
    const newestFirst = [...made].sort().reverse();

    // The default page: 50, and a cursor saying more follow.
    const first = await me.json("GET", "/api/uploads");
    assert.equal(first.status, 200);
    const firstIds = (first.body.uploads as { upload_id: string }[])
      .map((u) => u.upload_id);
    assert.deepEqual(firstIds, newestFirst.slice(0, 50));
    assert.equal(first.body.cursor, newestFirst[49]);
    const rest = await me.json(
      "GET",
      `/api/uploads?cursor=${first.body.cursor}`,
    );
    assert.deepEqual(
      (rest.body.uploads as { upload_id: string }[]).map((u) => u.upload_id),
      newestFirst.slice(50),
    );
    assert.equal(rest.body.cursor, null);

    // Any limit reads them all, each once, newest first.
    assert.deepEqual(await readAll(me, "/api/uploads", 10), {
      ids: newestFirst,
      pages: [10, 10, 10, 10, 10, 5],
    });
    assert.deepEqual(await readAll(me, "/api/uploads", 100), {
      ids: newestFirst,
      pages: [55],
    });
    // A full last page's cursor gives an empty one.
    assert.deepEqual((await readAll(me, "/api/uploads", 55)).pages, [55, 0]);

    // The list's query is checked as GET /api/jobs's.
    for (
      const [query, field] of [["limit=0", "limit"], ["limit=101", "limit"], [
        "cursor=abc",
        "cursor",
      ], ["limt=5", "limt"]]
    ) {
      const r = await me.json("GET", `/api/uploads?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error, "bad_request");
      assert.match(JSON.stringify(r.body), new RegExp(field), query);
    }

    // MCP pages alike.
    const client = await mcpClient(server, me.key);
    try {
      const page = await toolOk(client, "list_uploads", { limit: 20 });
      assert.deepEqual(
        (page.uploads as { upload_id: string }[]).map((u) => u.upload_id),
        newestFirst.slice(0, 20),
      );
      assert.equal(page.cursor, newestFirst[19]);
      const last = await toolOk(client, "list_uploads", {
        limit: 50,
        cursor: page.cursor,
      });
      assert.equal((last.uploads as unknown[]).length, 35);
      assert.equal(last.cursor, null);
      await toolError(client, "list_uploads", { limit: 0 }, "bad_request");
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/albums lists every live album, one with no image yet too, and pages past 20; MCP list_albums too", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "many_albums");
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const r = await me.json("POST", "/api/albums");
      assert.equal(r.status, 200, JSON.stringify(r.body));
      made.push(String(r.body.album_id));
    }
    // The test clock stands still: ids of one millisecond, listed by id.
    const newestFirst = [...made].sort().reverse();

    // Just created, no image yet: listed, as POST /api/albums answered it.
    const first = await me.json("GET", "/api/albums");
    assert.equal(first.status, 200);
    const albums = first.body.albums as Record<string, unknown>[];
    assert.deepEqual(albums.map((a) => a.album_id), newestFirst.slice(0, 20));
    assert.deepEqual(
      { ...albums[0], album_id: "" },
      {
        album_id: "",
        created_at: albums[0].created_at,
        expires_at: albums[0].expires_at,
        retained: false,
        image_count: 0,
        pending_count: 0,
        photo_images: [],
        images: [],
      },
    );
    assert.equal(first.body.cursor, newestFirst[19]);
    assert.deepEqual(await readAll(me, "/api/albums"), {
      ids: newestFirst,
      pages: [20, 3],
    });
    assert.deepEqual(await readAll(me, "/api/albums", 5), {
      ids: newestFirst,
      pages: [5, 5, 5, 5, 3],
    });
    const bad = await me.json("GET", "/api/albums?limit=abc");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, "bad_request");

    const client = await mcpClient(server, me.key);
    try {
      const page = await toolOk(client, "list_albums", { limit: 22 });
      assert.deepEqual(
        (page.albums as { album_id: string }[]).map((a) => a.album_id),
        newestFirst.slice(0, 22),
      );
      const last = await toolOk(client, "list_albums", {
        cursor: page.cursor,
      });
      assert.deepEqual(
        (last.albums as { album_id: string }[]).map((a) => a.album_id),
        newestFirst.slice(22),
      );
      assert.equal(last.cursor, null);
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});
