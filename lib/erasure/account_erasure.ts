/**
 * Deleting an account and everything PM3K keeps for it
 * (docs/accounts.md#deleting-an-account), from the dashboard's Settings or
 * the admin CLI: TikTok's grant is revoked at TikTok, then the account
 * record and its API key go in one commit (from then on the key answers
 * 401 and a session no longer opens it), then every
 * record kept for it, and its stored files.
 *
 * It waits for nothing and is refused only while a post or a job of the
 * account is being sent to TikTok at that moment (minutes at most): its
 * request would write records after the sweep. Every step deletes what is
 * there, so running it again after a crash, or for an account already
 * gone, finishes the work. Before TikTok is asked, the deletion is marked
 * pending (`erasures_pending`), and the last step removes that mark: a deletion cut short is finished by the retention
 * cron or by the same user's next sign-in (pending_erasures.ts,
 * docs/accounts.md#a-deletion-cut-short).
 * @module
 */
import { getManyTyped, getTyped, keys, listTyped } from "../kv_keys.ts";
import type { TypedKey } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { logFailure } from "../runtime/logger.ts";
import { decryptText } from "../crypto/token_cipher.ts";
import { stepTokenExpiry } from "../accounts/token_expiry_index.ts";
import { accountWithMark } from "../accounts/accounts_store.ts";
import { newestPostRecords } from "../posting/post_list.ts";
import { postRequestMayRun } from "../posting/post_duration.ts";
import { KEEP } from "../posting/post_reservation.ts";
import { hasCaptionMark } from "../posting/caption_marks.ts";
import type { PostQuota, PostRecord } from "../posting/post_record.ts";
import type { TikTokEventRecord } from "../tiktok_webhooks/tiktok_event_record.ts";
import {
  deleteUploadObjects,
  uploadRecordKeys,
} from "../media/upload_removal.ts";
import type { Account } from "../accounts/account_record.ts";
import type { ErasurePending } from "./erasure_pending_record.ts";
import { moveCronCursorOffIn } from "./erasure_cron_cursor.ts";
import { signOutEverywhere } from "../sessions/sessions.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

export type EraseDeps = Pick<
  AppDeps,
  | "kv"
  | "clock"
  | "storage"
  | "log"
  | "config"
  | "ingestLimits"
  | "tokenKey"
  | "tiktokOAuth"
>;

/** What one erasure removed. */
export interface Erasure {
  /** The account record was there (false: a second run, or unknown). */
  found: boolean;
  /** TikTok accepted the revocation of PM3K's access. */
  revoked: boolean;
  uploads: number;
  albums: number;
  posts: number;
  jobs: number;
}

/**
 * How long the deletion that marked itself pending holds the mark: the
 * retention cron and a sign-in finish it only after this, unless it fails
 * and lets go first (docs/accounts.md#a-deletion-cut-short).
 */
export const ERASURE_CLAIM_MS = 5 * 60_000;

/** Mutations per commit: well under KV's limit of 1000. */
const BATCH = 100;

/** The recent posts looked at for one still being sent. */
const RECENT_POSTS = 50;

/**
 * What TikTok's revoke of the account's grant came to: `unknown` on the
 * first look at a mark left by another run, which may have died before it.
 */
type RevokeOutcome = "revoked" | "failed" | "not_connected" | "unknown";

/** What a refusal tells the user comes next, true to the revoke's outcome. */
const AFTER_SENT: Record<RevokeOutcome | "unmarked", string> = {
  unmarked: "delete the account once it is sent, in a few minutes.",
  unknown:
    "it is being deleted already, and the deletion finishes by itself once it is sent, in a few minutes.",
  revoked:
    "its TikTok access is revoked already, and the deletion finishes by itself once it is sent, in a few minutes.",
  failed:
    "TikTok did not revoke its access this time: the deletion finishes by itself once it is sent, in a few minutes, and asks TikTok again.",
  not_connected:
    "it holds no TikTok access to revoke, and the deletion finishes by itself once it is sent, in a few minutes.",
};

/**
 * Refuses while a post or job of the account is being sent to TikTok now
 * (`revoke` not `unmarked`: its deletion's mark is there, written before
 * TikTok's revoke by this run or by one cut short, so the deletion stays
 * marked and finishes by itself, docs/accounts.md#deleting-an-account).
 * Once the mark is written no job can be claimed (job_run.ts checks there
 * is none), so a look after it is final for jobs, however many are due:
 * the deleting commit need not check them (docs/architecture.md#kv-limits).
 * @throws {AppError} 409 `conflict` naming the post (`post_id`) or the job
 *   (`job_id`)
 */
async function refuseWhileSending(
  deps: EraseDeps,
  openId: string,
  revoke: RevokeOutcome | "unmarked",
): Promise<void> {
  const then = AFTER_SENT[revoke];
  for (const post of await newestPostRecords(deps, openId, RECENT_POSTS)) {
    if (postRequestMayRun(deps, post)) {
      throw new AppError(
        "conflict",
        `A post of this account is being sent to TikTok right now: ${then}`,
        { extra: { post_id: post.id } },
      );
    }
  }
  const ids = (await listTyped(deps.kv, keys.jobsByAccountPrefix(openId)))
    .map((e) => e.value);
  for (const job of await getManyTyped(deps.kv, ids.map(keys.job))) {
    if (job?.state === "publishing") {
      throw new AppError(
        "conflict",
        `A scheduled post of this account is being sent to TikTok right now: ${then}`,
        { extra: { job_id: job.id } },
      );
    }
  }
}

/** Revokes PM3K's access at TikTok; a failure is logged, not fatal. */
async function revokeAtTikTok(
  deps: EraseDeps,
  account: Account,
): Promise<Exclude<RevokeOutcome, "unknown">> {
  const grant = account.tiktok;
  if (!grant || account.tiktokReauthRequired) return "not_connected";
  try {
    await deps.tiktokOAuth.revoke(
      await decryptText(deps.tokenKey, grant.accessToken),
    );
    return "revoked";
  } catch (error) {
    // The tokens are deleted next whatever TikTok said: PM3K can no longer
    // use them, and TikTok lists the app until the creator removes it.
    logFailure(deps.log, "revoking PM3K's TikTok access of a deleted account", {
      open_id: account.openId,
    })(error);
    return "failed";
  }
}

/** The keys under `prefix`. */
async function keysUnder(
  deps: EraseDeps,
  prefix: Deno.KvKey,
): Promise<Deno.KvKey[]> {
  const found: Deno.KvKey[] = [];
  for await (const e of deps.kv.list({ prefix }, { consistency: "strong" })) {
    found.push(e.key);
  }
  return found;
}

/** The records an account index lists (its values are their ids). */
async function recordsListed<T>(
  deps: EraseDeps,
  index: TypedKey<string>,
  record: (id: string) => TypedKey<T>,
): Promise<T[]> {
  const ids = (await listTyped(deps.kv, index)).map((e) => e.value);
  const found = await getManyTyped(deps.kv, ids.map(record));
  return found.filter((r) => r !== null);
}

/**
 * Deletes each group of keys in one commit (several groups a commit, up to
 * {@link BATCH} keys): a record goes with its other index entries, so a
 * run cut short never leaves an entry only the deleted record named. Each
 * commit checks that the mark `held` is unchanged.
 */
async function deleteGroups(
  deps: EraseDeps,
  held: Held,
  groups: Deno.KvKey[][],
): Promise<void> {
  let op = deps.kv.atomic().check(held.entry);
  let count = 0;
  const commit = async () => {
    if (!(await op.commit()).ok) throw lostHold(held.openId);
  };
  for (const group of groups) {
    if (count > 0 && count + group.length > BATCH) {
      await commit();
      op = deps.kv.atomic().check(held.entry);
      count = 0;
    }
    for (const k of group) op.delete(k);
    count += group.length;
  }
  if (count > 0) await commit();
}

/**
 * Deletes the records an account index lists, each with the keys
 * `keysOf` names for it (its own and its other indexes); returns them.
 * `first` runs on them before: what it needs of them is still there for
 * a run after a crash.
 */
async function sweepListed<T>(
  deps: EraseDeps,
  held: Held,
  index: TypedKey<string>,
  record: (id: string) => TypedKey<T>,
  keysOf: (found: T) => Deno.KvKey[],
  first: (found: T[]) => Promise<void> = async () => {},
): Promise<T[]> {
  const found = await recordsListed(deps, index, record);
  await first(found);
  await deleteGroups(deps, held, found.map(keysOf));
  return found;
}

/**
 * Deletes the account `openId` and all PM3K keeps for it. An account that
 * is not there is swept all the same (a run after a crash mid-way).
 * @throws {AppError} 409 `conflict` while one of its posts is being sent
 */
export async function eraseAccount(
  deps: EraseDeps,
  openId: string,
  options: {
    /** The run's id in the pending mark (one who claimed it passes it). */
    holder?: string;
    /**
     * Takes the mark over even while another run holds it: the admin
     * CLI's, for an operator who knows that run died; the run it takes
     * it from stops at its next step (docs/accounts.md#a-deletion-cut-short).
     */
    takeOver?: boolean;
  } = {},
): Promise<Erasure> {
  const holder = options.holder ?? crypto.randomUUID();
  let erased: Erasure;
  try {
    const account = await deleteAccountRecord(
      deps,
      openId,
      holder,
      options.takeOver ?? false,
    );
    // Nothing is swept unless this run holds the mark. It is read again
    // even when the step above just held it: that step may not have (no
    // account, or another run deleted it first), and once held another
    // run can take it over before this read (the admin CLI's takeOver),
    // which must stop this run with a 409 before it signs anyone out
    // (docs/accounts.md#a-deletion-cut-short).
    await takeMark(deps, openId, holder, options.takeOver ?? false);
    erased = {
      found: account !== null,
      revoked: account?.revoked ?? false,
      ...await sweepAccount(deps, openId, holder),
    };
    // Last: nothing is left, so the same TikTok user may start afresh;
    // only while this run still holds the mark (another run finishing
    // first, or one taking over after a stall, has it).
    await removeMark(deps, openId, holder);
  } catch (error) {
    // Cut short: the retention cron or a sign-in takes it up at once
    // rather than after the claim (a crash leaves the claim to run out).
    await letGoOfPending(deps, openId, holder).catch(
      logFailure(deps.log, "letting go of an account deletion cut short", {
        open_id: openId,
      }),
    );
    throw error;
  }
  deps.log({
    level: "info",
    message: "account deleted with everything PM3K kept for it",
    open_id: openId,
    found: erased.found,
    revoked: erased.revoked,
    uploads: erased.uploads,
    posts: erased.posts,
    jobs: erased.jobs,
  });
  return erased;
}

/**
 * The deletion's last step: removes the account's pending mark while this
 * run holds it, and in the same commit moves the cron's cursor off it
 * (erasure_cron_cursor.ts): a process dying right after leaves nothing
 * naming the account (docs/accounts.md#a-deletion-cut-short).
 * @throws {Error} when another run holds the mark or removed it
 */
async function removeMark(
  deps: EraseDeps,
  openId: string,
  holder: string,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const mark = await getTyped(deps.kv, keys.erasurePending(openId));
    if (mark.value?.holder !== holder) throw lostHold(openId);
    const op = deps.kv.atomic().check(mark).delete(mark.key);
    await moveCronCursorOffIn(deps, op, openId);
    // Failed: the mark changed (the next look says so) or the cursor moved.
    if ((await op.commit()).ok) return;
  }
  throw new Error(
    `Cannot remove the pending mark of account ${openId}: too much contention`,
  );
}

/**
 * Opens the account's pending mark to the cron and sign-in at once, if
 * this run holds it (not one running beside it).
 */
async function letGoOfPending(
  deps: EraseDeps,
  openId: string,
  holder: string,
) {
  const entry = await getTyped(deps.kv, keys.erasurePending(openId));
  if (entry.value?.holder !== holder) return;
  await deps.kv.atomic().check(entry)
    .set(entry.key, { ...entry.value, claimedUntil: 0 }).commit();
}

/**
 * The run no longer holds the account's pending mark: another run (the
 * cron, a sign-in, a second deletion) took it over or finished it, so
 * this one stops before it sweeps what may be a new account's
 * (docs/accounts.md#a-deletion-cut-short).
 */
function lostHold(openId: string): Error {
  return new Error(
    `The deletion of account ${openId} lost its hold of the pending mark to another run: it stops.`,
  );
}

/**
 * The one rule for taking the account's pending mark (this run's
 * deletion, the cron's or a sign-in's claim): if `entry` is still the mark
 * as read, `holder` holds it for {@link ERASURE_CLAIM_MS} from `now`; a
 * mark already there keeps when the account went, a missing one is
 * written as of `now` (docs/accounts.md#a-deletion-cut-short).
 * @returns false when the mark changed since `entry` was read
 */
export async function holdMark(
  deps: Pick<EraseDeps, "kv" | "clock">,
  openId: string,
  entry: Deno.KvEntryMaybe<ErasurePending>,
  holder: string,
  now: number = deps.clock.now(),
): Promise<boolean> {
  const claimedUntil = now + ERASURE_CLAIM_MS;
  const value: ErasurePending = entry.value
    ? { ...entry.value, claimedUntil, holder }
    : { openId, since: now, claimedUntil, holder };
  const res = await deps.kv.atomic().check(entry).set(entry.key, value)
    .commit();
  return res.ok;
}

/**
 * Makes sure this run holds the account's pending mark before it sweeps:
 * the mark its own commit wrote or its claimer passed it, or a mark it
 * writes (an account already gone, run again) or takes over (its hold
 * ran out, or `takeOver`).
 * @throws {AppError} 409 `conflict` while another run holds the mark
 */
async function takeMark(
  deps: EraseDeps,
  openId: string,
  holder: string,
  takeOver: boolean,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const entry = await getTyped(deps.kv, keys.erasurePending(openId));
    if (entry.value?.holder === holder) return;
    const now = deps.clock.now();
    if (!takeOver && entry.value && entry.value.claimedUntil > now) break;
    if (await holdMark(deps, openId, entry, holder, now)) return;
  }
  throw new AppError(
    "conflict",
    "This account is being deleted right now: try again in a few minutes.",
  );
}

/**
 * Keeps the pending mark held while this deletion works: past half its
 * hold, it is held {@link ERASURE_CLAIM_MS} again, so a long deletion (many
 * stored files) is not taken up by the cron or a sign-in meanwhile, whose
 * new account it would then sweep. Returns the mark as it now is.
 * @throws {Error} when another run holds the mark or removed it, or the
 *   hold could not be renewed: this run stops (logged by its caller)
 */
async function keepHold(
  deps: EraseDeps,
  openId: string,
  holder: string,
): Promise<Held> {
  const entry = await getTyped(deps.kv, keys.erasurePending(openId));
  const now = deps.clock.now();
  if (entry.value?.holder !== holder) throw lostHold(openId);
  if (entry.value.claimedUntil - now > ERASURE_CLAIM_MS / 2) {
    return { openId, entry: entry as Deno.KvEntry<unknown> };
  }
  const value = { ...entry.value, claimedUntil: now + ERASURE_CLAIM_MS };
  const res = await deps.kv.atomic().check(entry).set(entry.key, value)
    .commit();
  if (!res.ok) throw lostHold(openId);
  return {
    openId,
    entry: { key: entry.key, value, versionstamp: res.versionstamp },
  };
}

/**
 * The account's pending mark as this run holds it: every commit of the
 * sweep checks it is unchanged, so a run that stalled past its hold
 * (between its look at the mark and a listing) deletes nothing of what the
 * account made again meanwhile (docs/accounts.md#a-deletion-cut-short).
 */
interface Held {
  openId: string;
  entry: Deno.KvEntry<unknown>;
}

/**
 * Deletes `ks`, each a group of its own, in {@link deleteGroups}' commits:
 * a run that lost its hold deletes none of them.
 */
function deleteKeysHeld(
  deps: EraseDeps,
  held: Held,
  ks: Deno.KvKey[],
): Promise<void> {
  return deleteGroups(deps, held, ks.map((k) => [k]));
}

/**
 * Deletes every record and file kept for `openId` once its account record
 * is gone; each step deletes what it finds, so a rerun completes it.
 */
async function sweepAccount(
  deps: EraseDeps,
  openId: string,
  holder: string,
): Promise<Omit<Erasure, "found" | "revoked">> {
  // Every browser holding it lets it go (the one deleting it too).
  await signOutEverywhere(deps, openId);

  // Uploads (album images included): their objects, then their records.
  const uploads = await recordsListed(
    deps,
    keys.uploadsByAccountPrefix(openId),
    keys.upload,
  );
  // Each file right after a look at the mark; the records after them all,
  // so a rerun finds the files through them.
  for (const upload of uploads) {
    await keepHold(deps, openId, holder);
    await deleteUploadObjects(deps, upload);
  }
  let held = await keepHold(deps, openId, holder);
  await deleteGroups(deps, held, uploads.map(uploadRecordKeys));

  held = await keepHold(deps, openId, holder);
  const albums = await sweepListed(
    deps,
    held,
    keys.albumsByAccountPrefix(openId),
    keys.album,
    (a) => [keys.album(a.id), keys.mediaExpiry(a.expiresAt, "album", a.id)],
  );
  held = await keepHold(deps, openId, holder);
  const posts = await sweepListed(
    deps,
    held,
    keys.postsByAccountPrefix(openId),
    keys.post,
    (p) => [
      keys.post(p.id),
      keys.postFallbackClaim(p.id),
      keys.postUploadFailure(p.id),
      keys.postStats(p.id),
      ...(p.publishId ? [keys.postByPublishId(p.publishId)] : []),
      ...(p.nextCheckAt !== null ? [keys.postFollow(p.nextCheckAt, p.id)] : []),
    ],
    // Before the posts go: a rerun finds the captions through them.
    (found) => forgetCaptionUses(deps, held, found),
  );
  held = await keepHold(deps, openId, holder);
  const jobs = await sweepListed(
    deps,
    held,
    keys.jobsByAccountPrefix(openId),
    keys.job,
    (j) => [
      keys.job(j.id),
      keys.jobDue(j.runAt, j.id),
      ...(j.leaseUntil !== null ? [keys.jobLease(j.leaseUntil, j.id)] : []),
    ],
  );

  // Deliveries waiting for their next attempt, keyed by time then account.
  const due: Deno.KvKey[] = [];
  for (const k of await keysUnder(deps, keys.webhookDuePrefix())) {
    if (k[2] === openId) due.push(k);
  }
  await deleteKeysHeld(deps, held, due);
  held = await keepHold(deps, openId, holder);

  // TikTok's events about the account (kept a week to dedupe redeliveries,
  // docs/tiktok.md#tiktoks-webhooks), keyed by their identity alone.
  const events: Deno.KvKey[] = [];
  for await (
    const e of deps.kv.list<TikTokEventRecord>({
      prefix: keys.tiktokEventsPrefix(),
    }, { consistency: "strong" })
  ) {
    if (e.value.userOpenId !== openId) continue;
    events.push(e.key);
    if (e.value.nextAttemptAt !== null) {
      events.push(keys.tiktokEventDue(e.value.nextAttemptAt, e.value.id));
    }
  }
  await deleteKeysHeld(deps, held, events);

  // Everything else kept under the account's id: its indexes (the lists
  // of uploads, albums, posts and jobs above), domains, deliveries,
  // idempotency keys, duplicate marks, day counts, refused requests, and
  // one of each record
  // that lives with the account (docs/architecture.md#how-long-each-record-lives).
  const underAccount = [
    keys.uploadsByAccountPrefix(openId),
    keys.albumsByAccountPrefix(openId),
    keys.postsByAccountPrefix(openId),
    keys.jobsByAccountPrefix(openId),
    keys.domainsPrefix(openId),
    keys.webhookDeliveriesPrefix(openId),
    keys.idempotencyPrefix(openId),
    keys.videoFingerprintsPrefix(openId),
    keys.accountCaptionsPrefix(openId),
    keys.uploadDayCountsPrefix(openId),
    keys.apiRefusalsPrefix(openId),
    keys.mcpCallsPrefix(openId),
  ];
  const singles = [
    keys.webhook(openId),
    keys.postQuota(openId),
    keys.lastPostSuccess(openId),
    keys.statusLimits(openId),
    keys.jobCalendar(openId),
    keys.mediaDeletedAt(openId),
    keys.ingestSlots(openId),
    keys.tiktokCooldown(openId),
    keys.creatorInfo(openId),
    keys.tiktokStatusCalls(openId),
    keys.tokenRefreshClaim(openId),
  ];
  const rest: Deno.KvKey[] = [...singles];
  for (const prefix of underAccount) {
    rest.push(...await keysUnder(deps, prefix));
  }
  // Each commit checks the mark is still this run's: one that stalled
  // past its hold while another finished the deletion and the user made
  // a new account deletes none of the new account's records.
  await deleteKeysHeld(deps, await keepHold(deps, openId, holder), rest);

  return {
    uploads: uploads.length,
    albums: albums.length,
    posts: posts.length,
    jobs: jobs.length,
  };
}

/**
 * Takes the account out of the captions' uses across accounts (the last
 * 24 hours, docs/posting.md#duplicates), which other accounts share.
 */
async function forgetCaptionUses(
  deps: EraseDeps,
  held: Held,
  posts: PostRecord[],
): Promise<void> {
  const openId = held.openId;
  const hashes = posts.map((p) => p.captionHash).filter(hasCaptionMark);
  for (const hash of new Set(hashes)) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const entry = await getTyped(deps.kv, keys.globalCaption(hash));
      const uses = entry.value?.uses ?? [];
      const others = uses.filter((u) => u.openId !== openId);
      if (others.length === uses.length) break;
      // The mark checked too: a run that lost its hold leaves the uses of
      // the account made again meanwhile.
      const op = deps.kv.atomic().check(entry, held.entry);
      if (others.length === 0) op.delete(entry.key);
      else op.set(entry.key, { uses: others }, KEEP.globalCaption);
      if ((await op.commit()).ok) break;
      const mark = await deps.kv.get(held.entry.key);
      if (mark.versionstamp !== held.entry.versionstamp) throw lostHold(openId);
    }
  }
}

/**
 * Marks the deletion pending (this run holding the mark), revokes the
 * account's grant at TikTok, then deletes the account record and its API
 * key in one commit that checks the mark: from then on nothing new starts for
 * it, so no new record is written behind the sweep, and the account is not
 * made again before the sweep ends. The mark comes first, so a process
 * dying during TikTok's revoke (seconds) leaves the deletion to the cron
 * and the next sign-in, which revoke again (TikTok takes a revoked token
 * again; docs/accounts.md#a-deletion-cut-short). Null when it was not
 * there.
 *
 * The commit checks the account's post quota, which every post's
 * reservation sets: a post starting meanwhile (TikTok's revoke can take
 * seconds) makes it fail, and the next look refuses; a reservation after
 * it finds no account (post_reservation.ts). Jobs are looked at once the
 * mark is written, which no claim gets past (job_run.ts): one claimed
 * before refuses the deletion, none can be claimed after, so the commit
 * keeps to three checks however many jobs are due (docs/architecture.md#kv-limits).
 * @throws {AppError} 409 `conflict` while one of its posts is being sent
 */
async function deleteAccountRecord(
  deps: EraseDeps,
  openId: string,
  holder: string,
  takeOver: boolean,
): Promise<{ revoked: boolean } | null> {
  // Before the mark: a refusal here leaves nothing asked. The mark read
  // with the account (one round trip): its state, not the run, says
  // whether a refusal leaves the deletion to finish by itself (a run after
  // one cut short finds it on its first look).
  const [found, first] = await accountWithMark(deps.kv, openId);
  await refuseWhileSending(
    deps,
    openId,
    first.value === null ? "unmarked" : "unknown",
  );
  if (!found.value) return null;
  // The mark that the deletion is under way, before TikTok is asked: a
  // crash from here on leaves it for the cron and the next sign-in. From
  // it on no job of the account can be claimed.
  await takeMark(deps, openId, holder, takeOver);
  // The grant as it is once marked, not as first read: a sign-in between
  // the two brought a new grant to revoke, TikTok's disconnection left
  // none; from the mark on neither sign-in nor refresh changes it.
  const marked = (await getTyped(deps.kv, keys.account(openId))).value;
  const revoke = marked ? await revokeAtTikTok(deps, marked) : "not_connected";
  const revoked = revoke === "revoked";
  for (let attempt = 0; attempt < 10; attempt++) {
    const [quota, mark, entry] = await deps.kv.getMany<
      [PostQuota, ErasurePending, Account]
    >([
      keys.postQuota(openId),
      keys.erasurePending(openId),
      keys.account(openId),
    ]);
    const account = entry.value;
    if (!account) return { revoked };
    // After the mark: a job claimed before it is seen here, and no other
    // can be claimed now; a post reserved after the quota's read fails
    // the commit.
    await refuseWhileSending(deps, openId, revoke);
    if (mark.value?.holder !== holder) throw lostHold(openId);
    const now = deps.clock.now();
    const op = deps.kv.atomic().check(entry, quota, mark)
      .delete(entry.key)
      .set(mark.key, { ...mark.value, claimedUntil: now + ERASURE_CLAIM_MS });
    if (account.apiKeyHash) op.delete(keys.apiKeyByHash(account.apiKeyHash));
    stepTokenExpiry(op, openId, account, null);
    if ((await op.commit()).ok) return { revoked };
  }
  throw new Error("Cannot delete the account: too much contention");
}
