/** Drives the publish follower as the service's cron does, for tests. */
import type { TestServer } from "./test_server.ts";
import { followDuePublishes } from "../../lib/posting/follow_publishes.ts";

/** Moves the test clock a minute on and follows what is due; how many. */
export async function followAMinuteLater(
  server: Pick<TestServer, "clock" | "deps">,
): Promise<number> {
  server.clock.advance(60_000);
  return await followDuePublishes(server.deps);
}

/**
 * An hour and a minute or more on, with the publishes followed meanwhile:
 * the `later` step of `seedDashboard` (a second post is allowed, the
 * first followed to its end).
 */
export async function anHourLater(
  server: Pick<TestServer, "clock" | "deps">,
): Promise<void> {
  server.clock.advance(3600_000);
  for (let i = 0; i < 3; i++) await followAMinuteLater(server);
}

/**
 * Follows publishes, as the service's cron does, moving the test clock a
 * minute at a time, until `done` settles; returns its result.
 */
export async function followWhile<T>(
  server: TestServer,
  done: Promise<T>,
): Promise<T> {
  let finished = false;
  const result = done.finally(() => finished = true);
  result.catch(() => {}); // awaited below; never unhandled meanwhile
  while (!finished) {
    await followAMinuteLater(server);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      result.catch(() => {}),
      new Promise((r) => {
        timer = setTimeout(r, 250);
      }),
    ]);
    clearTimeout(timer);
  }
  return await result;
}
