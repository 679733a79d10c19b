/**
 * Limits on `/api/tiktok/status` per TikTok account (seed §5.4): more than
 * 20 calls in a minute → `rate_limit_status`; more than 40 in an hour → the
 * first time `status_cooldown` until the next successful post; after that
 * post, while the same hour window is still over the cap,
 * `hourly_limit_status`. Windows are fixed: they start at the first call.
 * @module
 */
import { keys } from "../kv_keys.ts";
import type { TypedKey } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { Clock } from "../clock.ts";

export const STATUS_PER_MINUTE = 20;
export const STATUS_PER_HOUR = 40;

export interface StatusLimitState {
  minuteStart: number;
  minuteCount: number;
  hourStart: number;
  hourCount: number;
  /** Set when the hourly cap was first hit: polling waits for a post. */
  cooldownSince: number | null;
  /** True once a post lifted the cooldown inside the current hour window. */
  unlockedThisHour: boolean;
}

/**
 * Counts one status call, or throws the seed's 429 for it. `subject` is
 * read in the same round trip (the publish being asked about) and handed to
 * `accept`, which may refuse the call before anything is counted.
 */
export async function countStatusCall<T>(
  deps: { kv: Deno.Kv; clock: Clock },
  openId: string,
  subject: TypedKey<T>,
  accept: (entry: Deno.KvEntryMaybe<T>) => void,
): Promise<Deno.KvEntryMaybe<T>> {
  const { kv, clock } = deps;
  for (let attempt = 0; attempt < 50; attempt++) {
    const [entry, lastPost, read] = await kv.getMany<
      [StatusLimitState, number, T]
    >([keys.statusLimits(openId), keys.lastPostSuccess(openId), subject]);
    accept(read);
    const now = clock.now();
    const s: StatusLimitState = entry.value ? { ...entry.value } : {
      minuteStart: now,
      minuteCount: 0,
      hourStart: now,
      hourCount: 0,
      cooldownSince: null,
      unlockedThisHour: false,
    };
    if (now >= s.hourStart + 3600_000) {
      s.hourStart = now;
      s.hourCount = 0;
      s.unlockedThisHour = false;
    }
    if (now >= s.minuteStart + 60_000) {
      s.minuteStart = now;
      s.minuteCount = 0;
    }
    if (s.cooldownSince !== null) {
      if (lastPost.value !== null && lastPost.value > s.cooldownSince) {
        s.cooldownSince = null;
        s.unlockedThisHour = true;
      } else {
        throw cooldown();
      }
    }
    if (s.hourCount >= STATUS_PER_HOUR) {
      if (s.unlockedThisHour) {
        const reset = new Date(s.hourStart + 3600_000).toISOString();
        throw new AppError(
          "hourly_limit_status",
          "Hourly /status limit for this account reached; it resets at resetAt.",
          { extra: { retry_after: reset, resetAt: reset } },
        );
      }
      s.cooldownSince = now;
      await kv.atomic().check(entry).set(keys.statusLimits(openId), s).commit();
      throw cooldown();
    }
    if (s.minuteCount >= STATUS_PER_MINUTE) {
      throw new AppError(
        "rate_limit_status",
        "Too many /status calls for this account, please slow down.",
        {
          extra: {
            retry_after: new Date(s.minuteStart + 60_000).toISOString(),
          },
        },
      );
    }
    s.minuteCount++;
    s.hourCount++;
    const res = await kv.atomic().check(entry).set(keys.statusLimits(openId), s)
      .commit();
    if (res.ok) return read;
  }
  throw new AppError(
    "conflict",
    "Too many /status calls at the same moment; try again.",
  );
}

function cooldown(): AppError {
  return new AppError("status_cooldown", "Cooldown until next post.", {
    extra: { cooldown: "until_next_post" },
  });
}
