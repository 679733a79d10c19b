/**
 * Fills a signed-in dashboard with data through the browser page itself
 * (fetch with the session cookie, as the islands call the API) and the
 * TikTok simulator's admin endpoint: uploads, a photo album, posts and
 * scheduled posts. Used by the dashboard quality tests and by
 * `deno task screenshots`, which run against a test server and against the
 * real server alike.
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { albumStorageKey } from "../../components/album_memory.ts";

const fixture = (name: string) =>
  Deno.readFile(new URL(`../fixtures/${name}`, import.meta.url));

/** An API answer, as the page's fetch got it. */
export interface PageAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Calls the JSON API from the page, as the dashboard's islands do. */
export function apiInPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<PageAnswer> {
  return page.evaluate(async ({ method, path, body }) => {
    const res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }, { method, path, body });
}

/** An MP4 `free` box holding `text`: its size, its type, its bytes. */
function freeBox(text: string): number[] {
  const payload = new TextEncoder().encode(text);
  const size = 8 + payload.length;
  return [
    (size >>> 24) & 255,
    (size >>> 16) & 255,
    (size >>> 8) & 255,
    size & 255,
    ...new TextEncoder().encode("free"),
    ...payload,
  ];
}

/** Uploads a fixture from the page in one request; the upload's JSON. */
export async function uploadFixtureInPage(
  page: Page,
  name: string,
  options: {
    as?: string;
    albumId?: string;
    /**
     * Appended to an MP4 in a `free` box, which players skip: the same
     * video of other bytes, which the server does not take for the same
     * video (docs/posting.md#duplicates).
     */
    tail?: string;
  } = {},
): Promise<Record<string, unknown>> {
  const bytes = Array.from(await fixture(name));
  if (options.tail) bytes.push(...freeBox(options.tail));
  const type = name.endsWith(".webm")
    ? "video/webm"
    : name.endsWith(".mp4")
    ? "video/mp4"
    : name.endsWith(".webp")
    ? "image/webp"
    : "image/jpeg";
  const query = new URLSearchParams({ filename: options.as ?? name });
  if (options.albumId) query.set("album_id", options.albumId);
  const answer = await page.evaluate(async ({ bytes, type, query }) => {
    const res = await fetch(`/api/uploads?${query}`, {
      method: "POST",
      headers: { "Content-Type": type },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: await res.json() };
  }, { bytes, type, query: query.toString() });
  if (answer.status !== 200) {
    throw new Error(`uploading ${name}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** Uploads a video and posts it now from the page: the hour's one post. */
export async function postHoursOnePost(page: Page, title: string) {
  const video = await uploadFixtureInPage(page, "portrait.mp4");
  const posted = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
    source_url: video.url,
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(posted.status, 200, JSON.stringify(posted.body));
}

/**
 * Sets the sandbox TikTok's settings or queues faults for one user, on a
 * test server or on the real server the screenshots task starts.
 */
export async function sandboxAdmin(
  server: { url: string },
  openId: string,
  change: Record<string, unknown>,
): Promise<void> {
  const res = await fetch(
    `${server.url}/_sandbox/tiktok/_admin/users/${encodeURIComponent(openId)}`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(change),
    },
  );
  const answer = await res.json();
  assert.equal(res.status, 200, `sandbox admin: ${JSON.stringify(answer)}`);
  assert.equal(answer.ok, true);
}

/** What {@link seedDashboard} made. */
export interface SeededDashboard {
  videoUrls: string[];
  albumId: string;
  photoUrls: string[];
  /** The scheduled jobs' ids, soonest first. */
  jobIds: string[];
  /** The post that TikTok fails (fail_reason `spam_risk_text`). */
  failedPublishId: string;
  /** The post that TikTok publishes, when `later` was given. */
  publishedPublishId: string | null;
}

export interface SeedOptions {
  serverUrl: string;
  openId: string;
  /** The server's now (ms); jobs are scheduled from it. */
  now: number;
  /**
   * Moves the server's time past an hour (a test's clock), so a second
   * post is allowed and the first is followed to its end; without it only
   * the failed post is made.
   */
  later?: () => Promise<void>;
}

const HOUR = 3600_000;

/**
 * Two videos, an album of two photos, a post TikTok fails (and, with
 * `later`, a public post TikTok publishes), and two scheduled posts.
 */
export async function seedDashboard(
  page: Page,
  options: SeedOptions,
): Promise<SeededDashboard> {
  const videoUrls = [];
  // Three videos of different bytes: the failed post's video is posted
  // again by no other post or scheduled post, so it offers Post again.
  for (const as of ["city-walk.mp4", "sunset.mp4", "harbour.mp4"]) {
    videoUrls.push(
      String(
        (await uploadFixtureInPage(page, "portrait.mp4", { as, tail: as }))
          .url,
      ),
    );
  }
  const album = await apiInPage(page, "POST", "/api/albums");
  const albumId = String(album.body.album_id);
  const photoUrls = [];
  for (const name of ["photo2.jpg", "photo3.webp"]) {
    photoUrls.push(
      String((await uploadFixtureInPage(page, name, { albumId })).url),
    );
  }
  await sandboxAdmin({ url: options.serverUrl }, options.openId, {
    faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
  });
  const failed = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
    source_url: videoUrls[1],
    title: "Sunset over the bay #travel",
    privacy: "SELF_ONLY",
  });
  if (failed.status !== 200) {
    throw new Error(`posting: ${JSON.stringify(failed.body)}`);
  }
  let published: PageAnswer | null = null;
  let base = options.now;
  if (options.later) {
    await options.later();
    base += HOUR + 60_000;
    published = await apiInPage(page, "POST", "/api/tiktok/direct_post", {
      source_url: videoUrls[0],
      title: "A morning walk through the old town",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    if (published.status !== 200) {
      throw new Error(`posting: ${JSON.stringify(published.body)}`);
    }
    await options.later();
    base += HOUR + 60_000;
  }
  const jobIds = [];
  for (
    const [hours, body] of [
      [3, { source_url: videoUrls[2], title: "Harbour lights at night" }],
      [26, {
        media_type: "PHOTO",
        photo_images: photoUrls,
        title: "Weekend market finds",
      }],
    ] as const
  ) {
    const job = await apiInPage(page, "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(
        Math.ceil((base + hours * HOUR) / 60_000) * 60_000,
      ).toISOString(),
      privacy: "SELF_ONLY",
      ...body,
    });
    if (job.status !== 200) {
      throw new Error(`scheduling: ${JSON.stringify(job.body)}`);
    }
    jobIds.push(String(job.body.job_id));
  }
  return {
    videoUrls,
    albumId,
    photoUrls,
    jobIds,
    failedPublishId: String(failed.body.publish_id),
    publishedPublishId: published ? String(published.body.publish_id) : null,
  };
}

/**
 * An album of two photos made in the page, remembered with `cover` as the
 * composer remembers the album being composed (components/album_memory.ts);
 * returns its id.
 */
export async function rememberedAlbumInPage(
  page: Page,
  openId: string,
  cover: number,
): Promise<string> {
  const album = await apiInPage(page, "POST", "/api/albums");
  const albumId = String(album.body.album_id);
  for (const name of ["photo2.jpg", "photo3.webp"]) {
    await uploadFixtureInPage(page, name, { albumId });
  }
  await page.evaluate(
    ([key, id, at]) =>
      localStorage.setItem(key, JSON.stringify({ album_id: id, cover: at })),
    [albumStorageKey(openId), albumId, cover] as const,
  );
  return albumId;
}

/**
 * A photo post with no caption scheduled for `runAt` (ms): an album of
 * photo2.jpg, posted privately with the title "". Returns the job's id and
 * the photo's URL.
 */
export async function scheduleAlbum(
  page: Page,
  runAt: number,
): Promise<{ id: string; photo: string }> {
  const album = await apiInPage(page, "POST", "/api/albums");
  assert.equal(album.status, 200, JSON.stringify(album.body));
  const photo = await uploadFixtureInPage(page, "photo2.jpg", {
    albumId: String(album.body.album_id),
  });
  const r = await apiInPage(page, "POST", "/api/jobs", {
    kind: "tiktok",
    media_type: "PHOTO",
    photo_images: [photo.url],
    title: "",
    privacy: "SELF_ONLY",
    run_at: new Date(runAt).toISOString(),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { id: String(r.body.job_id), photo: String(photo.url) };
}
