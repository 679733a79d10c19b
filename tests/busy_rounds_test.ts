/**
 * Background work on a busy KV file: a cron round that meets a file held
 * busy past the retry deadline is logged (not thrown), and the next round
 * does the work: the retention sweep, the run-jobs tick, and the start-up
 * scan (whose job the first tick then posts). Reads go on while another
 * connection writes (SQLite's WAL), so what meets the busy file is the
 * first write: the sweep's delete, a job's claim.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor, uploadPortrait } from "./_helpers/api_client.ts";
import { cronRecorder } from "./_helpers/cron_recorder.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import type { BackgroundWork } from "../lib/runtime/background_work.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { initsAtTikTok, posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import {
  beforeQueueMessages,
  holdWriteLock,
  whileBusy,
} from "./_helpers/busy_kv.ts";
import type { HeldLock } from "./_helpers/busy_kv.ts";

/** A server on its own KV file, with crons fired by the test. */
interface FileServer {
  server: TestServer;
  kvPath: string;
  crons: ReturnType<typeof cronRecorder>;
  /**
   * Starts the background work (crons by the recorder); `queues: false`
   * leaves the job ticks as the only way a job starts.
   */
  startWork(options?: { queues?: boolean }): BackgroundWork;
  /** Called with each queue message as it arrives, before its handler. */
  onQueueMessage: (message: unknown) => void;
}

async function withFileServer(body: (f: FileServer) => Promise<void>) {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-rounds-" });
  const kvPath = `${dataDir}/pm3k.kv`;
  const hooks: Pick<FileServer, "onQueueMessage"> = {
    onQueueMessage: () => {},
  };
  const server = await startTestServer({
    env: { KV_PATH: kvPath },
    wrapKv: (kv) => beforeQueueMessages(kv, (m) => hooks.onQueueMessage(m)),
  });
  const crons = cronRecorder();
  const works: BackgroundWork[] = [];
  try {
    await body({
      server,
      kvPath,
      crons,
      get onQueueMessage() {
        return hooks.onQueueMessage;
      },
      set onQueueMessage(hook) {
        hooks.onQueueMessage = hook;
      },
      startWork: ({ queues = true } = {}) => {
        const work = startBackgroundWork(
          { ...server.deps, config: { ...server.deps.config, queues } },
          { crons: true, cron: crons.cron },
        );
        works.push(work);
        return work;
      },
    });
  } finally {
    for (const work of works) work.stop();
    await server.close();
    for (const work of works) await work.done;
    await Deno.remove(dataDir, { recursive: true });
  }
}

/** A job's state now. */
async function jobState(server: TestServer, jobId: string) {
  return (await getTyped(server.kv, keys.job(jobId))).value?.state;
}

/** A job due a minute from now, for an account with a video. */
async function dueJob(
  server: TestServer,
  name: string,
): Promise<{ jobId: string; me: Poster }> {
  const me = await posterFor(server, name);
  const res = await me.json("POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(server.clock.now() + 3600_000).toISOString(),
    source_url: await me.uploadVideo(),
    title: `due while busy ${name}`,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  server.clock.advance(3600_000);
  return { jobId: String(res.body.job_id), me };
}

Deno.test("a retention round on a KV file held busy is logged as such, and the next round sweeps", async () => {
  await withFileServer(async ({ server, kvPath, crons, startWork }) => {
    startWork();
    const client = await apiClientFor(server, "busy_rounds", "free");
    const video = await uploadPortrait(client, "v.mp4");
    assert.equal(video.status, 200, JSON.stringify(video.body));
    const uploadId = String(video.body.upload_id);
    server.clock.set(Date.parse(String(video.body.expires_at)) + 1);

    await whileBusy(kvPath, () => crons.tick("pm3k-media-retention"));
    const logged = server.logs.find((line) =>
      line.cron === "pm3k-media-retention"
    );
    assert.equal(logged?.level, "warn", JSON.stringify(logged));
    assert.match(String(logged?.error), /database is busy/);
    assert.ok((await getTyped(server.kv, keys.upload(uploadId))).value);

    await crons.tick("pm3k-media-retention");
    assert.equal(
      (await getTyped(server.kv, keys.upload(uploadId))).value,
      null,
      "the next round swept the expired upload",
    );
  });
});

Deno.test("a run-jobs tick on a KV file held busy is logged, and the next tick posts the due job", async () => {
  await withFileServer(async ({ server, kvPath, crons, startWork }) => {
    startWork({ queues: false });
    const { jobId } = await dueJob(server, "busy_tick");
    await whileBusy(kvPath, async () => {
      await crons.tick("pm3k-run-jobs");
      await claimGaveUp(server, jobId);
    });
    // The tick handed the job over; its claim met the busy file past the
    // retries: logged as a warning, the job left for the next tick.
    const logged = server.logs.find((l) => l.job_id === jobId);
    assert.equal(logged?.level, "warn", JSON.stringify(logged));
    assert.equal(logged?.message, "running a due job failed");
    assert.match(String(logged?.error), /database is busy/);
    assert.equal(await jobState(server, jobId), "scheduled");
    await crons.tick("pm3k-run-jobs");
    await waitUntil(
      "the job to post",
      async () => await jobState(server, jobId) === "posted",
    );
  });
});

Deno.test("a job the start-up scan finds on a KV file held busy is logged, and the first tick posts it", async () => {
  await withFileServer(async ({ server, kvPath, crons, startWork }) => {
    const { jobId } = await dueJob(server, "busy_start");
    await whileBusy(kvPath, async () => {
      // The start-up scan hands the due job over at once; its claim
      // meets the busy file past the retries.
      startWork({ queues: false });
      await claimGaveUp(server, jobId);
    });
    assert.equal(await jobState(server, jobId), "scheduled");
    await crons.tick("pm3k-run-jobs");
    await waitUntil(
      "the job to post",
      async () => await jobState(server, jobId) === "posted",
    );
  });
});

Deno.test("a run_job message on a KV file held busy is logged as a warning, and the queue's redelivery posts the job once the file is free", async () => {
  await withFileServer(async (f) => {
    const { server, kvPath } = f;
    f.startWork();
    const { jobId, me } = await dueJob(server, "busy_queue");
    const deliveries: unknown[] = [];
    let lock: HeldLock | null = null;
    f.onQueueMessage = (message) => {
      const m = message as { type?: string; jobId?: string };
      if (m.type !== "run_job" || m.jobId !== jobId) return;
      deliveries.push(message);
      // Another process takes the file as the first delivery arrives.
      if (deliveries.length === 1) lock = holdWriteLock(kvPath);
    };
    try {
      await server.deps.enqueueJob!(jobId, 0);
      const failed = () =>
        server.logs.find((l) =>
          (l.queue_message as { jobId?: string } | undefined)?.jobId === jobId
        );
      await waitUntil("the message's failure to be logged", () => !!failed());
      // The job's claim met the busy file past the retries: a warning,
      // thrown on so the queue delivers the message again.
      const logged = failed()!;
      assert.equal(logged.level, "warn", JSON.stringify(logged));
      assert.equal(
        logged.message,
        "queue message run_job failed; the queue delivers it again",
      );
      assert.deepEqual(logged.queue_message, { type: "run_job", jobId });
      assert.match(String(logged.error), /database is busy/);
    } finally {
      // Released before reading KV again: the queue's own write of the
      // failure waits for the file, and KV's calls wait behind it.
      (lock as HeldLock | null)?.release();
    }
    // No tick runs (the recorder never ticks by itself): the redelivery
    // posts it, once.
    await waitUntil(
      "the job to post",
      async () => await jobState(server, jobId) === "posted",
    );
    assert.equal(deliveries.length, 2, "delivered again once");
    assert.equal(await initsAtTikTok(server, me), 1, "one publish at TikTok");
  });
});

/** Waits for the log line of the job's claim that gave up. */
function claimGaveUp(server: TestServer, jobId: string): Promise<void> {
  return waitUntil(
    "the job's claim to give up",
    () => Promise.resolve(server.logs.some((l) => l.job_id === jobId)),
  );
}
