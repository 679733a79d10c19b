/** Accounts with an uploaded video, and the sandbox's admin knobs, for posting tests. */
import assert from "node:assert/strict";
import type { TestServer } from "./test_server.ts";
import { apiClientFor, fixture, uploadBytes } from "./api_client.ts";
import type { ApiClient } from "./api_client.ts";
import type { PlanId } from "../../lib/accounts/account_record.ts";
import type { SourceServer } from "./source_server.ts";
import type { CookieJar } from "./cookie_jar.ts";
import type { DirectPostInput } from "../../lib/posting/direct_post_input_record.ts";
import { getTyped } from "../../lib/kv_keys.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import type { SandboxPublish } from "../../sandbox/tiktok/sandbox_records.ts";
import { sandboxAdmin } from "./dashboard_seed.ts";
import { assertJsonOk } from "./http_asserts.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";

/**
 * Server env for tests of a TikTok that does not answer in time: short, so
 * a stalled call is given up on soon; not so short that the creator_info
 * call before it times out on a busy machine.
 */
export const SHORT_TIKTOK_TIMEOUT = { TIKTOK_TIMEOUT_MS: "1000" } as const;

export interface Poster extends ApiClient {
  /** The dashboard session it signed in with. */
  jar: CookieJar;
  /** Uploads portrait.mp4 again (a new URL, so a new fingerprint). */
  uploadVideo(name?: string): Promise<string>;
  /** Queues sandbox faults or settings for this user. */
  sandbox(body: Record<string, unknown>): Promise<void>;
  /** Posts the sandbox published for this user. */
  sandboxPosts(): Promise<number>;
}

export async function posterFor(
  server: TestServer,
  username: string,
  plan: PlanId = "monthly",
  withhold: string[] = [],
): Promise<Poster> {
  const client = await apiClientFor(server, username, plan, withhold);
  return {
    ...client,
    async uploadVideo(name = "clip.mp4") {
      const r = await uploadBytes(
        client,
        await fixture(name === "landscape.mp4" ? name : "portrait.mp4"),
        {
          filename: name,
          contentType: "video/mp4",
        },
      );
      if (r.status !== 200) {
        throw new Error(`upload failed: ${JSON.stringify(r.body)}`);
      }
      return String(r.body.url);
    },
    sandbox: (body) => sandboxAdmin(server, client.openId, body),
    async sandboxPosts() {
      return Number((await sandboxUser(server, client.openId)).posts);
    },
  };
}

/** What the sandbox TikTok's admin endpoint tells of user `openId`. */
export interface SandboxUser {
  /** Its settings, with the faults still queued. */
  settings: { faults: unknown[] } & Record<string, unknown>;
  publishes_started: number;
  posts: number;
}

/** The sandbox TikTok's admin answer for user `openId`. */
export async function sandboxUser(
  server: { url: string },
  openId: string,
): Promise<SandboxUser> {
  const res = await fetch(
    `${server.url}/_sandbox/tiktok/_admin/users/${encodeURIComponent(openId)}`,
  );
  return await res.json();
}

/**
 * {@link posterFor}, whose webhook is then set to `hook`'s URL (a 200
 * answer).
 */
export async function hookedPoster(
  server: TestServer,
  hook: { url: string },
  username: string,
  plan: PlanId = "monthly",
): Promise<Poster> {
  const me = await posterFor(server, username, plan);
  const set = await me.json("PUT", "/api/webhook", { url: hook.url });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return me;
}

/** POST /api/tiktok/direct_post as `me`. */
export function directPost(me: Poster, body: unknown): Promise<Response> {
  return me.call("POST", "/api/tiktok/direct_post", body);
}

/** Posts a fresh upload of `me` titled `title`; its publish_id (a 200 answer). */
export async function postFreshVideo(
  me: Poster,
  title: string,
): Promise<string> {
  const res = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: await me.uploadVideo(),
    title,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return String(res.body.publish_id);
}

/** The account's posts, as GET /api/tiktok/posts lists them. */
export async function postsOf(
  me: Poster,
): Promise<Record<string, unknown>[]> {
  const res = await me.json("GET", "/api/tiktok/posts");
  if (res.status !== 200) {
    throw new Error(`GET /api/tiktok/posts: ${JSON.stringify(res.body)}`);
  }
  return res.body.posts as Record<string, unknown>[];
}

/**
 * POST /api/jobs as `me`: a TikTok post due at `runAt` of a fresh upload,
 * titled `scheduled <runAt>`, unless `extra` gives its source_url (or
 * `media_type: "PHOTO"` and its photos), title or more fields. The answer
 * as it came (not checked).
 */
export async function scheduleJob(
  me: Poster,
  runAt: number,
  extra: Record<string, unknown> = {},
): Promise<
  { status: number; body: Record<string, unknown>; headers: Headers }
> {
  const res = await me.call("POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(runAt).toISOString(),
    ...(extra.media_type === "PHOTO"
      ? {}
      : { source_url: extra.source_url ?? await me.uploadVideo() }),
    title: extra.title ?? `scheduled ${runAt}`,
    ...extra,
  });
  const body: Record<string, unknown> = await res.json();
  return { status: res.status, body, headers: res.headers };
}

/**
 * A job of `me` due in 10 minutes, titled `title`, run (the clock moved
 * on) into TikTok's init never answering (the server needs a short TikTok
 * timeout): it fails with an unknown outcome. Its id.
 */
export async function jobTikTokNeverAnswered(
  server: TestServer,
  me: Poster,
  title: string,
): Promise<string> {
  const job = await scheduleJob(me, server.clock.now() + 10 * 60_000, {
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  await me.sandbox({ faults: [{ fault: "timeout" }] });
  server.clock.advance(10 * 60_000);
  await runDueJobs(server.deps, { horizonMs: 0 });
  return String(job.body.job_id);
}

/** GET /api/limits as `me`: the body of its 200 JSON answer. */
export async function limitsOf(
  me: ApiClient,
): Promise<Record<string, unknown>> {
  return await assertJsonOk(await me.call("GET", "/api/limits"));
}

/** How many inits the sandbox TikTok accepted for the account. */
export async function initsAtTikTok(
  server: TestServer,
  me: Poster,
): Promise<number> {
  return Number((await sandboxUser(server, me.openId)).publishes_started);
}

/** The publish the sandbox TikTok recorded for `publishId` (it must exist). */
export async function publishAtTikTok(
  server: TestServer,
  publishId: unknown,
): Promise<SandboxPublish> {
  const entry = await getTyped(
    server.kv,
    sandboxKeys.publish(String(publishId)),
  );
  if (!entry.value) throw new Error(`TikTok has no publish ${publishId}`);
  return entry.value;
}

/** Adds and verifies the source server's host for `me`. */
export function verifySource(me: Poster, source: SourceServer): Promise<void> {
  return verifyDomain(me, source.host, (text) => source.verifyText = text);
}

/**
 * Adds `host` for `me`, has `serve` put the verification file's content
 * where the host answers it, then verifies the host.
 */
export async function verifyDomain(
  me: Pick<ApiClient, "json">,
  host: string,
  serve: (fileContent: string) => void,
): Promise<void> {
  const added = await me.json("POST", "/api/domains", { domain: host });
  if (added.status !== 200) throw new Error(JSON.stringify(added.body));
  serve(String(added.body.file_content));
  const verified = await me.json(
    "POST",
    `/api/domains/${encodeURIComponent(host)}/verify`,
  );
  if (verified.status !== 200) throw new Error(JSON.stringify(verified.body));
}

/** A new album holding the fixture images `names`; their URLs in order. */
export async function albumOf(
  me: ApiClient,
  ...names: string[]
): Promise<{ albumId: string; urls: string[] }> {
  const albumId = String((await me.json("POST", "/api/albums")).body.album_id);
  const urls: string[] = [];
  for (const name of names) {
    const r = await uploadBytes(me, await fixture(name), {
      filename: name,
      contentType: name.endsWith(".webp") ? "image/webp" : "image/jpeg",
      albumId,
    });
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    urls.push(String(r.body.url));
  }
  return { albumId, urls };
}

/** A plain video post's input for the domain functions, flags all off. */
export function plainVideoInput(
  sourceUrl: string,
  title: string,
): DirectPostInput {
  return {
    kind: "video",
    sourceUrl,
    title,
    disableComment: false,
    disableDuet: false,
    disableStitch: false,
    isAd: false,
    adYourBrand: false,
    adBrandedContent: false,
    brand: "",
  };
}
