/**
 * PM3K server entry point: reads the configuration, opens KV, builds the
 * app from the route manifest and serves it on PORT.
 */
import { ConfigError, loadConfig } from "./lib/config.ts";
import { openRuntime } from "./lib/runtime/app_runtime.ts";
import { createApp } from "./lib/http/create_app.ts";
import { sweepExpiredMedia } from "./lib/media/retention.ts";
import { jobsDepsFrom } from "./lib/http/posting_glue.ts";
import {
  failInterruptedJobs,
  handleJobMessage,
  runDueJobs,
} from "./lib/jobs/job_runner.ts";
import {
  followDuePublishes,
  followPost,
} from "./lib/posting/follow_publishes.ts";
import manifest from "./fresh.gen.ts";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(1);
  }
  throw error;
}

const deps = await openRuntime(config, manifest);
const app = createApp(deps, manifest);
// Retention: every minute, delete media whose time is up (safe in many processes).
Deno.cron("pm3k-media-retention", "* * * * *", async () => {
  const swept = await sweepExpiredMedia(deps);
  if (swept.uploads + swept.albums > 0) {
    deps.log({ level: "info", message: "media retention sweep", ...swept });
  }
});

// Follow in-flight publishes so /api/tiktok/status answers from KV: a queue
// message per check where the KV has queues, and a cron sweep everywhere.
const jobs = jobsDepsFrom(deps);
if (config.queues) {
  deps.kv.listenQueue(async (message: unknown) => {
    const m = message as { type?: string; postId?: string; jobId?: string };
    if (m?.type === "follow_post" && typeof m.postId === "string") {
      await followPost(jobs, m.postId);
    } else if (m?.type === "run_job" && typeof m.jobId === "string") {
      await handleJobMessage(jobs, m.jobId);
    }
  });
}
Deno.cron("pm3k-follow-publishes", "* * * * *", async () => {
  await followDuePublishes(jobs);
});
// Scheduled posts: claim what is due before the next tick and post each at
// its exact time; the job row is the truth, queue messages only race it.
Deno.cron("pm3k-run-jobs", "* * * * *", async () => {
  await failInterruptedJobs(jobs);
  await runDueJobs(jobs, { horizonMs: 60_000 });
});
// A process (re)starting does not wait for the first tick.
await failInterruptedJobs(jobs);
runDueJobs(jobs, { horizonMs: 60_000 }).catch((error) =>
  deps.log({ level: "error", message: `jobs: ${error}` })
);

const server = Deno.serve({
  port: config.port,
  onListen: ({ port }) => {
    deps.log({
      level: "info",
      message: `PM3K listening on ${config.publicBaseUrl} (port ${port})${
        config.sandbox ? ", TikTok sandbox mode" : ""
      }`,
    });
  },
}, app.fetch);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    deps.kv.close();
    Deno.exit(0);
  });
}
