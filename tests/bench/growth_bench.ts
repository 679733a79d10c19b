/**
 * Nothing grows without bound: simulated days of activity for many
 * accounts on a ManualClock (tests/_helpers/growth_sim.ts), then KV entries
 * and stored objects per account after day 1 and after the last day,
 * family by family, judged by tests/_helpers/growth_verdict.ts.
 */
import { simulateGrowth } from "../_helpers/growth_sim.ts";
import type { GrowthRun } from "../_helpers/growth_sim.ts";
import { days, FLAT_FACTOR, judgeGrowth } from "../_helpers/growth_verdict.ts";
import type { FamilyLife } from "../_helpers/kv_families.ts";

export async function runGrowthBench(
  size: { accounts: number; days: number },
): Promise<GrowthRun> {
  return await simulateGrowth({
    ...size,
    onDay: (day, seconds) =>
      console.error(`  (growth: day ${day} done at ${seconds.toFixed(0)} s)`),
  });
}

function lifeText(life: FamilyLife | undefined): string {
  if (!life) return "NONE";
  switch (life.kind) {
    case "never":
      return "never written";
    case "single":
      return "one for the service";
    case "account":
      return `with the account (≤ ${life.max})`;
    case "expires":
      return `expires ≤ ${days(life.windowMs)}`;
    case "swept":
      return `swept ≤ ${days(life.windowMs)}`;
    case "capped":
      return `capped at ${life.max}`;
  }
}

export function printGrowthResults(run: GrowthRun): void {
  const v = judgeGrowth(run);
  const n = run.days;
  const f = (x: number) => x.toFixed(2).padStart(7);
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  console.log(
    `\nNothing grows without bound: ${run.accounts} accounts, ${n} simulated days (${
      run.seconds.toFixed(0)
    } s)`,
  );
  console.log(`  per account                          day 1  day ${n}`);
  console.log(
    `  KV entries, all                    ${
      f(v.flat.first + v.windowed.first)
    }${f(v.flat.last + v.windowed.last)}`,
  );
  console.log(
    `    living ≤ 1 day or with account   ${f(v.flat.first)}${
      f(v.flat.last)
    }   ×${(v.flat.last / v.flat.first).toFixed(2)} (target ≤ ${FLAT_FACTOR}) ${
      verdict(v.flat.ok)
    }`,
  );
  console.log(
    `    kept by windows > 1 day          ${f(v.windowed.first)}${
      f(v.windowed.last)
    }   (each flat once its window is full, or expiring)`,
  );
  console.log(
    `  stored objects                     ${f(v.objects.first)}${
      f(v.objects.last)
    }   ${
      f(v.objects.atFull).trim()
    } on day ${v.objects.fullDay} (media TTL full) ${verdict(v.objects.ok)}`,
  );
  console.log(
    `  family                       life                        day 1  day ${n}  window full`,
  );
  for (const r of v.rows) {
    console.log(
      `    ${r.family.padEnd(25)}${lifeText(r.life).padEnd(26)}${f(r.first)}${
        f(r.last)
      }${
        r.fullDay === null ? "" : `  ${r.atFull!.toFixed(2)} (day ${r.fullDay})`
      }${r.problems.length ? "  FAIL" : ""}`,
    );
  }
  const answers = Object.entries(run.tally).sort(([a], [b]) =>
    a.localeCompare(b)
  ).map(([k, c]) => `${k}: ${c}`).join(", ");
  console.log(`  requests made: ${answers}`);
  if (run.errorLogs.length) {
    console.log(`  error lines logged: ${run.errorLogs.length}`);
    for (const line of run.errorLogs.slice(0, 3)) console.log(`    ${line}`);
  }
  console.log(
    `  every family expires, is swept, capped or lives with its account: ${
      verdict(v.problems.length === 0)
    }`,
  );
  for (const p of v.problems) console.log(`    ${p}`);
}

if (import.meta.main) {
  printGrowthResults(
    await runGrowthBench({
      accounts: Number(Deno.env.get("BENCH_ACCOUNTS") ?? 1000),
      days: Number(Deno.env.get("BENCH_DAYS") ?? 30),
    }),
  );
}
