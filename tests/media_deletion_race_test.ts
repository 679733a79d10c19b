/**
 * A deletion of media and a post or job using it, at the same moment: the
 * check that media is unused and its deletion are one decision, so exactly
 * one of the two wins (docs/media.md#deleting-media). Each interleaving is
 * made deterministic by holding one side's commit while the other runs.
 */
import assert from "node:assert/strict";
import type { TestServer } from "./_helpers/test_server.ts";
import { albumOf, limitsOf, posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { serverHolding } from "./_helpers/held_commit_server.ts";
import { keys } from "../lib/kv_keys.ts";

const HOUR = 3600_000;

const deletionCommit = keys.uploadByStorageKey("x").slice(0, 1);
const jobCommit = keys.jobCalendar("x").slice(0, 1);
const reservationCommit = keys.post("x").slice(0, 1);

async function videoOf(me: Poster): Promise<{ url: string; id: string }> {
  const url = await me.uploadVideo();
  const uploads = (await me.json("GET", "/api/uploads")).body.uploads as {
    upload_id: string;
    url: string;
  }[];
  return { url, id: uploads.find((u) => u.url === url)!.upload_id };
}

const jobFor = (server: TestServer, me: Poster, url: string) =>
  me.json("POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
    source_url: url,
    title: "scheduled meanwhile",
  });

const postOf = (me: Poster, url: string) =>
  me.json("POST", "/api/tiktok/direct_post", {
    source_url: url,
    title: "posted meanwhile",
  });

Deno.test("a job made between a deletion's check and its commit: the deletion answers 409", async () => {
  const { server, before } = await serverHolding(deletionCommit);
  try {
    const me = await posterFor(server, "race_job_first");
    const { url, id } = await videoOf(me);
    let job: Awaited<ReturnType<typeof jobFor>> | null = null;
    before(async () => job = await jobFor(server, me, url));
    const deleted = await me.json("DELETE", `/api/uploads/${id}`);
    assert.equal(job!.status, 200, JSON.stringify(job!.body));
    assert.equal(deleted.status, 409, JSON.stringify(deleted.body));
    assert.equal(deleted.body.error, "conflict");
    assert.equal(deleted.body.job_id, job!.body.job_id);
    assert.equal((await me.json("GET", `/api/uploads/${id}`)).status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("a deletion between a job's media check and its commit: the job answers 400", async () => {
  const { server, before } = await serverHolding(jobCommit);
  try {
    const me = await posterFor(server, "race_delete_first_job");
    const { url, id } = await videoOf(me);
    let deleted: Awaited<ReturnType<typeof me.json>> | null = null;
    before(async () => deleted = await me.json("DELETE", `/api/uploads/${id}`));
    const job = await jobFor(server, me, url);
    assert.equal(deleted!.status, 200, JSON.stringify(deleted!.body));
    assert.equal(job.status, 400, JSON.stringify(job.body));
    assert.equal(job.body.error, "bad_request");
    assert.match(String(job.body.message), /not one of your live videos/);
    const jobs = (await me.json("GET", "/api/jobs")).body.jobs as unknown[];
    assert.equal(jobs.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("a post reserved between a deletion's check and its commit: the deletion answers 409", async () => {
  const { server, before } = await serverHolding(deletionCommit);
  try {
    const me = await posterFor(server, "race_post_first");
    const { url, id } = await videoOf(me);
    let post: Awaited<ReturnType<typeof postOf>> | null = null;
    before(async () => post = await postOf(me, url));
    const deleted = await me.json("DELETE", `/api/uploads/${id}`);
    assert.equal(post!.status, 200, JSON.stringify(post!.body));
    assert.equal(deleted.status, 409, JSON.stringify(deleted.body));
    assert.equal(deleted.body.error, "conflict");
    assert.equal(typeof deleted.body.post_id, "string");
  } finally {
    await server.close();
  }
});

Deno.test("a deletion between a post's media check and its reservation: the post answers 400, TikTok is not called", async () => {
  const { server, before } = await serverHolding(reservationCommit);
  try {
    const me = await posterFor(server, "race_delete_first_post");
    const { url, id } = await videoOf(me);
    let deleted: Awaited<ReturnType<typeof me.json>> | null = null;
    before(async () => deleted = await me.json("DELETE", `/api/uploads/${id}`));
    const post = await postOf(me, url);
    assert.equal(deleted!.status, 200, JSON.stringify(deleted!.body));
    assert.equal(post.status, 400, JSON.stringify(post.body));
    assert.equal(post.body.error, "bad_request");
    assert.equal(await me.sandboxPosts(), 0);
    const limits = await limitsOf(me);
    assert.equal(limits.posts_left_today, 10, "no slot kept");
  } finally {
    await server.close();
  }
});

Deno.test("an album deleted between a photo job's media check and its commit: the job answers 400", async () => {
  const { server, before } = await serverHolding(jobCommit);
  try {
    const me = await posterFor(server, "race_album_first");
    const { albumId, urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    let deleted: Awaited<ReturnType<typeof me.json>> | null = null;
    before(async () =>
      deleted = await me.json("DELETE", `/api/albums/${albumId}`)
    );
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      media_type: "PHOTO",
      run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
      photo_images: urls,
      privacy: "SELF_ONLY",
      title: "album meanwhile",
    });
    assert.equal(deleted!.status, 200, JSON.stringify(deleted!.body));
    assert.equal(job.status, 400, JSON.stringify(job.body));
    assert.match(String(job.body.message), /not one of your live images/);
  } finally {
    await server.close();
  }
});

Deno.test("a photo job made between an album deletion's check and its commit: the deletion answers 409", async () => {
  const { server, before } = await serverHolding(deletionCommit);
  try {
    const me = await posterFor(server, "race_photo_job_first");
    const { albumId, urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    let job: Awaited<ReturnType<typeof me.json>> | null = null;
    before(async () =>
      job = await me.json("POST", "/api/jobs", {
        kind: "tiktok",
        media_type: "PHOTO",
        run_at: new Date(server.clock.now() + 3 * HOUR).toISOString(),
        photo_images: urls,
        privacy: "SELF_ONLY",
        title: "photo job meanwhile",
      })
    );
    const deleted = await me.json("DELETE", `/api/albums/${albumId}`);
    assert.equal(job!.status, 200, JSON.stringify(job!.body));
    assert.equal(deleted.status, 409, JSON.stringify(deleted.body));
    assert.equal(deleted.body.job_id, job!.body.job_id);
    const album = await me.json("GET", `/api/albums/${albumId}`);
    assert.deepEqual(album.body.photo_images, urls);
  } finally {
    await server.close();
  }
});
