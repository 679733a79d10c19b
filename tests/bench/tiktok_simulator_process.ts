/**
 * The TikTok simulator in its own process for the FILE_UPLOAD benchmark
 * (file_upload_bench.ts), so that its HTTP server and disk writes do not
 * count as the uploader's time or memory. Serves the real sandbox app at
 * `/_sandbox/tiktok`, and beside it, for the bench only:
 * - `PUT /sink`: a plain streamed PUT of a whole file, written to disk as
 *   the simulator writes its chunks (the baseline in the same process),
 *   and `POST /bench/clean` to delete it once timed;
 * - `POST /bench/token`: a new sandbox user and `video.publish` token
 *   (fresh per round: TikTok's per-token rate limits stay out of the way);
 * - `POST /bench/uploaded?publish_id=…`: the bytes the simulator holds for
 *   that FILE_UPLOAD, deleting its assembled file.
 * Prints `{"port":N}` once listening. Its temporary files go under TMPDIR,
 * which the bench sets to a directory it removes.
 *
 * The scale benchmark (process_fleet.ts) runs it as the TikTok of two PM3K
 * processes in production mode, set by the environment: `SIM_KV_PATH` (a
 * KV file the bench also opens, to make users and read what TikTok
 * recorded; in memory otherwise), `SIM_CLIENT_KEY`, `SIM_CLIENT_SECRET`,
 * `SIM_VERIFIED_PREFIX` (PM3K's FILES_BASE_URL), `SIM_WEBHOOK_URL` (PM3K's
 * `/webhooks/tiktok`) and `SANDBOX_WEBHOOKS`.
 */
import { Hono } from "hono";
import { systemClock } from "../../lib/clock.ts";
import { withBusyRetry } from "../../lib/kv_busy_retry.ts";
import { createTikTokSandbox } from "../../sandbox/tiktok/sandbox_app.tsx";
import {
  ensureSandboxUser,
  issueTokens,
} from "../../sandbox/tiktok/sandbox_store.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";

const env = (name: string) => Deno.env.get(name);
const BENCH_CLIENT_KEY = env("SIM_CLIENT_KEY") ?? "bench";
const webhooks = env("SANDBOX_WEBHOOKS");

// The bench opens the same file (to make users, to read what TikTok
// recorded): its commits retry while the file is busy, as PM3K's do.
const kv = withBusyRetry(await Deno.openKv(env("SIM_KV_PATH") ?? ":memory:"));
const app = new Hono({ strict: false });
app.route(
  "/_sandbox/tiktok",
  createTikTokSandbox({
    kv,
    clock: systemClock,
    clientKey: BENCH_CLIENT_KEY,
    clientSecret: env("SIM_CLIENT_SECRET") ?? "bench",
    redirectUris: [],
    verifiedUrlPrefixes: env("SIM_VERIFIED_PREFIX")
      ? [env("SIM_VERIFIED_PREFIX")!]
      : [],
    webhookUrl: env("SIM_WEBHOOK_URL"),
    webhooksByDefault: webhooks === "off" || webhooks === "duplicate"
      ? webhooks
      : "on",
    appAudited: true,
  }),
);

let sinkFile: string | null = null;
app.put("/sink", async (c) => {
  const file = sinkFile = await Deno.makeTempFile({ suffix: ".sink" });
  const out = await Deno.open(file, { write: true });
  let written = 0;
  await c.req.raw.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(piece, controller) {
        written += piece.length;
        controller.enqueue(piece);
      },
    }),
  ).pipeTo(out.writable);
  return c.json({ written });
});

app.post("/bench/clean", async (c) => {
  if (sinkFile) await Deno.remove(sinkFile);
  sinkFile = null;
  return c.body(null, 204);
});

let users = 0;
app.post("/bench/token", async (c) => {
  const user = await ensureSandboxUser(
    kv,
    systemClock,
    `bench_uploader_${++users}`,
  );
  const { access_token } = await issueTokens(kv, systemClock, {
    openId: user.openId,
    clientKey: BENCH_CLIENT_KEY,
    scope: "video.publish",
  });
  return c.json({ access_token });
});

app.post("/bench/uploaded", async (c) => {
  const publishId = c.req.query("publish_id") ?? "";
  const publish = (await kv.get(sandboxKeys.publish(publishId))).value as
    | { upload?: { received: number; file: string } }
    | null;
  if (!publish?.upload) return c.json({ received: 0 });
  await Deno.remove(publish.upload.file);
  return c.json({ received: publish.upload.received });
});

Deno.serve({
  port: 0,
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(JSON.stringify({ port })),
}, app.fetch);
