/**
 * The refused-requests log (docs/api.md#refused-requests): what the API
 * refused an account's API key, one group per request and error code,
 * with a count and the last refusal's message, kept 7 days after the
 * group's last refusal. An automation that fails at 3 a.m. (an n8n run, a
 * Zap, an agent) leaves its reason where the dashboard shows it.
 *
 * Groups are bounded by construction: routes, methods and error codes are
 * PM3K's own (a path that is no route is one request, "no such route").
 * @module
 */
import { keys, listTyped } from "../kv_keys.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { refusalProblems } from "./api_refusal_record.ts";
import type { ApiRefusal, RefusalProblem } from "./api_refusal_record.ts";
import { TurnLines } from "../runtime/turn_lines.ts";
import { withoutKeys } from "../api_keys/key_redaction.ts";

/** How long a group is kept after its last refusal. */
export const REFUSAL_KEPT_MS = 7 * 24 * 3600_000;

/** The most of a message kept: TikTok's own words can be long. */
export const REFUSAL_MESSAGE_MAX = 500;

/**
 * The most different messages a group keeps: a message may echo an id, so
 * a group's messages are not bounded by PM3K's own; the oldest goes.
 */
export const REFUSAL_PROBLEMS_MAX = 5;

/** Commit tries before a refusal is given up (counted by another). */
const MAX_TRIES = 5;

/** One refusal, as the API answered it. */
export interface RefusalSeen {
  method: string;
  route: string;
  code: string;
  status: number;
  message: string;
  requestId: string;
}

/** Refusals of one group waiting for their commit, in one process. */
interface Batch {
  openId: string;
  seen: RefusalSeen;
  /** Its refusals' messages, as kept, the latest first. */
  problems: RefusalProblem[];
  count: number;
  firstAt: number;
  lastAt: number;
}

/**
 * This process's groups: the batch still taking refusals, by KV handle (so
 * by runtime) and group key; its commit waits its turn in the group's line.
 */
const openBatches = new WeakMap<Deno.Kv, Map<string, OpenBatch>>();
const groupLines = new TurnLines();

/** A batch not yet committed, and the answer its refusals will share. */
interface OpenBatch {
  batch: Batch;
  committed: Promise<boolean>;
}

/**
 * Adds one refusal to its group. Refusals of one group at once in this
 * process are counted in one commit, taken in turn, so a burst (an n8n
 * loop sent 429s) costs a commit at a time, not one each racing the
 * others. Other processes may count the same group: each commit checks
 * the group it read, and tries again. It also checks the account, so a
 * refusal answered while the account is erased leaves nothing behind.
 * @returns false when every try met a newer write (those refusals are
 *   then not counted; the caller logs it), else true
 */
export function recordApiRefusal(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  seen: RefusalSeen,
): Promise<boolean> {
  const k = keys.apiRefusal(openId, `${seen.method} ${seen.route}`, seen.code);
  const id = JSON.stringify(k);
  const now = deps.clock.now();
  let byGroup = openBatches.get(deps.kv);
  if (!byGroup) openBatches.set(deps.kv, byGroup = new Map());
  const open = byGroup.get(id);
  if (open) {
    // Joins the batch waiting for its turn: counted in its commit.
    open.batch.count++;
    open.batch.seen = seen;
    open.batch.lastAt = now;
    open.batch.problems = addProblem(open.batch.problems, seen, 1, now);
    return open.committed;
  }
  const batch: Batch = {
    openId,
    seen,
    problems: addProblem([], seen, 1, now),
    count: 1,
    firstAt: now,
    lastAt: now,
  };
  const committed = groupLines.run(deps.kv, id, () => {
    // Its turn: refusals from now on wait for the next commit.
    byGroup.delete(id);
    return commitBatch(deps, k, batch);
  });
  byGroup.set(id, { batch, committed });
  return committed;
}

async function commitBatch(
  deps: Pick<AppDeps, "kv">,
  k: ReturnType<typeof keys.apiRefusal>,
  batch: Batch,
): Promise<boolean> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const [entry, account] = await deps.kv.getMany<[ApiRefusal, unknown]>([
      k,
      keys.account(batch.openId),
    ]);
    if (account.value === null) return true;
    const { seen } = batch;
    const group: ApiRefusal = {
      method: seen.method,
      route: seen.route,
      code: seen.code,
      status: seen.status,
      // A message echoes the id or path it was given, a pasted key too.
      message: keptMessage(seen.message),
      count: (entry.value?.count ?? 0) + batch.count,
      firstAt: entry.value?.firstAt ?? batch.firstAt,
      lastAt: batch.lastAt,
      requestId: seen.requestId,
      problems: mergeProblems(
        entry.value ? refusalProblems(entry.value) : [],
        batch.problems,
      ),
    };
    const res = await deps.kv.atomic().check(entry, account)
      .set(k, group, { expireIn: REFUSAL_KEPT_MS })
      .commit();
    if (res.ok) return true;
  }
  return false;
}

/** A message as kept: an API key in it redacted, cut to the most kept. */
function keptMessage(message: string): string {
  return withoutKeys(message).slice(0, REFUSAL_MESSAGE_MAX);
}

/**
 * `problems` (the latest first) with `count` more refusals of `seen`'s
 * message at `at` first, the oldest beyond REFUSAL_PROBLEMS_MAX dropped.
 */
function addProblem(
  problems: RefusalProblem[],
  seen: Pick<RefusalSeen, "message" | "requestId">,
  count: number,
  at: number,
): RefusalProblem[] {
  const message = keptMessage(seen.message);
  const same = problems.find((p) => p.message === message);
  const others = problems.filter((p) => p !== same);
  return [
    {
      message,
      count: (same?.count ?? 0) + count,
      lastAt: at,
      requestId: seen.requestId,
    },
    ...others,
  ].slice(0, REFUSAL_PROBLEMS_MAX);
}

/** The stored problems with a batch's (newer) added, the latest first. */
function mergeProblems(
  stored: RefusalProblem[],
  batch: RefusalProblem[],
): RefusalProblem[] {
  return [...batch].reverse().reduce(
    (all, p) => addProblem(all, p, p.count, p.lastAt),
    stored,
  );
}

/** The account's refusal groups, the latest first. */
export async function listApiRefusals(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<ApiRefusal[]> {
  const now = deps.clock.now();
  const groups = (await listTyped(deps.kv, keys.apiRefusalsPrefix(openId)))
    .map((e) => e.value)
    // KV deletes an expired entry some time after it expires.
    .filter((g) => g.lastAt + REFUSAL_KEPT_MS > now);
  return groups.sort((a, b) => b.lastAt - a.lastAt);
}
