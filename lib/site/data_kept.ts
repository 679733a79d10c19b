/**
 * What PM3K keeps about an account and for how long, as its Privacy Policy
 * page says it (docs/accounts.md#privacy-policy-and-terms). Every figure is
 * read from the constant or setting the code itself uses, so the page
 * cannot drift from what the service does; the records behind each row are
 * in docs/architecture.md#how-long-each-record-lives.
 * @module
 */
import { POST_STATS_TTL_MS } from "../posting/post_stats.ts";
import type { Config } from "../config.ts";
import { PLAN_IDS, PLANS } from "../plans.ts";
import {
  DUPLICATE_WINDOW_MS,
  POST_KEPT_MS,
} from "../posting/post_reservation.ts";
import { JOB_KEPT_MS } from "../jobs/jobs.ts";
import { IDEMPOTENCY_KEPT_MS } from "../posting/idempotency.ts";
import { DELIVERY_LOG_SIZE } from "../webhooks/webhooks.ts";
import { HOUR_MS } from "../time_units.ts";
import { spokenDuration } from "./spoken_duration.ts";
import { SIGN_IN_COUNT_KEPT_MS } from "../auth/sign_in_rate_limit.ts";
import { EVENT_KEPT_MS } from "../tiktok_webhooks/tiktok_event_intake.ts";
import { SIGN_IN_ATTEMPT_TTL_MS } from "../auth/sign_in.ts";
import { NOTICE_KEPT_MS } from "./notice_kept.ts";

/** One kind of data, and how long it stays. */
export interface DataKept {
  what: string;
  kept: string;
}

/** The plans' file times: "48 hours (Free), 7 days (Monthly)…". */
export function planFileTimes(): string {
  return PLAN_IDS.map((id) =>
    `${spokenDuration(PLANS[id].storageTtlHours * HOUR_MS)} (${PLANS[id].name})`
  ).join(", ");
}

/** The rows of the Privacy Policy's table, for this server's settings. */
export function dataKept(
  config: Pick<Config, "sessionTtlMs" | "tiktok" | "site">,
): DataKept[] {
  const name = config.site.serviceName;
  // Counts come only with video.list, asked for with TIKTOK_POST_STATS=on:
  // without it PM3K never has them, and the page must not say it keeps
  // them (TikTok's review compares the policy with the scopes asked for).
  const counts = config.tiktok.scopes.includes("video.list");
  return [
    {
      what:
        "Your TikTok account's identifier (open_id), display name and avatar address, from TikTok's user.info.basic; your TikTok handle (username), from TikTok's creator info once you post or open the composer; your plan; who can view the posts of your automations, when you choose it in Settings; your webhook address and its signing secret; the domains you add",
      kept: `while the account exists in ${name}`,
    },
    {
      what:
        "TikTok's access and refresh tokens for your account, encrypted (AES-GCM) with this server's secret key",
      kept:
        `while the account exists in ${name}; they stop working for anyone once you remove ${name}'s access in TikTok`,
    },
    {
      what:
        "Your API key: only a hash of it (the key itself is shown to you once)",
      // Past its expiry too: the key then answers key_expired rather than
      // unknown (docs/accounts.md#api-keys).
      kept:
        "until it is regenerated or revoked, or the account is deleted (an expired key's hash is kept, to answer that the key expired)",
    },
    {
      what:
        `Files you upload or have ${name} fetch, and with each file its name, the address it was fetched from, its size and dimensions`,
      kept:
        `for your plan's file time: ${planFileTimes()}; a scheduled post's files until an hour after it runs; or until you delete them`,
    },
    {
      what:
        "Your posts: caption, privacy and interaction choices, TikTok's publish id and the post's progress",
      kept: `${spokenDuration(POST_KEPT_MS)} after the post is made`,
    },
    ...(counts
      ? [{
        what:
          "A public post's views, likes, comments and shares, from TikTok's video.list, when you or your automation ask for them",
        kept: spokenDuration(2 * POST_STATS_TTL_MS),
      }]
      : []),
    {
      what: "Scheduled posts",
      kept: `${
        spokenDuration(JOB_KEPT_MS)
      } after they are posted, fail or are cancelled`,
    },
    {
      what:
        "Fingerprints (hashes) of the videos and captions you posted, not the videos or captions themselves, to refuse posting the same again",
      kept: spokenDuration(DUPLICATE_WINDOW_MS),
    },
    {
      what:
        "An automation's Idempotency-Key and the answer it got, to answer a retry the same",
      kept: spokenDuration(IDEMPOTENCY_KEPT_MS),
    },
    {
      what:
        `Events TikTok sends ${name} about your account and posts (your open_id, a post's publish id and status)`,
      kept: spokenDuration(EVENT_KEPT_MS),
    },
    {
      what: "The log of webhook deliveries to your address",
      kept: `the last ${DELIVERY_LOG_SIZE} deliveries`,
    },
    {
      what:
        "The IP address a sign-in starts from, counted to limit sign-in attempts",
      kept: spokenDuration(SIGN_IN_COUNT_KEPT_MS),
    },
    {
      what:
        "A session cookie with a random id, when you sign in to the dashboard (no tracking or advertising cookies)",
      kept: `${spokenDuration(config.sessionTtlMs)}, or until you sign out`,
    },
    {
      what:
        "Two more cookies of the dashboard's own: while you sign in, the sign-in's random state; after a sign-out or a deletion, the name of the account, for the next page to say so",
      kept: `the sign-in's random state, for ${
        spokenDuration(SIGN_IN_ATTEMPT_TTL_MS)
      }; the name of an account just signed out or deleted, for ${
        spokenDuration(NOTICE_KEPT_MS)
      }`,
    },
  ];
}
