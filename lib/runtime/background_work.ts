/**
 * The work that runs beside the HTTP server: retention sweeps, following
 * in-flight publishes, TikTok's events, token refreshes, and scheduled jobs — as `Deno.cron` ticks everywhere
 * and, where the KV has queues, as queue messages that race the same
 * claims. Several processes may run all of it at once: every step is a
 * claim in KV.
 * @module
 */
import { sweepExpiredMedia } from "../media/retention.ts";
import { sweepOrphanedObjects } from "../media/orphan_sweep.ts";
import { finishPendingErasures } from "../erasure/pending_erasures.ts";
import { followDuePublishes, followPost } from "../posting/follow_publishes.ts";
import { failInterruptedJobs } from "../jobs/interrupted_jobs.ts";
import { handleJobMessage, startDueJobs } from "../jobs/due_jobs.ts";
import { TICK_HORIZON_MS } from "../jobs/job_timing.ts";
import type { AppDeps } from "./app_deps.ts";
import { errorFields, failureLevel, logFailure } from "./logger.ts";
import pLimit from "p-limit";
import { attemptDelivery, deliverDueWebhooks } from "../webhooks/webhooks.ts";
import { processDueTikTokEvents } from "../tiktok_webhooks/tiktok_event_processing.ts";
import { refreshDueTokens } from "../auth/token_refresh_cron.ts";
import { busyWithDueJobs } from "../jobs/job_backlog.ts";

/**
 * Follow-ups and webhook deliveries from the queue one process handles at
 * once (p-limit); jobs take their turns in job_turns.ts.
 */
const QUEUE_CONCURRENCY = 4;

/** A queue message: a discriminated union checked on receipt. */
type QueueMessage =
  | { type: "follow_post"; postId: string }
  | { type: "run_job"; jobId: string }
  | { type: "webhook"; openId: string; deliveryId: string };

function isQueueMessage(m: unknown): m is QueueMessage {
  const x = m as Record<string, unknown> | null;
  return (x?.type === "follow_post" && typeof x.postId === "string") ||
    (x?.type === "run_job" && typeof x.jobId === "string") ||
    (x?.type === "webhook" && typeof x.openId === "string" &&
      typeof x.deliveryId === "string");
}

export interface BackgroundWork {
  /** Stops the crons (the queue listener ends when the KV closes). */
  stop(): void;
  /** Resolves when the queue listener has ended (after `kv.close()`). */
  done: Promise<void>;
}

/**
 * A cron's handler: a failed round is logged, not thrown, and the next
 * round (a minute later, in this or another process) takes the work up
 * again, since every step is a claim in KV
 * (docs/operations.md#what-several-processes-on-one-kv-file-guarantee).
 */
function cronRound(
  deps: Pick<AppDeps, "log">,
  name: string,
  work: () => Promise<unknown>,
): () => Promise<void> {
  return async () => {
    try {
      await work();
    } catch (error) {
      deps.log({
        level: failureLevel(error),
        message: `cron ${name} failed; its next round retries`,
        cron: name,
        ...errorFields(error),
      });
    }
  };
}

/** Starts the crons and, where there are queues, the queue listener. */
export function startBackgroundWork(
  deps: AppDeps,
  options: {
    crons: boolean;
    /** Registers each cron: `Deno.cron` unless given (tests pass a recorder). */
    cron?: typeof Deno.cron;
  },
): BackgroundWork {
  const controller = new AbortController();
  const signal = controller.signal;
  const turn = pLimit(QUEUE_CONCURRENCY);
  const listening = deps.config.queues
    ? deps.kv.listenQueue(async (message: unknown) => {
      if (!isQueueMessage(message)) return;
      try {
        if (message.type === "follow_post") {
          // Due jobs first: the cron makes this check once they have their
          // turns (job_backlog.ts); the follow index keeps it meanwhile.
          await turn(() =>
            busyWithDueJobs(deps.kv) ? false : followPost(deps, message.postId)
          );
        } else if (message.type === "run_job") {
          await handleJobMessage(deps, message.jobId);
        } else {
          await turn(() =>
            attemptDelivery(deps, message.openId, message.deliveryId)
          );
        }
      } catch (error) {
        deps.log({
          level: failureLevel(error),
          message:
            `queue message ${message.type} failed; the queue delivers it again`,
          queue_message: message,
          ...errorFields(error),
        });
        // Thrown on: the queue redelivers it with backoff, and the crons
        // find the same work due in KV even if every redelivery fails.
        throw error;
      }
    })
    : Promise.resolve();
  if (options.crons) {
    const cron = options.cron ?? Deno.cron;
    const rounds: [string, () => Promise<unknown>][] = [
      ["pm3k-media-retention", async () => {
        try {
          await sweepExpiredMedia(deps);
        } finally {
          try {
            // Account deletions cut short, a few per round
            // (docs/accounts.md#a-deletion-cut-short).
            await finishPendingErasures(deps);
          } finally {
            // After the expiry sweep (what it deletes is no orphan to look
            // at), and also when it failed: one does not wait on the other.
            await sweepOrphanedObjects(deps);
          }
        }
      }],
      ["pm3k-follow-publishes", () => followDuePublishes(deps)],
      ["pm3k-webhooks", () => deliverDueWebhooks(deps)],
      // TikTok's events the intake recorded and no process applied yet.
      ["pm3k-tiktok-events", () => processDueTikTokEvents(deps)],
      // Tokens refreshed ahead of expiry, so a post never meets a dead one.
      ["pm3k-token-refresh", () => refreshDueTokens(deps)],
      // Hand what is due before the next tick to this process's runner,
      // which posts each at its exact time.
      ["pm3k-run-jobs", async () => {
        try {
          await failInterruptedJobs(deps);
        } finally {
          // A failed sweep (a busy KV) must not keep the jobs waiting.
          await startDueJobs(deps, { horizonMs: TICK_HORIZON_MS, signal });
        }
      }],
    ];
    for (const [name, work] of rounds) {
      cron(name, "* * * * *", { signal }, cronRound(deps, name, work));
    }
    // A process (re)starting does not wait for the first tick.
    failInterruptedJobs(deps)
      .finally(() => startDueJobs(deps, { horizonMs: TICK_HORIZON_MS, signal }))
      .catch(logFailure(deps.log, "running due jobs at start"));
  }
  // The listener ending in error (its KV refused the dequeue) is logged,
  // not thrown: everything it would have done is due in KV, and the crons
  // go on doing it (docs/scheduling.md#background-work).
  const done = listening.catch((error) =>
    deps.log({
      level: "error",
      message: "the queue listener stopped; the crons carry on its work",
      ...errorFields(error),
    })
  );
  return { stop: () => controller.abort(), done };
}
