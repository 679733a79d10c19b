/**
 * Simulated days of activity, to show that nothing PM3K stores grows
 * without bound. A test server (sandbox TikTok, in-memory KV, local disk)
 * runs on a ManualClock; its KV records every write's expiry in simulated
 * time (kv_life_recorder.ts) and expires entries as KV would. Each day,
 * every account, over the real HTTP API: uploads a video and posts it
 * (with an Idempotency-Key, replayed once, then a few status calls) or
 * schedules it as a job two hours ahead; fails on purpose (a caption with a
 * link, an unknown publish_id, a bad upload, an abandoned upload, a job
 * cancelled, a publish TikTok fails, a TikTok 429); some days signs in, or
 * fails to; makes a photo album it never posts. Webhooks go to a receiver
 * that answers 200, or 500 for one account in ten (retried, then failed).
 * Between the accounts' turns and through the rest of each day the crons'
 * handlers run as ticks would (retention sweep, job runner, publish
 * follower, webhook deliveries). After each day the KV entries (sandbox
 * state aside) and stored objects are counted by key family and owner.
 * @module
 */
import { ManualClock } from "../../lib/clock.ts";
import { runAdminCommand } from "../../lib/admin/admin_commands.ts";
import { issueApiKey } from "../../lib/api_keys/api_keys.ts";
import { getPlan } from "../../lib/plans.ts";
import { sweepExpiredMedia } from "../../lib/media/retention.ts";
import { followDuePublishes } from "../../lib/posting/follow_publishes.ts";
import { deliverDueWebhooks } from "../../lib/webhooks/webhooks.ts";
import { failInterruptedJobs } from "../../lib/jobs/interrupted_jobs.ts";
import { runDueJobs } from "../../lib/jobs/due_jobs.ts";
import { DAY_MS, HOUR_MS } from "../../lib/posting/post_reservation.ts";
import { startTestServer } from "./test_server.ts";
import type { TestServer } from "./test_server.ts";
import { fixture } from "./api_client.ts";
import { consentCallback, visit } from "./sandbox_sign_in.ts";
import { familyOf, KvLifeRecorder } from "./kv_life_recorder.ts";
import { familyLives } from "./kv_families.ts";
import { jobLeaseMs } from "../../lib/jobs/job_timing.ts";
import type { LifeSettings } from "./kv_families.ts";

export interface GrowthOptions {
  accounts: number;
  days: number;
  /** Accounts acting at once (their requests interleave). */
  concurrency?: number;
  /** Strict documented-answers mode of the test server (tests: on). */
  strict?: boolean;
  /** Called after each simulated day (progress). */
  onDay?: (day: number, seconds: number) => void;
}

/** Entries of one family after a day: owned by accounts, or global. */
export interface FamilyCount {
  total: number;
  /** The most any one account owns. */
  maxPerAccount: number;
  /** The most any one account owns, leaving out pending ones (`state`). */
  maxSettledPerAccount: number;
  /** Entries owned by no account (per caption, per address, per state). */
  global: number;
}

export interface DaySnapshot {
  day: number;
  /** KV entries by family (sandbox state aside). */
  families: Map<string, FamilyCount>;
  /** Stored objects (media files) and their metadata files. */
  objects: number;
  objectMeta: number;
}

/** A live entry found past the life its family is given. */
export interface OverdueEntry {
  family: string;
  key: string;
  ageMs: number;
}

export interface GrowthRun {
  accounts: number;
  days: number;
  settings: LifeSettings;
  /** Index 0: after the accounts were set up; index d: after day d. */
  snapshots: DaySnapshot[];
  /** How each family's writes asked to live. */
  writes: ReadonlyMap<
    string,
    { writes: number; withExpiry: number; longestExpireInMs: number }
  >;
  /** Entries of swept families older than their window at the end. */
  overdue: OverdueEntry[];
  /** What the simulated requests answered: "what status" → count. */
  tally: Record<string, number>;
  /** Error lines the app logged. */
  errorLogs: string[];
  seconds: number;
}

interface SimAccount {
  i: number;
  username: string;
  openId: string;
  key: string;
}

const PLAN = "monthly";
/** Simulated time between two batches of accounts taking their turn. */
const TURN_MS = 20_000;
/** The crons tick every minute; the simulation every 5 minutes. */
const TICK_MS = 5 * 60_000;
const SCHEDULE_AHEAD_MS = 5 * HOUR_MS;

export async function simulateGrowth(
  options: GrowthOptions,
): Promise<GrowthRun> {
  const started = performance.now();
  const concurrency = options.concurrency ?? 8;
  // Day 1 starts at 08:00 UTC tomorrow; day 0 sets the accounts up.
  const today = new Date();
  const day1 = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate() + 1,
    8,
  );
  const clock = new ManualClock(day1 - DAY_MS);
  let recorder: KvLifeRecorder | null = null;
  const server = await startTestServer({
    clock,
    // TikTok's events too: the simulator sends them as TikTok would.
    env: { LOG_REQUESTS: "false", SANDBOX_WEBHOOKS: "on" },
    strictDocumentedAnswers: options.strict ?? false,
    wrapKv: (kv) => (recorder = new KvLifeRecorder(kv, clock)).kv,
  });
  const life = recorder!;
  const receiver = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, async (req) => {
    await req.body?.cancel();
    return new URL(req.url).pathname === "/fail"
      ? new Response("no", { status: 500 })
      : new Response("thanks");
  });
  const hookBase = `http://127.0.0.1:${(receiver.addr as Deno.NetAddr).port}`;
  const settings: LifeSettings = {
    mediaTtlMs: getPlan(PLAN).storageTtlHours * HOUR_MS,
    sessionTtlMs: server.deps.config.sessionTtlMs,
    scheduleAheadMs: SCHEDULE_AHEAD_MS,
    jobLeaseMs: jobLeaseMs(server.deps),
  };
  const tally: Record<string, number> = {};
  const sim: Sim = {
    server,
    clock,
    tally,
    video: await fixture("portrait.mp4"),
    photo: await fixture("photo2.jpg"),
  };
  try {
    const accounts: SimAccount[] = [];
    for (let i = 0; i < options.accounts; i += concurrency) {
      const batch = Array.from(
        { length: Math.min(concurrency, options.accounts - i) },
        (_, k) => i + k,
      );
      accounts.push(
        ...await Promise.all(batch.map((n) => setUpAccount(sim, n, hookBase))),
      );
    }
    const snapshots = [await snapshot(server, 0, accounts)];
    const tick = async () => {
      await life.expireDue();
      await sweepExpiredMedia(server.deps);
      await failInterruptedJobs(server.deps);
      await runDueJobs(server.deps, { horizonMs: 0 });
      await followDuePublishes(server.deps);
      await deliverDueWebhooks(server.deps);
    };
    for (let day = 1; day <= options.days; day++) {
      const dayStart = day1 + (day - 1) * DAY_MS;
      clock.set(dayStart);
      let nextTick = dayStart + TICK_MS;
      for (let i = 0; i < accounts.length; i += concurrency) {
        await Promise.all(
          accounts.slice(i, i + concurrency).map((a) => actOneDay(sim, a, day)),
        );
        clock.advance(TURN_MS);
        if (clock.now() >= nextTick) {
          await tick();
          nextTick = clock.now() + TICK_MS;
        }
      }
      // The rest of the day: the crons alone.
      while (clock.now() + TICK_MS < dayStart + DAY_MS) {
        clock.advance(TICK_MS);
        await tick();
      }
      clock.set(dayStart + DAY_MS - 1);
      await tick();
      snapshots.push(await snapshot(server, day, accounts));
      options.onDay?.(day, (performance.now() - started) / 1000);
    }
    const lives = familyLives(settings);
    const overdue: OverdueEntry[] = [];
    for await (const e of server.kv.list({ prefix: [] })) {
      const family = familyOf(e.key);
      const lifeOf = lives[family];
      if (lifeOf?.kind !== "swept") continue;
      const written = life.life(e.key)?.writtenAt;
      if (written === undefined) continue;
      const ageMs = clock.now() - written;
      // A sweep runs at each tick: allow one tick beyond the window.
      if (ageMs > lifeOf.windowMs + TICK_MS) {
        overdue.push({ family, key: JSON.stringify(e.key), ageMs });
      }
    }
    return {
      accounts: accounts.length,
      days: options.days,
      settings,
      snapshots,
      writes: life.families(),
      overdue,
      tally,
      errorLogs: server.logs.filter((l) => l.level === "error").map((l) =>
        JSON.stringify(l).slice(0, 400)
      ),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await receiver.shutdown();
    await server.close();
  }
}

interface Sim {
  server: TestServer;
  clock: ManualClock;
  tally: Record<string, number>;
  video: Uint8Array;
  photo: Uint8Array;
}

function count(sim: Sim, what: string, status: number): void {
  const k = `${what} ${status}`;
  sim.tally[k] = (sim.tally[k] ?? 0) + 1;
}

/** A JSON API call as the account; counts its answer. */
async function api(
  sim: Sim,
  a: SimAccount,
  what: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.server.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${a.key}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? {} : await res.json();
  count(sim, what, res.status);
  return { status: res.status, body: json };
}

/** An account made through the domain (as the admin CLI does), with a webhook. */
async function setUpAccount(
  sim: Sim,
  i: number,
  hookBase: string,
): Promise<SimAccount> {
  const { deps } = sim.server;
  const username = `grow_${i}`;
  const out = await runAdminCommand(deps, [
    "create-sandbox-user",
    username,
    "--plan",
    PLAN,
  ]);
  const openId = out.at(-1)!;
  const { apiKey } = await issueApiKey(deps, openId);
  const a = { i, username, openId, key: apiKey };
  await api(sim, a, "webhook set", "PUT", "/api/webhook", {
    url: `${hookBase}/${i % 10 === 0 ? "fail" : "ok"}`,
  });
  await api(sim, a, "domain added", "POST", "/api/domains", {
    domain: `media${i}.example.com`,
  });
  return a;
}

/** Upload start, PUT, complete; the URL when it was accepted. */
async function upload(
  sim: Sim,
  a: SimAccount,
  what: string,
  bytes: Uint8Array,
  options: { contentType?: string; albumId?: string; put?: boolean } = {},
): Promise<string | null> {
  const contentType = options.contentType ?? "video/mp4";
  const started = await api(sim, a, `${what} start`, "POST", "/api/uploads", {
    filename: contentType === "video/mp4" ? "v.mp4" : "p.jpg",
    content_type: contentType,
    size: bytes.length,
    ...(options.albumId ? { album_id: options.albumId } : {}),
  });
  if (started.status !== 200 || options.put === false) return null;
  const put = await fetch(String(started.body.upload_url), {
    method: "PUT",
    headers: started.body.headers as Record<string, string>,
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  await put.body?.cancel();
  count(sim, `${what} put`, put.status);
  const done = await api(
    sim,
    a,
    `${what} complete`,
    "POST",
    `/api/uploads/${started.body.upload_id}/complete`,
  );
  return done.status === 200 ? String(done.body.url) : null;
}

async function sandboxFault(sim: Sim, a: SimAccount, fault: string) {
  const res = await fetch(
    `${sim.server.url}/_sandbox/tiktok/_admin/users/${
      encodeURIComponent(a.openId)
    }`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ faults: [{ fault }] }),
    },
  );
  await res.body?.cancel();
  count(sim, `sandbox fault ${fault}`, res.status);
}

async function signIn(sim: Sim, a: SimAccount, decision: "authorize" | "deny") {
  const { jar, callback } = await consentCallback(
    sim.server,
    decision,
    a.username,
  );
  const res = await visit(jar, callback);
  await res.body?.cancel();
  count(sim, `sign-in ${decision}`, res.status);
}

/** One account's day; `x` varies which extras come on which day. */
async function actOneDay(sim: Sim, a: SimAccount, day: number): Promise<void> {
  const x = a.i + day;
  if (x % 7 === 0) await signIn(sim, a, "authorize");
  if (x % 7 === 3) await signIn(sim, a, "deny");
  const url = await upload(sim, a, "upload", sim.video);
  if (url && x % 2 === 0) {
    if (x % 6 === 4) await sandboxFault(sim, a, "publish_failed");
    if (x % 10 === 0) await sandboxFault(sim, a, "rate_limit");
    const body = { source_url: url, title: `day ${day} of ${a.username}` };
    const key = { "Idempotency-Key": `day-${day}` };
    const first = await api(
      sim,
      a,
      "direct_post",
      "POST",
      "/api/tiktok/direct_post",
      body,
      key,
    );
    await api(
      sim,
      a,
      "direct_post retried",
      "POST",
      "/api/tiktok/direct_post",
      body,
      key,
    );
    if (first.status === 200) {
      for (let k = 0; k < 3; k++) {
        await api(sim, a, "status", "POST", "/api/tiktok/status", {
          publish_id: first.body.publish_id,
        });
      }
    }
  } else if (url) {
    const at = (ms: number) => new Date(sim.clock.now() + ms).toISOString();
    if (x % 5 === 1) {
      // Cancelled before the day's job is made with the same video: a
      // scheduled video is taken for other jobs until its job is cancelled.
      const other = await api(sim, a, "job to cancel", "POST", "/api/jobs", {
        kind: "tiktok",
        run_at: at(SCHEDULE_AHEAD_MS),
        source_url: url,
        title: `cancelled job of day ${day} of ${a.username}`,
      });
      if (other.status === 200) {
        await api(
          sim,
          a,
          "job cancel",
          "DELETE",
          `/api/jobs/${other.body.job_id}`,
        );
      }
    }
    const job = await api(sim, a, "job", "POST", "/api/jobs", {
      kind: "tiktok",
      run_at: at(2 * HOUR_MS),
      source_url: url,
      title: `job of day ${day} of ${a.username}`,
    });
    if (job.status === 200) {
      await api(sim, a, "job read", "GET", `/api/jobs/${job.body.job_id}`);
    }
  }
  // Failures on purpose.
  await api(
    sim,
    a,
    "direct_post with a link",
    "POST",
    "/api/tiktok/direct_post",
    {
      source_url: url ?? "https://example.com/v.mp4",
      title: `see https://spam.example/${day}`,
    },
  );
  await api(sim, a, "status of another publish", "POST", "/api/tiktok/status", {
    publish_id: `v_pub_url~v2.${String(day).padStart(19, "0")}`,
  });
  if (x % 3 === 0) {
    const junk = new Uint8Array(sim.video.length).fill(7);
    await upload(sim, a, "bad upload", junk);
  }
  if (x % 4 === 1) {
    await upload(sim, a, "abandoned upload", sim.video, { put: false });
  }
  if (x % 5 === 2) {
    const album = await api(sim, a, "album", "POST", "/api/albums");
    if (album.status === 200) {
      await upload(sim, a, "album image", sim.photo, {
        contentType: "image/jpeg",
        albumId: String(album.body.album_id),
      });
    }
  }
}

/** Counts KV entries by family and owner, and the stored objects. */
async function snapshot(
  server: TestServer,
  day: number,
  accounts: SimAccount[],
): Promise<DaySnapshot> {
  const openIds = new Set(accounts.map((a) => a.openId));
  const entries: Deno.KvEntry<unknown>[] = [];
  for await (const e of server.kv.list({ prefix: [] })) {
    if (!familyOf(e.key).startsWith("sandbox_")) entries.push(e);
  }
  // Records that name their owner, by id: index entries point at them.
  const ownerOfId = new Map<string, string>();
  for (const e of entries) {
    const v = e.value as Record<string, unknown> | null;
    if (typeof v?.id === "string" && typeof v.openId === "string") {
      ownerOfId.set(v.id, v.openId);
    }
  }
  const owner = (e: Deno.KvEntry<unknown>): string | null => {
    for (const part of e.key) {
      if (typeof part !== "string") continue;
      if (openIds.has(part)) return part;
      const m = /^uploads\/([^/]+)\//.exec(part);
      if (m && openIds.has(m[1])) return m[1];
    }
    const v = e.value as Record<string, unknown> | null;
    if (typeof v?.openId === "string") return v.openId;
    for (const part of e.key) {
      if (typeof part === "string" && ownerOfId.has(part)) {
        return ownerOfId.get(part)!;
      }
    }
    return null;
  };
  const families = new Map<string, FamilyCount>();
  const perOwner = new Map<string, Map<string, number>>();
  const settledPerOwner = new Map<string, Map<string, number>>();
  const add = (
    to: Map<string, Map<string, number>>,
    family: string,
    who: string,
  ) => {
    const m = to.get(family) ?? new Map<string, number>();
    m.set(who, (m.get(who) ?? 0) + 1);
    to.set(family, m);
  };
  for (const e of entries) {
    const family = familyOf(e.key);
    const f = families.get(family) ??
      { total: 0, maxPerAccount: 0, maxSettledPerAccount: 0, global: 0 };
    f.total++;
    const who = owner(e);
    if (who === null) f.global++;
    else {
      add(perOwner, family, who);
      const state = (e.value as { state?: unknown } | null)?.state;
      if (state !== "pending") add(settledPerOwner, family, who);
    }
    families.set(family, f);
  }
  for (const [family, m] of perOwner) {
    families.get(family)!.maxPerAccount = Math.max(...m.values());
  }
  for (const [family, m] of settledPerOwner) {
    families.get(family)!.maxSettledPerAccount = Math.max(...m.values());
  }
  const dataDir = server.deps.config.dataDir;
  return {
    day,
    families,
    objects: await countFiles(`${dataDir}/media`),
    objectMeta: await countFiles(`${dataDir}/media-meta`),
  };
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) n += await countFiles(`${dir}/${e.name}`);
      else if (e.isFile) n++;
    }
  } catch (error) {
    // No folder yet: nothing stored.
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return n;
}
