/**
 * The compose page reads the account's posts once
 * (docs/dashboard.md#freshness): its Your posts (the 50 newest, Older
 * posts from the 51st) and which uploads were posted (the posts back to
 * the oldest upload listed) come from one listing of the account's posts,
 * where they were two, and say what the two readings said. Posted again
 * and Scheduled again read neither the posts nor the job calendar again,
 * on Compose or on the posts page.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import { anHourLater } from "./_helpers/follow_while.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import { postedRecord, writePostCopies } from "./_helpers/post_copies.ts";
import { keys } from "../lib/kv_keys.ts";
import {
  newestAndSince,
  postPage,
  postsSince,
} from "../lib/posting/post_list.ts";

/** The props the page gave its PostCard island. */
function postCardProps(html: string) {
  const index = /data-island="PostCard" data-props="(\d+)"/.exec(html)?.[1];
  const state =
    /<script type="application\/json" id="[^"]+">([\s\S]*?)<\/script>/
      .exec(html)?.[1];
  assert.ok(index !== undefined && state, "the page has its composer");
  return JSON.parse(state)[Number(index)] as {
    videos: { url: string; posted: boolean }[];
    postedKnown: boolean;
  };
}

Deno.test("the compose page lists the account's posts once for Your posts and the videos posted: 50 newest, Older posts, posted marks as before", async () => {
  const counter = countingReads();
  const server = await startTestServer({ wrapKv: counter.wrapKv });
  try {
    const me = await posterFor(server, "compose_one_read");
    const posted = await me.uploadVideo("posted.mp4");
    const free = await me.uploadVideo("free.mp4");
    // An hour after the uploads: room for 150 posts made between them.
    server.clock.advance(3_600_000);
    const post = await postedRecord(me, server, {
      title: "newest",
      sourceUrl: posted,
    });
    const readPage = async () => {
      counter.reads.clear();
      const res = await visit(me.jar, `${server.url}/dashboard`);
      assert.equal(res.status, 200);
      return {
        html: await res.text(),
        lists: counter.reads.get(
          `list ${String(keys.postsByAccountPrefix("x")[0])}`,
        ) ?? 0,
      };
    };

    // Few posts: one listing, of the newest page.
    let read = await readPage();
    assert.equal(read.lists, 1, "one listing of the posts");
    let props = postCardProps(read.html);
    assert.deepEqual(
      props.videos.map((v) => [v.url, v.posted]).sort(),
      [[free, false], [posted, true]].sort(),
    );
    assert.equal(props.postedKnown, true);

    // 150 posts more, a second apart, all made after the uploads (between
    // them and the real post): the posts back to the oldest upload take
    // two pages of 100, the first of which holds Your posts' 50 newest;
    // Older posts then looks up the 51st (one more listing).
    const ids = await writePostCopies(server, post, {
      count: 150,
      at: (k) => post.createdAt - (k + 1) * 1000,
      change: (k) => ({ sourceUrls: [`https://example.com/copy-${k}.mp4`] }),
    });
    read = await readPage();
    assert.equal(
      read.lists,
      3,
      "two pages of 100, the newest not read again, and Older posts' look-up",
    );
    props = postCardProps(read.html);
    assert.deepEqual(
      props.videos.map((v) => [v.url, v.posted]).sort(),
      [[free, false], [posted, true]].sort(),
    );
    assert.equal(props.postedKnown, true);
    const card =
      /<section[^>]*data-testid="posts-list"[^>]*>([\s\S]*?)<\/section>/
        .exec(read.html)?.[1] ?? "";
    assert.equal((card.match(/<tr[^>]*data-publish-id/g) ?? []).length, 50);
    // The 51st newest: the 50th copy, after the real post.
    assert.match(
      card,
      new RegExp(`href="/dashboard/posts\\?post=${ids[49]}"`),
    );
  } finally {
    await server.close();
  }
});

Deno.test("one read of the newest posts and those back to a time gives what postPage and postsSince give, hidden and unknown posts, page ends and page limits included", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "compose_read_same");
    const post = await postedRecord(me, server, { title: "newest" });
    const now = server.clock.now();
    // Two minutes apart: the newest reserved ones may still be running
    // (not listed), older ones are listed as unknown (post_list.ts).
    const step = 120_000;
    const deps = server.deps;
    for (const count of [0, 1, 49, 50, 51, 99, 100, 101, 230]) {
      const openId = `same_${count}`;
      // Every 5th post reserved, from the second newest.
      await writePostCopies(server, post, {
        count,
        openId,
        at: (k) => now - (k + 1) * step,
        change: (k) => (k % 5 === 1 ? { state: "reserved" } : {}),
      });
      const times = [
        now,
        now - 10 * step,
        now - 60 * step,
        now - 150 * step,
        now - 1000 * step,
        0,
      ];
      for (const since of [null, ...times]) {
        for (const maxPages of [0, 1, 2, 10]) {
          const what = `${count} posts, since ${since}, ${maxPages} pages`;
          const both = await newestAndSince(deps, openId, 50, since, maxPages);
          assert.deepEqual(
            both.newest,
            await postPage(deps, openId, { limit: 50 }),
            what,
          );
          assert.deepEqual(
            both.since,
            since === null
              ? { posts: [], complete: true }
              : await postsSince(deps, openId, since, maxPages),
            what,
          );
        }
      }
    }
  } finally {
    await server.close();
  }
});

/**
 * A real KV whose reads are counted by method and by the family of the
 * keys read (a key's first part): `list` by its prefix or start key, `get`
 * by its key, `getMany` once for each family among its keys.
 */
function countingReads() {
  const counter = {
    reads: new Map<string, number>(),
    count(method: string, key: Deno.KvKey) {
      const name = `${method} ${String(key[0])}`;
      counter.reads.set(name, (counter.reads.get(name) ?? 0) + 1);
    },
    wrapKv: (kv: Deno.Kv): Deno.Kv =>
      new Proxy(kv, {
        get(target, name) {
          const value = Reflect.get(target, name, target);
          if (typeof value !== "function") return value;
          if (name === "list") {
            return (
              selector: Deno.KvListSelector,
              options?: Deno.KvListOptions,
            ) => {
              counter.count(
                "list",
                "prefix" in selector ? selector.prefix : selector.start,
              );
              return target.list(selector, options);
            };
          }
          if (name === "get") {
            return (
              key: Deno.KvKey,
              options?: { consistency?: Deno.KvConsistencyLevel },
            ) => {
              counter.count("get", key);
              return target.get(key, options);
            };
          }
          if (name === "getMany") {
            return (
              ks: Deno.KvKey[],
              options?: { consistency?: Deno.KvConsistencyLevel },
            ) => {
              for (const family of new Set(ks.map((k) => k[0]))) {
                counter.count("getMany", [family]);
              }
              // deno-lint-ignore no-explicit-any
              return target.getMany(ks as any, options);
            };
          }
          return value.bind(target);
        },
      }),
  };
  return counter;
}

/**
 * A new poster's post that failed, then, an hour later, the same video
 * scheduled 5 hours ahead: a failed post shown "Scheduled again".
 */
async function failedThenScheduled(server: TestServer, username: string) {
  const me = await posterFor(server, username, "monthly");
  const video = await me.uploadVideo("again.mp4");
  await me.sandbox({
    faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
  });
  const first = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: video,
    title: "first try",
    privacy: "SELF_ONLY",
  });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  await anHourLater(server);
  const job = await scheduleJob(me, server.clock.now() + 5 * 3600_000, {
    source_url: video,
    title: "scheduled try",
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  return { me, video, job };
}

Deno.test("the compose page reads the posts and the job calendar once, Posted again and Scheduled again included", async () => {
  const counter = countingReads();
  const server = await startTestServer({ wrapKv: counter.wrapKv });
  try {
    const { me, video, job } = await failedThenScheduled(
      server,
      "compose_again_reads",
    );
    const readPage = async () => {
      counter.reads.clear();
      const res = await visit(me.jar, `${server.url}/dashboard`);
      assert.equal(res.status, 200);
      const html = await res.text();
      return {
        link:
          /<a[^>]*href="([^"]*)"[^>]*data-testid="posted-again"[^>]*>([^<]*)/
            .exec(html)?.slice(1, 3).map((s) => s.replaceAll("&amp;", "&")),
        posts: counter.reads.get(
          `list ${String(keys.postsByAccountPrefix("x")[0])}`,
        ),
        records: counter.reads.get(`getMany ${String(keys.post("x")[0])}`),
        calendar: counter.reads.get(`get ${String(keys.jobCalendar("x")[0])}`),
      };
    };
    const jobId = String(job.body.job_id);
    assert.deepEqual(await readPage(), {
      link: [`/dashboard/calendar?job=${jobId}`, "Scheduled again"],
      posts: 1,
      records: 1,
      calendar: 1,
    });

    // Posted again now: the newer post says so, read in the same listing.
    const cancel = await me.json("DELETE", `/api/jobs/${jobId}`);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    const second = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: video,
      title: "second try",
      privacy: "SELF_ONLY",
    });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const newer = String(
      ((await me.json("GET", "/api/tiktok/posts?limit=1")).body
        .posts as { post_id: string }[])[0].post_id,
    );
    assert.deepEqual(await readPage(), {
      link: [`/dashboard/posts?post=${newer}#post-${newer}`, "Posted again"],
      posts: 1,
      records: 1,
      calendar: 1,
    });
  } finally {
    await server.close();
  }
});

Deno.test("the posts page reads the posts and the job calendar once too, Scheduled again and the waiting note included", async () => {
  const counter = countingReads();
  const server = await startTestServer({ wrapKv: counter.wrapKv });
  try {
    const { job, me } = await failedThenScheduled(server, "posts_page_reads");
    counter.reads.clear();
    const res = await visit(me.jar, `${server.url}/dashboard/posts`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.deepEqual(
      {
        link:
          /<a[^>]*href="([^"]*)"[^>]*data-testid="posted-again"[^>]*>([^<]*)/
            .exec(html)?.slice(1, 3),
        waiting: html.includes('data-testid="scheduled-note"'),
        posts: counter.reads.get(
          `list ${String(keys.postsByAccountPrefix("x")[0])}`,
        ),
        calendar: counter.reads.get(
          `get ${String(keys.jobCalendar("x")[0])}`,
        ),
      },
      {
        link: [`/dashboard/calendar?job=${job.body.job_id}`, "Scheduled again"],
        waiting: true,
        posts: 1,
        calendar: 1,
      },
    );
  } finally {
    await server.close();
  }
});
