/**
 * A large video uploaded by the PM3K node from n8n's filesystem binary
 * data mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem, as n8n is set up for
 * large files), in a real n8n (the one tests/n8n/install_n8n.sh installs;
 * ignored when it is not there): the file goes from n8n's binary store to
 * PM3K as a stream, so n8n's memory does not grow with it
 * (docs/workflows.md#large-files-from-n8n).
 */
import assert from "node:assert/strict";
import {
  executeFailing,
  executionError,
  importInto,
  n8n,
  n8nInstalled,
} from "./n8n_cli.ts";
import { paddedMp4Stream } from "../_helpers/padded_video.ts";
import {
  chain,
  importCredential,
  node,
  only,
  pm3k,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";
import type { NodeInN8n } from "./pm3k_node_workflows.ts";

const MB = 1024 * 1024;

/** Writes a valid MP4 of `bytes` to `path` without holding it whole. */
async function writeVideo(path: string, bytes: number): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true });
  await (await paddedMp4Stream(bytes)).pipeTo(file.writable);
}

/** The largest resident memory process `pid` has had (VmHWM), in bytes. */
async function peakRss(pid: number): Promise<number | undefined> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/**
 * Runs Read Files from Disk of `path` → Upload Media in `run`'s n8n, its
 * binary data in files; Upload Media's item and n8n's peak memory, read
 * while it ran.
 */
async function uploadFromDisk(
  run: NodeInN8n,
  id: string,
  path: string,
): Promise<{ upload: Record<string, unknown>; peak: number }> {
  const env = { ...run.env, N8N_DEFAULT_BINARY_DATA_MODE: "filesystem" };
  await importInto(
    run.home,
    "workflow",
    chain(id, [
      start(),
      node("Read", "n8n-nodes-base.readWriteFile", {
        fileSelector: path,
        options: {},
      }),
      pm3k("Upload", { operation: "upload" }),
    ]),
    env,
  );
  let peak = 0;
  let watching: ReturnType<typeof setInterval> | undefined;
  const result = await n8n(
    run.home,
    ["execute", `--id=${id}`, "--rawOutput"],
    env,
    {
      onSpawn(pid) {
        watching = setInterval(async () => {
          peak = Math.max(peak, (await peakRss(pid)) ?? 0);
        }, 100);
      },
    },
  ).finally(() => clearInterval(watching));
  assert.equal(result.code, 0, result.out);
  const json = JSON.parse(result.out.slice(result.out.indexOf("{")));
  assert.equal(json.status, "success", result.out.slice(0, 3000));
  const upload = only(json.data.resultData.runData["Upload"][0].data.main[0]);
  assert.ok(peak > 0, "n8n's memory was read");
  return { upload, peak };
}

Deno.test({
  name:
    "Upload Media of a 180 MB video in n8n's filesystem binary data mode in a real n8n: the upload is whole, and n8n's peak memory grows by far less than the file (streamed, not buffered for a redirect)",
  ignore: !n8nInstalled,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pm3k-n8n-big-" });
    try {
      const small = `${dir}/small.mp4`;
      const big = `${dir}/big.mp4`;
      await writeVideo(small, 1 * MB);
      await writeVideo(big, 180 * MB);
      await withNodeInN8n("n8n_big_file", {}, async (run) => {
        const before = await uploadFromDisk(run, "pm3kSmallFile001", small);
        assert.equal(before.upload.size, 1 * MB);
        const after = await uploadFromDisk(run, "pm3kBigFile00001", big);
        assert.equal(after.upload.size, 180 * MB, JSON.stringify(after.upload));
        const grown = after.peak - before.peak;
        // Streamed, it grows by about 20 MB on a quiet machine, 30 under CPU
        // load, 61 once in a full CI run; buffered for a redirect, by 105
        // on a quiet machine (docs/workflows.md#large-files-from-n8n).
        assert.ok(
          grown < 80 * MB,
          `n8n's peak memory grew by ${
            Math.round(grown / MB)
          } MB for a 180 MB file (${Math.round(before.peak / MB)} MB → ${
            Math.round(after.peak / MB)
          } MB)`,
        );
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/**
 * A reverse proxy in front of PM3K that answers every request with a
 * redirect of `status` to PM3K's own address (as one sending http to
 * https does), having read the request's body.
 */
function redirectingProxy(status: number, to: string) {
  return Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      await req.body?.cancel();
      const { pathname, search } = new URL(req.url);
      return new Response(null, {
        status,
        headers: { Location: `${to}${pathname}${search}` },
      });
    },
  );
}

Deno.test({
  name:
    "Upload Media in n8n's filesystem binary data mode in a real n8n, its credential's Base URL answering 308 to PM3K's address (a proxy's http → https): the file is sent again there and uploaded whole; a 301 instead fails saying which Base URL to set",
  ignore: !n8nInstalled,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pm3k-n8n-redirect-" });
    try {
      const video = `${dir}/clip.mp4`;
      await writeVideo(video, 2 * MB);
      await withNodeInN8n("n8n_redirected", {}, async (run) => {
        const permanent = redirectingProxy(308, run.server.url);
        const moved = redirectingProxy(301, run.server.url);
        try {
          await importCredential(
            run.server,
            run.me,
            run.home,
            run.env,
            `http://127.0.0.1:${permanent.addr.port}`,
          );
          const { upload } = await uploadFromDisk(
            run,
            "pm3kRedirected01",
            video,
          );
          assert.equal(upload.size, 2 * MB, JSON.stringify(upload));
          await importCredential(
            run.server,
            run.me,
            run.home,
            run.env,
            `http://127.0.0.1:${moved.addr.port}`,
          );
          const out = await executeFailing(
            run.home,
            "pm3kRedirected01",
            { ...run.env, N8N_DEFAULT_BINARY_DATA_MODE: "filesystem" },
            { raw: true },
          );
          const error = executionError(out);
          assert.equal(
            error.message,
            `http_301: The Base URL redirects the upload (HTTP 301) to ${run.server.url}/api/uploads?filename=clip.mp4`,
          );
          assert.match(
            String(error.description),
            new RegExp(
              `^In n8n: set the PM3K credential's Base URL to ${run.server.url}, PM3K's own address\\.`,
            ),
          );
        } finally {
          await permanent.shutdown();
          await moved.shutdown();
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "Upload Media of a video over the plan's file size in n8n's filesystem binary data mode in a real n8n: PM3K's file_too_large, refused from the Content-Length, reaches the node as PM3K's error, not as a broken connection",
  ignore: !n8nInstalled,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "pm3k-n8n-too-big-" });
    try {
      // The monthly plan takes 200 MB (decimal).
      const big = `${dir}/too-big.mp4`;
      await writeVideo(big, 205 * MB);
      await withNodeInN8n("n8n_too_big", {}, async (run) => {
        const env = { ...run.env, N8N_DEFAULT_BINARY_DATA_MODE: "filesystem" };
        await importInto(
          run.home,
          "workflow",
          chain("pm3kTooBigFile01", [
            start(),
            node("Read", "n8n-nodes-base.readWriteFile", {
              fileSelector: big,
              options: {},
            }),
            pm3k("Upload", { operation: "upload" }),
          ]),
          env,
        );
        const out = await executeFailing(run.home, "pm3kTooBigFile01", env, {
          raw: true,
        });
        const error = executionError(out);
        assert.match(
          String(error.message),
          /^file_too_large: /,
          out.slice(0, 3000),
        );
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
