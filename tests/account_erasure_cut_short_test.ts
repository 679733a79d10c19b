/**
 * An account deletion cut short (docs/accounts.md#a-deletion-cut-short):
 * the process dies, or KV fails, once the account record is gone and
 * before the rest is. The deletion stays marked pending; the same TikTok
 * user signing in again meets nothing of the deleted account (the sign-in
 * finishes the deletion first, or answers 503 with Retry-After while
 * another process holds it), and the retention cron finishes it too.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { consentCallback, signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import type { WebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { entriesNaming, objectsOf } from "./_helpers/account_traces.ts";
import { diesAfterAccountRecordGoes } from "./_helpers/dying_kv.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { albumOf } from "./_helpers/posting_setup.ts";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import type { CronRecorder } from "./_helpers/cron_recorder.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import {
  eraseAccount,
  ERASURE_CLAIM_MS,
} from "../lib/erasure/account_erasure.ts";
import {
  CRON_RETRY_AFTER_FAILURE_MS,
  ERASURE_MARKS_READ_PER_ROUND,
  ERASURES_PER_ROUND,
} from "../lib/erasure/pending_erasures.ts";
import { pendingDeletionLines } from "../lib/admin/admin_erasure.ts";
import { moveCronCursorOffIn } from "../lib/erasure/erasure_cron_cursor.ts";

/**
 * An account with what the review named: a webhook (URL and secret), a
 * domain, a scheduled job (its calendar), a post (its duplicate marks),
 * and the browser session it signed in with.
 */
async function accountWithTraces(
  server: TestServer,
  hookUrl: string,
  username: string,
): Promise<Poster> {
  const me = await posterFor(server, username, "monthly");
  const webhook = await me.json("PUT", "/api/webhook", { url: hookUrl });
  assert.equal(webhook.status, 200, JSON.stringify(webhook.body));
  const domain = await me.json("POST", "/api/domains", {
    domain: "media.example.com",
  });
  assert.equal(domain.status, 200, JSON.stringify(domain.body));
  const job = await me.json("POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
    source_url: await me.uploadVideo("scheduled.mp4"),
    title: `Scheduled, then deleted (${username})`,
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  const post = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: await me.uploadVideo("posted.mp4"),
    title: `Posted, then deleted (${username})`,
    privacy: "SELF_ONLY",
  });
  assert.equal(post.status, 200, JSON.stringify(post.body));
  assert.deepEqual(await tracesOf(server, me.openId), {
    webhook: true,
    domains: 1,
    calendar: true,
    jobs: 1,
    fingerprints: 1,
    captions: 1,
  });
  return me;
}

/** What of the old account's records the review found handed back. */
async function tracesOf(server: TestServer, openId: string) {
  const count = async (prefix: Deno.KvKey) =>
    (await Array.fromAsync(server.kv.list({ prefix }))).length;
  return {
    webhook: (await getTyped(server.kv, keys.webhook(openId))).value !== null,
    domains: await count(keys.domainsPrefix(openId)),
    calendar: (await getTyped(server.kv, keys.jobCalendar(openId))).value !==
      null,
    jobs: (await listTyped(server.kv, keys.jobsByAccountPrefix(openId)))
      .length,
    fingerprints: await count(keys.videoFingerprintsPrefix(openId)),
    captions: await count(keys.accountCaptionsPrefix(openId)),
  };
}

const NONE = {
  webhook: false,
  domains: 0,
  calendar: false,
  jobs: 0,
  fingerprints: 0,
  captions: 0,
};

/** The first part of every key still naming `openId`. */
async function familiesNaming(server: TestServer, openId: string) {
  const found = await entriesNaming(server, [openId]);
  return [...new Set(found.map((k) => JSON.parse(k)[0]))].sort();
}

/**
 * A `wrapKv` whose commit writing under `prefix` fails (KV refusing it)
 * once, after `arm()`.
 */
function failsOnceUnder(prefix: Deno.KvKey) {
  let armed = false;
  return {
    wrapKv: (kv: Deno.Kv) =>
      hookWritesUnder(kv, prefix, (real) => {
        if (!armed) return real();
        armed = false;
        return Promise.reject(new Error("KV failed the write"));
      }),
    arm() {
      armed = true;
    },
  };
}

/**
 * Deletes `openId` in a process that dies right after its first commit,
 * the one deleting the account record (and marking the deletion pending).
 */
async function dieAfterAccountRecord(server: TestServer, openId: string) {
  const died = await eraseAccount(
    { ...server.deps, kv: diesAfterAccountRecordGoes(server.kv, openId) },
    openId,
  ).then(() => null, (e) => e);
  assert.match(String(died), /the process died after its commit/);
}

/**
 * Runs `fn` with a server whose crons the test ticks (`crons`), a webhook
 * receiver, and KV refusing the commits deleting domains while
 * `failing.on` (or wrapped by `wrapKv` instead); all closed after.
 */
async function withTickedCrons(
  fn: (run: {
    server: TestServer;
    hook: WebhookReceiver;
    crons: CronRecorder;
    failing: { on: boolean };
  }) => Promise<void>,
  wrapKv?: (kv: Deno.Kv) => Deno.Kv,
): Promise<void> {
  const failing = { on: false };
  const hook = startWebhookReceiver(["ok"]);
  try {
    await withRecordedCronsOn(
      "local",
      (server, crons) => fn({ server, hook, crons, failing }),
      {
        wrapKv: wrapKv ?? ((kv) =>
          hookWritesUnder(
            kv,
            ["domains"],
            (real) =>
              failing.on
                ? Promise.reject(new Error("KV failed the write"))
                : real(),
          )),
      },
    );
  } finally {
    await hook.close();
  }
}

/** The old account's browser opens nothing: its dashboard sends it away. */
async function assertOpensNothing(server: TestServer, old: Poster) {
  const page = await visit(old.jar, `${server.url}/dashboard`);
  await page.body?.cancel();
  assert.equal(page.status, 303, "the old browser holds nothing");
}

Deno.test("a deletion cut short by a crash after the account record went: signing in again waits for it (503, Retry-After), then finishes it and starts a new account with none of the old one", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await accountWithTraces(server, hook.url, "cut_crash");
    // The process dies right after the commit deleting the account record.
    await dieAfterAccountRecord(server, me.openId);
    assert.equal(
      (await getTyped(server.kv, keys.account(me.openId))).value,
      null,
    );
    assert.notDeepEqual(await tracesOf(server, me.openId), NONE);
    const pending = (await getTyped(server.kv, keys.erasurePending(me.openId)))
      .value;
    assert.ok(pending, "the deletion is marked unfinished");

    // Right away: the deletion's claim still holds; nothing is made.
    const { jar, callback } = await consentCallback(
      server,
      "authorize",
      "cut_crash",
    );
    const refused = await visit(jar, callback);
    assert.equal(refused.status, 503);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(
      retryAfter > 0 && retryAfter <= ERASURE_CLAIM_MS / 1000,
      `Retry-After ${retryAfter}`,
    );
    const page = await refused.text();
    assert.match(page, /still deleting the account you deleted before/);
    // The wait it tells is Retry-After counted up, never shorter.
    const minutes = Math.ceil(retryAfter / 60);
    const wait = retryAfter < 60
      ? (retryAfter === 1 ? "a second" : `${retryAfter} seconds`)
      : (minutes === 1 ? "a minute" : `${minutes} minutes`);
    assert.ok(
      page.includes(`Please sign in again in ${wait}: you then start`),
      `the page tells the wait as "${wait}"`,
    );
    assert.equal(
      (await getTyped(server.kv, keys.account(me.openId))).value,
      null,
      "no account is made while the deletion is unfinished",
    );

    // After Retry-After: the sign-in finishes the deletion, then makes
    // a new account.
    server.clock.set(server.clock.now() + retryAfter * 1000);
    const back = await signIn(server, "cut_crash");
    assert.equal(back.openId, me.openId);
    assert.deepEqual(await tracesOf(server, me.openId), NONE);
    const account = (await getTyped(server.kv, keys.account(me.openId))).value!;
    assert.deepEqual([account.plan, account.apiKeyHash], [null, null]);
    assert.equal(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
      null,
      "the mark goes with the deletion's end",
    );
    assert.deepEqual(await objectsOf(server, me.openId), []);
    // Only what the new sign-in made names it: the account, its grant's
    // place in the refresh index, and the new browser's session.
    assert.deepEqual(await familiesNaming(server, me.openId), [
      "accounts",
      "sessions",
      "token_expiry",
    ]);
    // The old browser does not open the new account; the new one does.
    await assertOpensNothing(server, me);
    const fresh = await visit(back.jar, `${server.url}/dashboard`);
    assert.equal(fresh.status, 200, "the new browser is signed in");
    assert.ok(
      (await fresh.text()).includes(me.openId),
      "its dashboard is the new account's",
    );
  } finally {
    await server.close();
    await hook.close();
  }
});

Deno.test("a deletion cut short by a KV error is finished by the user's next sign-in at once: a new account, none of the old webhook, domains, jobs or duplicate marks", async () => {
  // KV fails the deletion's first session write (the step after the
  // account record), once.
  const failing = failsOnceUnder(keys.sessionsPrefix());
  const server = await startTestServer({ wrapKv: failing.wrapKv });
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await accountWithTraces(server, hook.url, "cut_kv_error");
    failing.arm();
    const failed = await eraseAccount(server.deps, me.openId).then(
      () => null,
      (e) => e,
    );
    assert.match(String(failed), /KV failed the write/);
    assert.equal(
      (await getTyped(server.kv, keys.account(me.openId))).value,
      null,
    );
    assert.notDeepEqual(await tracesOf(server, me.openId), NONE);

    const back = await signIn(server, "cut_kv_error");
    assert.equal(back.openId, me.openId);
    assert.deepEqual(await tracesOf(server, me.openId), NONE);
    assert.deepEqual(await familiesNaming(server, me.openId), [
      "accounts",
      "sessions",
      "token_expiry",
    ]);
    await assertOpensNothing(server, me);
  } finally {
    await server.close();
    await hook.close();
  }
});

Deno.test("the retention cron finishes a deletion cut short and removes its mark; one still held by its deletion waits for the claim to run out", async () => {
  // KV fails the commit deleting the webhook settings, once: the last
  // of the deletion's steps.
  const failing = failsOnceUnder(["webhooks"]);
  await withTickedCrons(async ({ server, hook, crons }) => {
    const failed = await accountWithTraces(server, hook.url, "cut_cron_a");
    const crashed = await accountWithTraces(server, hook.url, "cut_cron_b");
    const kept = await posterFor(server, "cut_cron_keep");

    failing.arm();
    const error = await eraseAccount(server.deps, failed.openId).then(
      () => null,
      (e) => e,
    );
    assert.match(String(error), /KV failed the write/);
    await dieAfterAccountRecord(server, crashed.openId);
    assert.ok(
      (await getTyped(server.kv, keys.webhook(failed.openId))).value,
      "the failed deletion left the webhook",
    );

    // The failed deletion let go of its mark: the next round finishes
    // it. The crashed one's claim still runs: it waits.
    await crons.tick("pm3k-media-retention");
    assert.deepEqual(await entriesNaming(server, [failed.openId]), []);
    assert.deepEqual(await objectsOf(server, failed.openId), []);
    assert.ok(
      (await getTyped(server.kv, keys.erasurePending(crashed.openId))).value,
    );
    assert.notDeepEqual(await tracesOf(server, crashed.openId), NONE);

    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
    await crons.tick("pm3k-media-retention");
    assert.deepEqual(await entriesNaming(server, [crashed.openId]), []);
    assert.deepEqual(await objectsOf(server, crashed.openId), []);
    assert.deepEqual(
      await Array.fromAsync(
        server.kv.list({ prefix: keys.erasuresPendingPrefix() }),
      ),
      [],
      "no mark is left",
    );
    const me = await kept.json("GET", "/api/me");
    assert.equal(me.status, 200, "the other account is untouched");
  }, failing.wrapKv);
});

/** `kv` whose `nth` committing write fails (KV refusing it), once. */
function failsNthCommit(kv: Deno.Kv, nth: number) {
  let commits = 0;
  const wrapped = hookWritesUnder(kv, [], (real) => {
    commits++;
    return commits === nth
      ? Promise.reject(new Error(`KV failed commit ${nth}`))
      : real();
  });
  return { kv: wrapped, commits: () => commits };
}

/** The ids of the account's uploads, albums, posts and jobs. */
async function idsListed(server: TestServer, openId: string) {
  const ids: string[] = [];
  for (
    const prefix of [
      keys.uploadsByAccountPrefix(openId),
      keys.albumsByAccountPrefix(openId),
      keys.postsByAccountPrefix(openId),
      keys.jobsByAccountPrefix(openId),
    ]
  ) {
    for (const e of await listTyped(server.kv, prefix)) ids.push(e.value);
  }
  return ids;
}

Deno.test("a deletion cut short at any one of its commits and run again leaves nothing naming the account or its records", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    for (let nth = 1;; nth++) {
      assert.ok(nth < 60, "the deletion ends within 60 commits");
      const me = await accountWithTraces(server, hook.url, `cut_at_${nth}`);
      await albumOf(me, "photo2.jpg");
      const ids = [me.openId, ...await idsListed(server, me.openId)];
      const failing = failsNthCommit(server.kv, nth);
      const first = await eraseAccount(
        { ...server.deps, kv: failing.kv },
        me.openId,
      ).then(() => null, (e) => e);
      if (first === null) {
        // Past its last commit: the whole deletion ran.
        assert.ok(failing.commits() < nth);
        assert.deepEqual(await entriesNaming(server, ids), []);
        break;
      }
      assert.match(String(first), new RegExp(`KV failed commit ${nth}`));
      await eraseAccount(server.deps, me.openId);
      assert.deepEqual(
        await entriesNaming(server, ids),
        [],
        `cut at commit ${nth}, then run again`,
      );
      assert.deepEqual(await objectsOf(server, me.openId), []);
    }
  } finally {
    await server.close();
    await hook.close();
  }
});

/**
 * The app's bucket, whose deletes of stored files (not their staging
 * copies) wait while a hold is set: a slow bucket.
 */
function slowBucket(server: TestServer) {
  let hold: Promise<void> | null = null;
  let waiting = 0;
  const real = server.deps.storage;
  const storage = new Proxy(real, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (name === "delete") {
        return async (key: string) => {
          if (hold && key.startsWith("uploads/")) {
            waiting++;
            await hold;
          }
          return await value.call(target, key);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    storage,
    waiting: () => waiting,
    /** Sets a new hold; returns its release. */
    hold() {
      let release = () => {};
      hold = new Promise<void>((r) => release = r);
      return release;
    },
    /** Deletes wait no more. */
    open() {
      hold = null;
    },
  };
}

/**
 * A poster with two videos whose deletion is started on a bucket that
 * holds each delete, and has reached its first file.
 */
async function deletionHeldAtFirstFile(server: TestServer, name: string) {
  const me = await posterFor(server, name, "monthly");
  await me.uploadVideo("one.mp4");
  await me.uploadVideo("two.mp4");
  const slow = slowBucket(server);
  const release = slow.hold();
  const t0 = server.clock.now();
  const erasing = eraseAccount(
    { ...server.deps, storage: slow.storage },
    me.openId,
  );
  await waitUntil(
    "the first file is being deleted",
    () => slow.waiting() === 1,
  );
  return { me, slow, release, t0, erasing };
}

Deno.test("a deletion that stalls past its hold while a sign-in finishes it stops: the new account's records survive, and a run beside a held mark sweeps nothing", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const held = await deletionHeldAtFirstFile(server, "cut_stall");
    const { me, slow, release, t0 } = held;
    const erasing = held.erasing.then(() => null, (e) => e);

    // A second run beside it (a tab, the admin CLI) while the mark is
    // held: refused, it sweeps nothing.
    const beside = await eraseAccount(server.deps, me.openId).then(
      () => null,
      (e) => e,
    );
    assert.equal(beside?.status, 409, String(beside));
    assert.equal((await idsListed(server, me.openId)).length, 2);

    // The first run stalls past its hold: the sign-in takes the mark
    // over, finishes the deletion, and the user starts afresh.
    server.clock.set(t0 + ERASURE_CLAIM_MS + 60_000);
    const again = await posterFor(server, "cut_stall", "monthly");
    assert.equal(again.openId, me.openId);
    const webhook = await again.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(webhook.status, 200, JSON.stringify(webhook.body));
    const before = await entriesNaming(server, [me.openId]);
    assert.ok(
      (await getTyped(server.kv, keys.webhook(me.openId))).value,
      "the new account has its webhook",
    );

    // The stalled run wakes: it stops at once, sweeping nothing more.
    slow.open();
    release();
    const stopped = await erasing;
    assert.match(String(stopped), /lost its hold/);
    assert.deepEqual(await entriesNaming(server, [me.openId]), before);
    assert.ok((await getTyped(server.kv, keys.webhook(me.openId))).value);
    const mine = await again.json("GET", "/api/me");
    assert.equal(mine.status, 200, "the new account still works");
  } finally {
    await server.close();
    await hook.close();
  }
});

Deno.test("a long deletion keeps its mark held: a sign-in meanwhile waits (503) rather than run it again and make the account under it", async () => {
  const server = await startTestServer();
  try {
    const held = await deletionHeldAtFirstFile(server, "cut_long");
    const { me, slow, t0, erasing } = held;
    let release1 = held.release;
    // Four minutes on the first file; the second waits in turn.
    server.clock.set(t0 + 4 * 60_000);
    const release2 = slow.hold();
    release1();
    release1 = () => {};
    await waitUntil(
      "the deletion holds its mark again",
      async () =>
        ((await getTyped(server.kv, keys.erasurePending(me.openId))).value
          ?.claimedUntil ?? 0) > t0 + ERASURE_CLAIM_MS,
    );
    // Past the first hold: the sign-in still waits for this deletion.
    server.clock.set(t0 + ERASURE_CLAIM_MS + 60_000);
    const { jar, callback } = await consentCallback(
      server,
      "authorize",
      "cut_long",
    );
    const refused = await visit(jar, callback);
    await refused.body?.cancel();
    assert.equal(refused.status, 503);
    assert.equal(
      (await getTyped(server.kv, keys.account(me.openId))).value,
      null,
    );
    slow.open();
    release2();
    const erased = await erasing;
    assert.equal(erased.uploads, 2);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    const back = await signIn(server, "cut_long");
    assert.equal(back.openId, me.openId);
    assert.deepEqual(await familiesNaming(server, me.openId), [
      "accounts",
      "sessions",
      "token_expiry",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("a run beside the deletion holding the mark is refused (409), sweeps nothing and leaves the other's hold", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await accountWithTraces(server, hook.url, "cut_beside");
    // The first run's process dies: its hold stands for 5 minutes.
    await dieAfterAccountRecord(server, me.openId);
    const held = (await getTyped(server.kv, keys.erasurePending(me.openId)))
      .value!;
    assert.ok(held.claimedUntil > server.clock.now());
    // A second run (a tab, the admin CLI) is refused before it sweeps.
    const second = await eraseAccount(server.deps, me.openId).then(
      () => null,
      (e) => e,
    );
    assert.equal(second?.status, 409, String(second));
    assert.deepEqual(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
      held,
      "the hold of the first run stands",
    );
    assert.notDeepEqual(await tracesOf(server, me.openId), NONE);
    // Once the hold has run out, a run takes the mark over and completes.
    server.clock.set(held.claimedUntil + 1000);
    await eraseAccount(server.deps, me.openId);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    await server.close();
    await hook.close();
  }
});

Deno.test("deletions that keep failing do not hold up the cron: with 3 failing marks first, a 4th is finished within two rounds", async () => {
  await withTickedCrons(async ({ server, crons, failing }) => {
    const posters = [];
    for (
      const name of ["cut_fail_a", "cut_fail_b", "cut_fail_c", "cut_fail_d"]
    ) {
      posters.push(await posterFor(server, name, "monthly"));
    }
    // Marks are read in open_id order: the first 3 keep failing.
    posters.sort((a, b) => a.openId < b.openId ? -1 : 1);
    const ids = posters.map((p) => p.openId);
    for (const me of posters.slice(0, ERASURES_PER_ROUND)) {
      const domain = await me.json("POST", "/api/domains", {
        domain: "media.example.com",
      });
      assert.equal(domain.status, 200, JSON.stringify(domain.body));
    }
    for (const id of ids) await dieAfterAccountRecord(server, id);
    // KV refuses, always, the commits deleting domains: only the
    // deletions of the accounts with one fail, at every run.
    failing.on = true;
    const last = ids[ERASURES_PER_ROUND];
    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
    await crons.tick("pm3k-media-retention");
    server.clock.set(server.clock.now() + 60_000);
    await crons.tick("pm3k-media-retention");
    assert.equal(
      (await getTyped(server.kv, keys.erasurePending(last))).value,
      null,
      "the 4th deletion is finished",
    );
    assert.deepEqual(await entriesNaming(server, [last]), []);
    for (const id of ids.slice(0, ERASURES_PER_ROUND)) {
      assert.ok((await getTyped(server.kv, keys.erasurePending(id))).value);
    }
  });
});

/**
 * `kv` counting the pending marks its listings hand out (`read.marks`),
 * whatever part of the app lists them.
 */
function countsMarksRead(read: { marks: number }) {
  const prefix = keys.erasuresPendingPrefix()[0];
  return (kv: Deno.Kv): Deno.Kv =>
    new Proxy(kv, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (name !== "list") {
          return typeof value === "function" ? value.bind(target) : value;
        }
        return (
          selector: Deno.KvListSelector,
          options?: Deno.KvListOptions,
        ) => {
          const first = "prefix" in selector && selector.prefix.length > 0
            ? selector.prefix[0]
            : "start" in selector
            ? selector.start[0]
            : undefined;
          const listed = target.list(selector, options);
          if (first !== prefix) return listed;
          return (async function* () {
            for await (const entry of listed) {
              read.marks++;
              yield entry;
            }
          })();
        };
      },
    });
}

/** Writes `count` marks held by live runs elsewhere, read before letters. */
async function heldMarks(server: TestServer, count: number) {
  const now = server.clock.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const openId = `!held-${String(i).padStart(4, "0")}`;
    ids.push(openId);
    await server.kv.set(keys.erasurePending(openId), {
      openId,
      since: now,
      claimedUntil: now + ERASURE_CLAIM_MS,
      holder: `run-${i}`,
    });
  }
  return ids;
}

Deno.test(`a cron round reads at most ${ERASURE_MARKS_READ_PER_ROUND} marks however many are pending, and the rounds after it read on from where it stopped`, async () => {
  const read = { marks: 0 };
  await withTickedCrons(async ({ server, crons }) => {
    const held = ERASURE_MARKS_READ_PER_ROUND * 2 + 50;
    await heldMarks(server, held);
    const perRound: number[] = [];
    for (let round = 0; round < 4; round++) {
      read.marks = 0;
      await crons.tick("pm3k-media-retention");
      perRound.push(read.marks);
    }
    // Three rounds read every mark once, the last the 50 left, and the
    // fourth starts again from the first.
    assert.deepEqual(perRound, [
      ERASURE_MARKS_READ_PER_ROUND,
      ERASURE_MARKS_READ_PER_ROUND,
      50,
      ERASURE_MARKS_READ_PER_ROUND,
    ]);
    assert.equal(
      (await getTyped(server.kv, keys.erasuresCronCursor())).value,
      `!held-${String(ERASURE_MARKS_READ_PER_ROUND - 1).padStart(4, "0")}`,
      "the cursor names the last mark the round read",
    );
    const left = await Array.fromAsync(
      server.kv.list({ prefix: keys.erasuresPendingPrefix() }),
    );
    assert.equal(left.length, held, "the held marks are left to their runs");
  }, countsMarksRead(read));
});

Deno.test(`the cron reads past more than ${ERASURE_MARKS_READ_PER_ROUND} marks held by other runs, a bounded part each round: a deletion cut short behind them is finished within a pass`, async () => {
  const read = { marks: 0 };
  await withTickedCrons(async ({ server, hook, crons }) => {
    const me = await accountWithTraces(server, hook.url, "cut_behind");
    await dieAfterAccountRecord(server, me.openId);
    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
    // Deletions held by live runs elsewhere, their open_ids read before
    // this one's ("!" comes before letters and digits).
    const held = ERASURE_MARKS_READ_PER_ROUND * 2 + 50;
    const ids = await heldMarks(server, held);
    assert.ok(ids.at(-1)! < me.openId, me.openId);
    // One pass over every mark: ⌈marks ÷ marks read per round⌉ rounds.
    const pass = Math.ceil((held + 1) / ERASURE_MARKS_READ_PER_ROUND);
    let rounds = 0;
    while (
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value &&
      rounds < pass + 1
    ) {
      read.marks = 0;
      await crons.tick("pm3k-media-retention");
      rounds++;
      assert.ok(
        read.marks <= ERASURE_MARKS_READ_PER_ROUND,
        `round ${rounds} read ${read.marks} marks`,
      );
    }
    assert.equal(rounds, pass, "finished in the pass's last round");
    assert.equal(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
      null,
      "the deletion behind the held marks is finished",
    );
    assert.deepEqual(
      await entriesNaming(server, [me.openId]),
      [],
      "nothing names it, the cron's cursor neither",
    );
    const left = await Array.fromAsync(
      server.kv.list<{ holder: string }>({
        prefix: keys.erasuresPendingPrefix(),
      }),
    );
    assert.deepEqual(
      left.map((e) => e.value.holder),
      ids.map((_, i) => `run-${i}`),
      "the held marks are left to their runs",
    );
  }, countsMarksRead(read));
});

Deno.test("the cron's cursor never names an account whose deletion finished: the round's and the deletion's own last step move it off", async () => {
  await withTickedCrons(async ({ server, crons }) => {
    const posters = [];
    for (const name of ["cut_cur_a", "cut_cur_b", "cut_cur_c", "cut_cur_d"]) {
      posters.push(await posterFor(server, name, "monthly"));
    }
    const ids = posters.map((p) => p.openId).sort();
    for (const id of ids) await dieAfterAccountRecord(server, id);
    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
    // The round takes 3 and stops at the 3rd, which it finished: the
    // cursor does not stay on it.
    await crons.tick("pm3k-media-retention");
    for (const id of ids.slice(0, ERASURES_PER_ROUND)) {
      assert.deepEqual(await entriesNaming(server, [id]), [], id);
    }
    assert.ok((await getTyped(server.kv, keys.erasurePending(ids[3]))).value);
    await crons.tick("pm3k-media-retention");
    assert.deepEqual(await entriesNaming(server, [ids[3]]), []);

    // A deletion finishing outside the cron (here the user's own) moves
    // the cursor that names it back to the mark before it.
    const [before] = await heldMarks(server, 1);
    const me = await posterFor(server, "cut_cur_e", "monthly");
    assert.ok(before < me.openId);
    await server.kv.set(keys.erasuresCronCursor(), me.openId);
    await eraseAccount(server.deps, me.openId);
    assert.equal(
      (await getTyped(server.kv, keys.erasuresCronCursor())).value,
      before,
    );
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  });
});

Deno.test("the cursor moved off a finished account never lands on a mark whose deletion finished meanwhile", async () => {
  // Real KV; the seam is the commit of gone_c's last step (its mark's
  // removal with the cursor's move): between the read of the mark before
  // (gone_b) and that commit, gone_b's deletion finishes (its own last
  // step meets the cursor still on gone_c). The commit must fail rather
  // than set the cursor on gone_b, and the step read again (as the
  // deletion's last step does).
  const kv = await Deno.openKv(":memory:");
  try {
    const mark = (openId: string) =>
      kv.set(keys.erasurePending(openId), {
        openId,
        since: 0,
        claimedUntil: 0,
        holder: "run",
      });
    for (const id of ["gone_a", "gone_b", "gone_c"]) await mark(id);
    await kv.set(keys.erasuresCronCursor(), "gone_c");
    const lastStep = async (on: Deno.Kv, openId: string) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const op = on.atomic().delete(keys.erasurePending(openId));
        await moveCronCursorOffIn({ kv: on }, op, openId);
        if ((await op.commit()).ok) return;
      }
      throw new Error(`${openId}'s last step never committed`);
    };
    let raced = false;
    const hooked = hookWritesUnder(
      kv,
      keys.erasuresCronCursor(),
      async (real) => {
        if (!raced) {
          raced = true;
          await lastStep(kv, "gone_b");
        }
        return await real();
      },
    );
    await lastStep(hooked, "gone_c");
    assert.ok(raced, "the cursor's write met the other deletion");
    assert.equal(
      (await getTyped(kv, keys.erasuresCronCursor())).value,
      "gone_a",
    );
  } finally {
    kv.close();
  }
});

Deno.test("after the cron failed to finish a deletion, the same user's sign-in finishes it at once rather than answer 503 for 5 minutes; the cron waits its 5 minutes", async () => {
  await withTickedCrons(async ({ server, hook, crons, failing }) => {
    const me = await accountWithTraces(server, hook.url, "cut_after_cron");
    await dieAfterAccountRecord(server, me.openId);
    server.clock.set(server.clock.now() + ERASURE_CLAIM_MS + 1000);
    failing.on = true;
    await crons.tick("pm3k-media-retention");
    const mark = (await getTyped(server.kv, keys.erasurePending(me.openId)))
      .value;
    assert.ok(mark, "the cron's run failed: the mark stays");
    // No run holds it: the operator's list says when the cron tries again.
    assert.deepEqual(await pendingDeletionLines(server.deps), [
      [
        me.openId,
        `since=${new Date(mark.since).toISOString()}`,
        `waiting for the retention cron from ${
          new Date(server.clock.now() + CRON_RETRY_AFTER_FAILURE_MS)
            .toISOString()
        }`,
      ].join("\t"),
    ]);
    assert.notDeepEqual(await tracesOf(server, me.openId), NONE);
    failing.on = false;

    // The cron tries it again only after its 5 minutes, not next round.
    server.clock.set(server.clock.now() + 60_000);
    await crons.tick("pm3k-media-retention");
    assert.ok(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
    );

    // No run is at work on it: the sign-in a minute later finishes it.
    const { jar, callback } = await consentCallback(
      server,
      "authorize",
      "cut_after_cron",
    );
    const back = await visit(jar, callback);
    await back.body?.cancel();
    assert.equal(back.status, 303, `sign-in answered ${back.status}`);
    assert.equal(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
      null,
    );
    assert.deepEqual(await tracesOf(server, me.openId), NONE);
    assert.ok((await getTyped(server.kv, keys.account(me.openId))).value);
  });
});

Deno.test("a deletion that stalls between its hold's check and a listing sweeps nothing the account made again meanwhile: every commit of the sweep checks the mark", async () => {
  let stall: { reached: () => void; release: Promise<void> } | null = null;
  const server = await startTestServer({
    // The deletion's commit of the old account's jobs waits while `stall`.
    wrapKv: (kv) =>
      hookWritesUnder(kv, ["jobs"], async (real) => {
        const s = stall;
        stall = null;
        if (s) {
          s.reached();
          await s.release;
        }
        return await real();
      }),
  });
  const hook = startWebhookReceiver(["ok"]);
  const failing = startWebhookReceiver(["500", "500", "500"]);
  try {
    const me = await accountWithTraces(server, hook.url, "cut_listing");
    const t0 = server.clock.now();
    let reached!: () => void;
    const atStall = new Promise<void>((r) => reached = r);
    let release!: () => void;
    stall = { reached, release: new Promise<void>((r) => release = r) };
    const erasing = eraseAccount(server.deps, me.openId).then(
      () => null,
      (e) => e,
    );
    await atStall;

    // It stalls past its hold: the sign-in takes the mark over, finishes
    // the deletion, and the new account has a delivery waiting to retry.
    server.clock.set(t0 + ERASURE_CLAIM_MS + 60_000);
    const again = await posterFor(server, "cut_listing", "monthly");
    assert.equal(again.openId, me.openId);
    const set = await again.json("PUT", "/api/webhook", { url: failing.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const sent = await again.json("POST", "/api/webhook/test");
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const waiting = async () =>
      (await Array.fromAsync(
        server.kv.list({ prefix: keys.webhookDuePrefix() }),
      )).filter((e) => e.key[2] === me.openId).length;
    assert.equal(await waiting(), 1, "the new account's delivery waits");
    const before = await entriesNaming(server, [me.openId]);

    // The stalled run wakes after its listing's check: it stops there.
    release();
    assert.match(String(await erasing), /lost its hold/);
    assert.equal(await waiting(), 1, "the new account's delivery still waits");
    assert.deepEqual(await entriesNaming(server, [me.openId]), before);
  } finally {
    await server.close();
    await hook.close();
    await failing.close();
  }
});
