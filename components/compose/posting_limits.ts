/**
 * The composer's posting limits (docs/dashboard.md#compose): the next
 * free time to post and TikTok's cooldown, read from `GET /api/limits`
 * when the composer opens, after each send and when a scheduled post is
 * cancelled (its hour is free again).
 * @module
 */
import { useState } from "preact/hooks";
import { callApi } from "../api_client.ts";
import { reportFailure } from "../report_failure.ts";
import { firstPickableMinute } from "../compose_rules.ts";
import type { LimitsResponse } from "../../lib/http/api_responses.ts";

export interface PostingLimits {
  /** The earliest time a post is accepted, to the minute; null until read. */
  nextFree: string | null;
  /** End of TikTok's cooldown for this account (after a TikTok 429). */
  cooldownUntil: string | null;
  /**
   * Reads the limits again. Never rejects: a failure is reported on the
   * console and the limits read before stay.
   */
  reload(): Promise<void>;
}

export function usePostingLimits(): PostingLimits {
  const [nextFree, setNextFree] = useState<string | null>(null);
  const [cooldownUntil, setCooldownUntil] = useState<string | null>(null);

  async function load() {
    const limits = await callApi<LimitsResponse>("GET", "/api/limits");
    // Shown and compared to the minute the time field can hold.
    setNextFree(firstPickableMinute(limits.next_post_at));
    const cooldown = limits.cooldown_until;
    setCooldownUntil(cooldown && firstPickableMinute(cooldown));
  }

  return {
    nextFree,
    cooldownUntil,
    reload: () => load().catch(reportFailure("loading your posting limits")),
  };
}
