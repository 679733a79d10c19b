/**
 * What a growth simulation (growth_sim.ts) proves, family by family,
 * against the lives of kv_families.ts:
 * - every family written is catalogued with a life;
 * - a family that expires carried `expireIn` on every write, never longer
 *   than its life; a swept one has no entry older than its window; one that
 *   lives with its account, or is capped, stays within its count;
 * - per account, the families that live a day or less or with the account
 *   stay flat: after the last day at most `FLAT_FACTOR` × after day 1;
 * - a family kept by a longer window (media, sessions, idempotency keys,
 *   post and job history, duplicate windows) stops growing once its window
 *   is full: after the last day at most `FLAT_FACTOR` × the day its window
 *   filled, or, when the window outlasts the run, its expiry is shown by
 *   the writes themselves.
 * @module
 */
import { DAY_MS } from "../../lib/posting/post_reservation.ts";
import {
  familyLives,
  isShortLived,
  keyFamilies,
  windowOf,
} from "./kv_families.ts";
import type { FamilyLife } from "./kv_families.ts";
import type { DaySnapshot, GrowthRun } from "./growth_sim.ts";

export const FLAT_FACTOR = 1.5;

export interface FamilyRow {
  family: string;
  life: FamilyLife | undefined;
  /** Entries per account after day 1 and after the last day. */
  first: number;
  last: number;
  /** The day the family's window filled (compared with the last day). */
  fullDay: number | null;
  atFull: number | null;
  problems: string[];
}

export interface GrowthVerdict {
  rows: FamilyRow[];
  /** Per account: short-lived and account families, day 1 and last day. */
  flat: { first: number; last: number; ok: boolean };
  /** Per account: families kept by a window longer than a day. */
  windowed: { first: number; last: number };
  objects: {
    first: number;
    last: number;
    fullDay: number;
    atFull: number;
    ok: boolean;
  };
  /** Every problem found (empty: all hold). */
  problems: string[];
}

const perAccount = (s: DaySnapshot, family: string, accounts: number) =>
  (s.families.get(family)?.total ?? 0) / accounts;

export function judgeGrowth(run: GrowthRun): GrowthVerdict {
  const lives = familyLives(run.settings);
  const first = run.snapshots[1];
  const last = run.snapshots[run.days];
  const problems: string[] = [];
  for (const family of keyFamilies()) {
    if (!lives[family]) {
      problems.push(`${family}: a key family with no life in kv_families.ts`);
    }
  }
  const seen = new Set([
    ...run.writes.keys(),
    ...run.snapshots.flatMap((s) => [...s.families.keys()]),
  ]);
  const rows: FamilyRow[] = [];
  let flatFirst = 0;
  let flatLast = 0;
  let windowedFirst = 0;
  let windowedLast = 0;
  for (const family of [...seen].sort()) {
    if (family.startsWith("sandbox_")) continue;
    const life = lives[family];
    const row: FamilyRow = {
      family,
      life,
      first: perAccount(first, family, run.accounts),
      last: perAccount(last, family, run.accounts),
      fullDay: null,
      atFull: null,
      problems: [],
    };
    const writes = run.writes.get(family);
    const final = last.families.get(family);
    if (!life) row.problems.push("written, but no life is catalogued");
    else if (life.kind === "never") {
      if (writes) row.problems.push("written, though catalogued as read only");
    } else if (life.kind === "expires") {
      if (writes && writes.withExpiry < writes.writes) {
        row.problems.push(
          `${
            writes.writes - writes.withExpiry
          } of ${writes.writes} writes carried no expireIn`,
        );
      }
      if (writes && writes.longestExpireInMs > life.windowMs) {
        row.problems.push(
          `asked to live ${days(writes.longestExpireInMs)}, longer than its ${
            days(life.windowMs)
          }`,
        );
      }
    } else if (life.kind === "single") {
      if ((final?.total ?? 0) > 1) {
        row.problems.push(`${final!.total} entries (at most one)`);
      }
    } else if (life.kind === "account") {
      if ((final?.maxPerAccount ?? 0) > life.max) {
        row.problems.push(
          `${
            final!.maxPerAccount
          } entries for one account (at most ${life.max})`,
        );
      }
    } else if (life.kind === "capped") {
      if ((final?.maxSettledPerAccount ?? 0) > life.max) {
        row.problems.push(
          `${
            final!.maxSettledPerAccount
          } settled entries for one account (at most ${life.max}, ${life.by})`,
        );
      }
    } else if (life.kind === "swept") {
      const overdue = run.overdue.filter((o) => o.family === family);
      if (overdue.length) {
        row.problems.push(
          `${overdue.length} entries older than its ${
            days(life.windowMs)
          } (not removed by ${life.by}), e.g. ${overdue[0].key}`,
        );
      }
    }
    if (life && isShortLived(life)) {
      flatFirst += row.first;
      flatLast += row.last;
    } else if (life) {
      windowedFirst += row.first;
      windowedLast += row.last;
      const windowMs = windowOf(life);
      if (windowMs !== null) {
        const fullDay = Math.ceil(windowMs / DAY_MS) + 1;
        if (fullDay < run.days) {
          row.fullDay = fullDay;
          row.atFull = perAccount(run.snapshots[fullDay], family, run.accounts);
          if (row.last > FLAT_FACTOR * row.atFull) {
            row.problems.push(
              `still growing once its ${days(windowMs)} window was full: ${
                row.atFull.toFixed(2)
              } per account on day ${fullDay}, ${
                row.last.toFixed(2)
              } on day ${run.days}`,
            );
          }
        }
      }
    }
    for (const p of row.problems) problems.push(`${family}: ${p}`);
    rows.push(row);
  }
  const flatOk = flatLast <= FLAT_FACTOR * flatFirst;
  if (!flatOk) {
    problems.push(
      `short-lived and account families grew from ${flatFirst.toFixed(2)} to ${
        flatLast.toFixed(2)
      } entries per account (more than ${FLAT_FACTOR}×)`,
    );
  }
  const mediaFull = Math.ceil(run.settings.mediaTtlMs / DAY_MS) + 1;
  const objectsAt = (s: DaySnapshot) => s.objects / run.accounts;
  const objFullDay = Math.min(mediaFull, run.days);
  const objects = {
    first: objectsAt(first),
    last: objectsAt(last),
    fullDay: objFullDay,
    atFull: objectsAt(run.snapshots[objFullDay]),
    ok: objectsAt(last) <=
      FLAT_FACTOR * objectsAt(run.snapshots[objFullDay]),
  };
  if (!objects.ok) {
    problems.push(
      `stored objects still growing once the media TTL was full: ${
        objects.atFull.toFixed(2)
      } per account on day ${objFullDay}, ${
        objects.last.toFixed(2)
      } on day ${run.days}`,
    );
  }
  if (last.objectMeta > last.objects) {
    problems.push(
      `${
        last.objectMeta - last.objects
      } object metadata files without their object`,
    );
  }
  return {
    rows,
    flat: { first: flatFirst, last: flatLast, ok: flatOk },
    windowed: { first: windowedFirst, last: windowedLast },
    objects,
    problems,
  };
}

/** A duration in days (or hours, minutes) for messages. */
export function days(ms: number): string {
  if (ms >= DAY_MS) return `${+(ms / DAY_MS).toFixed(1)} d`;
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  return `${+(ms / 60_000).toFixed(1)} min`;
}
