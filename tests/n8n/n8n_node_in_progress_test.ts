/**
 * A long copy behind a reverse proxy that gives up first, in the real n8n
 * that tests/n8n/install_n8n.sh installs (ignored when it is not there),
 * with the PM3K node built from its sources: the proxy answers 504 after
 * 4 s (as nginx's proxy_read_timeout does, after 60 s) while PM3K goes on copying;
 * Retry On Fail sends the same Idempotency-Key, PM3K answers 409
 * idempotency_in_progress, and the node waits for the first request's
 * answer instead of failing: one upload, one copy
 * (docs/workflows.md, docs/api.md#uploads-from-a-url).
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import { startSourceServer } from "../_helpers/source_server.ts";
import { waitUntil } from "../_helpers/wait_until.ts";
import {
  chain,
  importAndExecute,
  importCredential,
  only,
  start,
  uploadFromUrl,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

/**
 * How long the proxy waits for PM3K before answering 504. Above 2 s: with
 * the tests' stopped clock, PM3K answers a retry's 409 only after its own
 * 2 s of waiting for a request sent twice at once.
 */
const PROXY_TIMEOUT_MS = 4_000;

/** A reverse proxy to `upstream` that gives up after PROXY_TIMEOUT_MS. */
function impatientProxy(upstream: string) {
  const answered: number[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      const url = new URL(req.url);
      try {
        const res = await fetch(`${upstream}${url.pathname}${url.search}`, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal: AbortSignal.timeout(PROXY_TIMEOUT_MS),
        });
        answered.push(res.status);
        return res;
      } catch {
        answered.push(504);
        return new Response(
          "<html><title>504 Gateway Time-out</title></html>",
          {
            status: 504,
            headers: { "Content-Type": "text/html" },
          },
        );
      }
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    answered,
    close: () => server.shutdown(),
  };
}

Deno.test({
  name:
    "Upload Media from a URL in a real n8n behind a proxy that times out: Retry On Fail waits while PM3K still copies, and gets the one upload",
  ignore: !n8nInstalled,
  async fn() {
    const source = await startSourceServer();
    try {
      // The held source trickles: a long grace keeps it from being cut
      // as too slow while the node waits.
      const options = { ingestLimits: { graceMs: 60_000 } };
      await withNodeInN8n("n8n_in_progress", options, async (run) => {
        const proxy = impatientProxy(run.server.url);
        try {
          await importCredential(
            run.server,
            run.me,
            run.home,
            run.env,
            proxy.url,
          );
          const left = Number(
            (await run.me.json("GET", "/api/limits")).body.uploads_left_today,
          );
          source.holding = true;
          // The copy ends a while after the node met PM3K's in-progress
          // answer: n8n's one retry is spent by then.
          const release = waitUntil(
            "the retry to find the copy in progress",
            () => proxy.answered.includes(409),
            // n8n starting and running the workflow on a loaded machine
            // takes a while before its retry.
            240_000,
          ).then(() => new Promise((r) => setTimeout(r, 3_000)))
            .finally(() => source.holding = false);
          // A timeout is thrown where `release` is awaited below, in this
          // test, not as an uncaught rejection while n8n still runs.
          release.catch(() => {});
          const out = await importAndExecute(
            run,
            chain("pm3kInProgress1", [
              start(),
              uploadFromUrl("Upload held", `${source.origin}/held.mp4`, {
                retryOnFail: true,
                maxTries: 2,
                waitBetweenTries: 1000,
              }),
            ]),
            { follow: false },
          );
          await release;
          const upload = only(out["Upload held"][0]);
          assert.equal(upload.state, "complete", JSON.stringify(upload));
          assert.equal(proxy.answered[0], 504, proxy.answered.join(","));
          assert.equal(proxy.answered.at(-1), 200, proxy.answered.join(","));
          assert.equal(source.hits.filter((h) => h === "/held.mp4").length, 1);
          const now = await run.me.json("GET", "/api/limits");
          assert.equal(now.body.uploads_left_today, left - 1);
        } finally {
          source.holding = false;
          await proxy.close();
        }
      });
    } finally {
      await source.close();
    }
  },
});
