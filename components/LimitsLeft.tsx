/**
 * What the account has left now, in Settings' plan card
 * (docs/dashboard.md#settings): TikTok posts over the last 24 hours and
 * when the next can go, uploads of the UTC day and when they start again.
 * The figures are `GET /api/limits`' (lib/posting/account_limits.ts), read
 * when the page is served; rendered by the server, no island.
 * @module
 */
import { LocalTime } from "./LocalTime.tsx";
import { POSTING_LIMITS } from "../lib/plans.ts";
import { nextUtcMidnight } from "../lib/media/upload_quota.ts";
import { firstPickableMinute } from "./compose_rules.ts";
import type { AccountLimits } from "../lib/posting/account_limits.ts";

export interface LimitsLeftProps {
  limits: AccountLimits;
  /** The plan's uploads a day. */
  uploadsPerDay: number;
  /** The time the figures were read at, epoch ms. */
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function LimitsLeft({ limits, uploadsPerDay, now }: LimitsLeftProps) {
  return (
    <>
      <h3>Left now</h3>
      <ul>
        <li data-testid="posts-left">
          TikTok posts: {limits.postsLeftToday} of {POSTING_LIMITS.postsPerDay}
          {" "}
          left, counted over the last 24 hours. The next can go{" "}
          {limits.nextPostAt <= now ? "now" : (
            // To the minute as the composer's "Next free": 16:25 shown for
            // 16:25:54 would be refused.
            <>
              at{" "}
              <LocalTime
                at={firstPickableMinute(iso(limits.nextPostAt))}
                zone
              />
            </>
          )}.
        </li>
        <li data-testid="uploads-left">
          Uploads: {limits.uploadsLeftToday} of {uploadsPerDay} left today. All
          {" "}
          {uploadsPerDay} again from{" "}
          <LocalTime at={iso(nextUtcMidnight(now))} zone />.
        </li>
      </ul>
    </>
  );
}
