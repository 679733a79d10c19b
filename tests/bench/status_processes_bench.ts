/**
 * `/api/tiktok/status` across processes: the same load sent to one server
 * process, then spread over two processes on one KV file, in alternating
 * rounds of the same run (both processes stay up throughout; in the
 * one-process rounds the other only runs its idle crons). Prints the
 * throughput of each, their ratio (two / one) and the 5xx answers (target:
 * none). Every call is a real one: an account's key and the publish its
 * scheduled job made, spread over all the fleet's accounts so the status
 * limits (20 a minute, 40 an hour per account) refuse none at full size.
 */
import { median } from "./bench_stats.ts";
import type { Fleet } from "./process_fleet.ts";

const CONCURRENCY = 32;
const DURATION_MS = 3_000;
const ROUNDS = 3;

interface Caller {
  apiKey: string;
  publishId: string;
}

interface Round {
  rps: number;
  non200: number;
  serverErrors: number;
  /** Each 5xx as `status code` (the JSON error code, or `-`) → count. */
  serverErrorKinds: Map<string, number>;
}

/** `503 database_busy`: what a 5xx answer was, from its JSON body. */
async function fiveXxKind(res: Response): Promise<string> {
  const text = await res.text();
  try {
    return `${res.status} ${JSON.parse(text).error ?? "-"}`;
  } catch {
    return `${res.status} -`;
  }
}

async function load(urls: string[], callers: Caller[], offset: number) {
  const end = performance.now() + DURATION_MS;
  let done = 0;
  let non200 = 0;
  let serverErrors = 0;
  const serverErrorKinds = new Map<string, number>();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const i = next++;
      const caller = callers[(offset + i) % callers.length];
      const res = await fetch(`${urls[i % urls.length]}/api/tiktok/status`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${caller.apiKey}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ publish_id: caller.publishId }),
      });
      if (res.status >= 500) {
        serverErrors++;
        const kind = await fiveXxKind(res);
        serverErrorKinds.set(kind, (serverErrorKinds.get(kind) ?? 0) + 1);
      } else await res.body?.cancel();
      if (res.status !== 200) non200++;
      done++;
    }
  }));
  return {
    rps: done / (DURATION_MS / 1000),
    non200,
    serverErrors,
    serverErrorKinds,
    done,
  };
}

export interface StatusAcrossProcesses {
  accounts: number;
  one: Round;
  two: Round;
}

export async function runStatusAcrossProcesses(
  fleet: Fleet,
  publishIds: Map<string, string>,
): Promise<StatusAcrossProcesses> {
  const callers: Caller[] = fleet.accounts.flatMap((a) => {
    const publishId = publishIds.get(a.account.openId);
    return publishId ? [{ apiKey: a.apiKey, publishId }] : [];
  });
  if (callers.length === 0) throw new Error("no posted job to ask about");
  const [a, b] = fleet.processes.map((p) => p.url);
  const one: Round[] = [];
  const two: Round[] = [];
  let offset = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts where the last stopped: no account is asked twice
    // in a row more than the load needs.
    const r1 = await load([a], callers, offset);
    offset += r1.done;
    one.push(r1);
    const r2 = await load([a, b], callers, offset);
    offset += r2.done;
    two.push(r2);
  }
  const summary = (rounds: Round[]): Round => ({
    rps: median(rounds.map((r) => r.rps)),
    non200: rounds.reduce((n, r) => n + r.non200, 0),
    serverErrors: rounds.reduce((n, r) => n + r.serverErrors, 0),
    serverErrorKinds: addKinds(rounds.map((r) => r.serverErrorKinds)),
  });
  return { accounts: callers.length, one: summary(one), two: summary(two) };
}

function addKinds(all: Map<string, number>[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const kinds of all) {
    for (const [k, n] of kinds) sum.set(k, (sum.get(k) ?? 0) + n);
  }
  return sum;
}

export function printStatusAcrossProcesses(r: StatusAcrossProcesses): void {
  const ratio = r.two.rps / r.one.rps;
  const errors = r.one.serverErrors + r.two.serverErrors;
  console.log(
    `\n/api/tiktok/status across processes on one KV file (${r.accounts} accounts, ${CONCURRENCY} clients, median of ${ROUNDS} alternating rounds)`,
  );
  console.log(
    `  one process ${r.one.rps.toFixed(0).padStart(6)} req/s   two processes ${
      r.two.rps.toFixed(0).padStart(6)
    } req/s   ratio two/one ${ratio.toFixed(2)}`,
  );
  console.log(
    `  5xx answers: ${errors} ${errors === 0 ? "PASS" : "FAIL"}${
      errors
        ? ` (${
          [...addKinds([r.one.serverErrorKinds, r.two.serverErrorKinds])]
            .map(([k, n]) => `${k} ×${n}`).join(", ")
        })`
        : ""
    }${
      r.one.non200 + r.two.non200
        ? `; other non-200: ${
          r.one.non200 + r.two.non200 - errors
        } (status limits: too few accounts for this load)`
        : ""
    }`,
  );
}
