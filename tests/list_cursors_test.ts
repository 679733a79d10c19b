/**
 * A cursor of the right form that no page of this list gave (made up,
 * another account's id, past either end) reads as a position in the
 * account's own list, on every list that pages (GET /api/jobs,
 * GET /api/tiktok/posts): never another account's entries, never a 500,
 * and paging from it ends (docs/api.md#list-cursors).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";

const HOUR = 3600_000;

/** The first and the last id of all (26 characters of the alphabet). */
const BEFORE_ALL = "0".repeat(26);
const PAST_MAX_ULID = "Z".repeat(26);
const MAX_ULID = "7" + "Z".repeat(25);

interface Page {
  ids: string[];
  cursor: string | null;
}

/** Every id of `me`'s list read from `cursor` a page of `limit` at a time. */
async function readFrom(
  me: Poster,
  list: string,
  field: string,
  cursor: string,
  limit = 1,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let at: string | null = cursor;
  let pages = 0;
  while (at !== null) {
    assert.ok(pages < 20, "paging from a made-up cursor never ends");
    const page: Page = await pageOf(me, list, field, at, limit);
    ids.push(...page.ids);
    at = page.cursor;
    pages++;
  }
  return { ids, pages };
}

async function pageOf(
  me: Poster,
  list: string,
  field: string,
  cursor: string,
  limit = 50,
): Promise<Page> {
  const r = await me.json(
    "GET",
    `${list}?limit=${limit}&cursor=${encodeURIComponent(cursor)}`,
  );
  assert.equal(r.status, 200, `${list} ${cursor}: ${JSON.stringify(r.body)}`);
  const key = list === "/api/jobs" ? "jobs" : "posts";
  return {
    ids: (r.body[key] as Record<string, string>[]).map((e) => e[field]),
    cursor: r.body.cursor as string | null,
  };
}

/** What each list holds for `me` and `other`, made interleaved in time. */
async function checkList(
  list: string,
  field: string,
  me: Poster,
  mine: string[],
  theirs: string[],
): Promise<void> {
  const newestFirst = [...mine].reverse();
  const all = await pageOf(me, list, field, "");
  assert.deepEqual(all.ids, newestFirst, `${list}: the whole list`);

  // Another account's id: a position in my list, listing only mine below it.
  for (const [i, id] of theirs.entries()) {
    const page = await pageOf(me, list, field, id);
    assert.deepEqual(
      page.ids,
      newestFirst.filter((own) => own < id),
      `${list}: from the other account's id ${i}`,
    );
    assert.ok(page.ids.every((own) => !theirs.includes(own)));
  }
  // Past the oldest end: an empty page and no next one.
  assert.deepEqual(await pageOf(me, list, field, BEFORE_ALL), {
    ids: [],
    cursor: null,
  });
  // Before the newest end (no id is newer, even one no ULID can be): the
  // first page.
  for (const top of [MAX_ULID, PAST_MAX_ULID]) {
    assert.deepEqual(
      (await pageOf(me, list, field, top)).ids,
      newestFirst,
      `${list}: from ${top}`,
    );
    // Paged one at a time from there, the whole list once, then the end.
    const walked = await readFrom(me, list, field, top);
    assert.deepEqual(walked.ids, newestFirst, `${list}: walked from ${top}`);
  }
  // My own id, whichever page gave it or none: the entries below it.
  assert.deepEqual(
    (await pageOf(me, list, field, mine[1])).ids,
    [mine[0]],
  );
}

Deno.test("a well-formed cursor no page gave reads as a position in the account's own list, jobs and posts alike", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "cursor_me");
    const other = await posterFor(server, "cursor_other");
    const jobs: Record<string, string[]> = { me: [], other: [] };
    const published: Record<string, string[]> = { me: [], other: [] };
    for (let i = 0; i < 3; i++) {
      for (const [name, who] of [["me", me], ["other", other]] as const) {
        server.clock.advance(HOUR + 60_000); // one post an hour each
        const job = await scheduleJob(
          who,
          server.clock.now() + 30 * HOUR + i * 3 * HOUR,
        );
        assert.equal(job.status, 200, JSON.stringify(job.body));
        jobs[name].push(String(job.body.job_id));
        const post = await who.json("POST", "/api/tiktok/direct_post", {
          source_url: await who.uploadVideo(`clip${name}${i}.mp4`),
          title: `cursor post ${name} ${i}`,
          privacy: "SELF_ONLY",
        });
        assert.equal(post.status, 200, JSON.stringify(post.body));
        published[name].push(String(post.body.publish_id));
      }
    }
    // A post's id (the cursor's form) is PM3K's, not TikTok's publish_id.
    const posts: Record<string, string[]> = {};
    for (const [name, who] of [["me", me], ["other", other]] as const) {
      const r = await who.json("GET", "/api/tiktok/posts");
      const listed = (r.body.posts as Record<string, string>[]).reverse();
      assert.deepEqual(listed.map((p) => p.publish_id), published[name]);
      posts[name] = listed.map((p) => p.post_id);
    }
    await checkList("/api/jobs", "job_id", me, jobs.me, jobs.other);
    await checkList(
      "/api/tiktok/posts",
      "post_id",
      me,
      posts.me,
      posts.other,
    );
  } finally {
    await server.close();
  }
});
