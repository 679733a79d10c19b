/**
 * A test server on either storage adapter with its background work
 * started and the crons registered on a {@link cronRecorder}, so a test
 * ticks the retention cron itself.
 * @module
 */
import { startBackgroundWork } from "../../lib/runtime/background_work.ts";
import { cronRecorder } from "./cron_recorder.ts";
import type { CronRecorder } from "./cron_recorder.ts";
import { startServerOn } from "./s3rver_harness.ts";
import type { TestServer, TestServerOptions } from "./test_server.ts";

/**
 * Starts a test server on `adapter`'s storage (with `options`) and its
 * background work with the crons registered on a {@link cronRecorder},
 * runs `body`, then stops the work and closes the server.
 */
export async function withRecordedCronsOn(
  adapter: "local" | "s3",
  body: (server: TestServer, crons: CronRecorder) => Promise<void>,
  options: TestServerOptions = {},
): Promise<void> {
  const server = await startServerOn(adapter, options);
  const crons = cronRecorder();
  const work = startBackgroundWork(server.deps, {
    crons: true,
    cron: crons.cron,
  });
  try {
    await body(server, crons);
  } finally {
    work.stop();
    await server.close();
    await work.done;
  }
}
