/**
 * PM3K server entry point: reads the configuration, opens KV, builds the
 * app from the route manifest, starts the background work (crons, queue)
 * and serves on PORT.
 */
import { ConfigError, loadConfig } from "./lib/config.ts";
import { openRuntime } from "./lib/runtime/app_runtime.ts";
import { createApp } from "./lib/http/create_app.ts";
import { tiktokAppNotice } from "./lib/tiktok_app/tiktok_app_notice.ts";
import { tiktokAddressWarning } from "./lib/tiktok_app/tiktok_address_warning.ts";
import { policyContactWarning } from "./lib/tiktok_app/policy_contact_warning.ts";
import { warnIfStorageDown } from "./lib/runtime/health_probes.ts";
import { startBackgroundWork } from "./lib/runtime/background_work.ts";
import { stopFileUploads } from "./lib/posting/video_source.ts";
import manifest from "./fresh.gen.ts";

/** A configuration error is said in one line and ends the process. */
function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    Deno.exit(1);
  }
  throw error;
}

/**
 * A port another process holds, or one this user may not bind, is an
 * operator's mistake like a bad variable: one line naming PORT, exit 1
 * (docs/configuration.md), never a stack trace.
 */
function listenOrExit<T>(port: number, listen: () => T): T {
  try {
    return listen();
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(
        `Cannot listen: PORT ${port} is already in use by another process; stop that process or set PORT to a free port`,
      );
      Deno.exit(1);
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      console.error(
        `Cannot listen: PORT ${port} may not be opened by this user (${
          (error as Error).message
        }); set PORT to one above 1023, or put a reverse proxy in front`,
      );
      Deno.exit(1);
    }
    throw error;
  }
}

let config;
try {
  config = loadConfig();
} catch (error) {
  exitOnConfigError(error);
}

// Opening checks SECRET_KEY and the TikTok against the KV's (lib/crypto/secret_key_check.ts,
// lib/runtime/tiktok_app_mark.ts).
const deps = await openRuntime(config, manifest).catch(exitOnConfigError);
const app = createApp(deps, manifest);
const work = startBackgroundWork(deps, { crons: true });
const server = listenOrExit(config.port, () =>
  Deno.serve({
    port: config.port,
    onListen: ({ port }) => {
      deps.log({
        level: "info",
        message:
          `${config.site.serviceName} listening on ${config.publicBaseUrl} (port ${port})${
            config.sandbox ? ", TikTok sandbox mode" : ""
          }${config.queues ? ", queues on" : ", queues off"}`,
      });
      const notice = tiktokAppNotice(config);
      if (notice) deps.log(notice);
      for (
        const warning of [
          tiktokAddressWarning(config),
          policyContactWarning(config),
        ]
      ) {
        if (warning) deps.log(warning);
      }
      // Never throws: a storage that does not answer is a warning, not a stop.
      warnIfStorageDown(deps);
    },
  }, app.fetch));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    work.stop();
    await server.shutdown();
    // Cut as a crash would be: the follower settles each post
    // (docs/posting.md#video-source).
    await stopFileUploads();
    deps.kv.close();
    Deno.exit(0);
  });
}
