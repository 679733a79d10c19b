/**
 * Stands in for `Deno.cron` in `startBackgroundWork`: records what
 * production registers (name, schedule, signal, handler) and never ticks by
 * itself, so a test runs a cron's handler exactly when it wants to.
 */

export interface RecordedCron {
  name: string;
  schedule: string | Deno.CronSchedule;
  signal: AbortSignal | undefined;
  handler: () => Promise<void> | void;
}

export interface CronRecorder {
  /** Pass as `startBackgroundWork(deps, { crons: true, cron })`. */
  cron: typeof Deno.cron;
  registered: RecordedCron[];
  /** Runs the registered handler called `name` once, as a tick would. */
  tick(name: string): Promise<void>;
}

export function cronRecorder(): CronRecorder {
  const registered: RecordedCron[] = [];
  const cron = (
    name: string,
    schedule: string | Deno.CronSchedule,
    optionsOrHandler:
      | { backoffSchedule?: number[]; signal?: AbortSignal }
      | (() => Promise<void> | void),
    maybeHandler?: () => Promise<void> | void,
  ): Promise<void> => {
    const handler = typeof optionsOrHandler === "function"
      ? optionsOrHandler
      : maybeHandler!;
    const signal = typeof optionsOrHandler === "function"
      ? undefined
      : optionsOrHandler.signal;
    if (registered.some((c) => c.name === name)) {
      // What Deno.cron does for a name already in use.
      throw new TypeError("Cron with this name already exists");
    }
    registered.push({ name, schedule, signal, handler });
    // Like Deno.cron: settles once the cron is aborted.
    return new Promise<void>((resolve) => {
      if (!signal || signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
  };
  return {
    cron: cron as typeof Deno.cron,
    registered,
    async tick(name) {
      const found = registered.find((c) => c.name === name);
      if (!found) throw new Error(`no cron named ${name} was registered`);
      await found.handler();
    },
  };
}
