/**
 * The work that runs beside the HTTP server: retention sweeps, following
 * in-flight publishes, and scheduled jobs — as `Deno.cron` ticks everywhere
 * and, where the KV has queues, as queue messages that race the same
 * claims. Several processes may run all of it at once: every step is a
 * claim in KV.
 * @module
 */
import { sweepExpiredMedia } from "../media/retention.ts";
import { sweepOrphanedObjects } from "../media/orphan_sweep.ts";
import { followDuePublishes, followPost } from "../posting/follow_publishes.ts";
import {
  failInterruptedJobs,
  handleJobMessage,
  runDueJobs,
} from "../jobs/job_runner.ts";
import type { AppDeps } from "./app_deps.ts";
import { logFailure } from "./logger.ts";
import { attemptDelivery, deliverDueWebhooks } from "../webhooks/webhooks.ts";

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
  const listening = deps.config.queues
    ? deps.kv.listenQueue(async (message: unknown) => {
      if (!isQueueMessage(message)) return;
      if (message.type === "follow_post") {
        await followPost(deps, message.postId);
      } else if (message.type === "run_job") {
        await handleJobMessage(deps, message.jobId);
      } else {
        await attemptDelivery(deps, message.openId, message.deliveryId);
      }
    })
    : Promise.resolve();
  if (options.crons) {
    const cron = options.cron ?? Deno.cron;
    cron("pm3k-media-retention", "* * * * *", { signal }, async () => {
      await sweepExpiredMedia(deps);
      // After the expiry sweep: what it deletes is no orphan to look at.
      await sweepOrphanedObjects(deps);
    });
    cron("pm3k-follow-publishes", "* * * * *", { signal }, async () => {
      await followDuePublishes(deps);
    });
    cron("pm3k-webhooks", "* * * * *", { signal }, async () => {
      await deliverDueWebhooks(deps);
    });
    // Claim what is due before the next tick and post each at its exact time.
    cron("pm3k-run-jobs", "* * * * *", { signal }, async () => {
      await failInterruptedJobs(deps);
      await runDueJobs(deps, { horizonMs: 60_000 });
    });
    // A process (re)starting does not wait for the first tick.
    failInterruptedJobs(deps)
      .then(() => runDueJobs(deps, { horizonMs: 60_000 }))
      .catch(logFailure(deps.log, "running due jobs at start"));
  }
  return { stop: () => controller.abort(), done: listening };
}
