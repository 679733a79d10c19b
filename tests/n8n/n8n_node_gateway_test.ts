/**
 * The PM3K node behind a reverse proxy answering its own 502, 503 or 504
 * page in place of PM3K's JSON, in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there), with
 * the node built from its sources
 * (docs/workflows.md#when-a-proxy-answers-502-503-or-504). The proxies are
 * real HTTP servers on loopback in front of the PM3K test server.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import {
  binaryUploadChain,
  chain,
  credentialAt,
  fixturePath,
  importAndExecute,
  importAndFail,
  node,
  noOp,
  only,
  pm3k,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";
import type { NodeInN8n } from "./pm3k_node_workflows.ts";

/** nginx's page for a `proxy_read_timeout` run out, or an upstream down. */
const nginxPage = (title: string) =>
  `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
const GATEWAY_TIMEOUT = "504 Gateway Time-out";
const html = { "Content-Type": "text/html" };

/**
 * A proxy in front of `target`: the requests `timesOut` picks get nginx's
 * 504 page (or `status` with `title`), after PM3K answered them (`forwardFirst`, a proxy that gave up
 * while PM3K went on) or without reaching PM3K; the others are passed on.
 */
function proxyTo(
  target: string,
  timesOut: (req: Request) => boolean,
  { forwardFirst, status = 504, title = GATEWAY_TIMEOUT }: {
    forwardFirst: boolean;
    status?: number;
    title?: string;
  },
) {
  const seen: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const url = new URL(req.url);
      seen.push(`${req.method} ${url.pathname}`);
      const body = req.body ? await req.arrayBuffer() : undefined;
      const pass = () => {
        const headers = new Headers(req.headers);
        // The body goes as read, undecoded.
        for (const h of ["host", "content-length", "accept-encoding"]) {
          headers.delete(h);
        }
        return fetch(`${target}${url.pathname}${url.search}`, {
          method: req.method,
          headers,
          body,
        });
      };
      if (!timesOut(req)) return await pass();
      if (forwardFirst) await (await pass()).arrayBuffer();
      return new Response(nginxPage(title), { status, headers: html });
    },
  );
  return { server, seen, url: `http://127.0.0.1:${server.addr.port}` };
}

/**
 * Runs `fn` in a real n8n as `username` behind a {@link proxyTo} proxy
 * (`timesOut`, `options`), with `credentialId`, a credential whose Base
 * URL is the proxy's; shuts the proxy down after.
 */
async function withProxiedNode(
  username: string,
  credentialId: string,
  timesOut: (req: Request) => boolean,
  options: Parameters<typeof proxyTo>[2],
  fn: (
    run: NodeInN8n,
    proxy: ReturnType<typeof proxyTo>,
    credentials: Awaited<ReturnType<typeof credentialAt>>,
  ) => Promise<void>,
): Promise<void> {
  await withNodeInN8n(username, {}, async (run) => {
    const proxy = proxyTo(run.server.url, timesOut, options);
    try {
      await fn(run, proxy, await credentialAt(run, credentialId, proxy.url));
    } finally {
      await proxy.server.shutdown();
    }
  });
}

/** Upload Media's request sending the file, the one the proxies time out. */
const sendsFile = (req: Request) =>
  req.method === "POST" && new URL(req.url).pathname === "/api/uploads";

/** PM3K's own list of `run`'s uploads, asked directly. */
async function uploadsHeld(run: NodeInN8n) {
  const { status, body } = await run.me.json("GET", "/api/uploads");
  assert.equal(status, 200, JSON.stringify(body));
  return body.uploads as Record<string, unknown>[];
}

Deno.test({
  name:
    "a proxy's 504 page in a real n8n with On Error → Continue: the item's error is the bare code http_504 beside its message, as PM3K's refusals come, so an IF matches it; the node's error says what a 504 means and that Retry On Fail is safe with an Idempotency-Key",
  ignore: !n8nInstalled,
  async fn() {
    await withProxiedNode(
      "n8n_gateway_codes",
      "gatewayCredent01",
      () => true,
      { forwardFirst: false },
      async (run, _proxy, credentials) => {
        const limits = pm3k("Get limits", { operation: "getLimits" }, {
          onError: "continueErrorOutput",
          credentials,
        });
        const matches = node("Is 504", "n8n-nodes-base.if", {
          conditions: {
            options: { caseSensitive: true, typeValidation: "strict" },
            conditions: [{
              id: "c1",
              leftValue: "={{ $json.error }}",
              rightValue: "http_504",
              operator: { type: "string", operation: "equals" },
            }],
            combinator: "and",
          },
          options: {},
        }, { typeVersion: 2 });
        const workflow = chain("pm3kGateway504a", [start(), limits], {
          "Get limits": { main: [[{ node: "Limits" }], [{ node: "Is 504" }]] },
          "Is 504": { main: [[{ node: "Retry later" }], [{ node: "Other" }]] },
        });
        workflow.nodes.push(
          noOp("Limits"),
          matches,
          noOp("Retry later"),
          noOp("Other"),
        );
        const out = await importAndExecute(run, workflow, { follow: false });
        const failed = {
          error: "http_504",
          message:
            `The Base URL answered HTTP 504 with a web page, not PM3K's JSON: "${GATEWAY_TIMEOUT}"`,
        };
        assert.deepEqual(out["Get limits"][0], []);
        assert.deepEqual(only(out["Get limits"][1]), failed);
        assert.deepEqual(only(out["Retry later"]?.[0]), failed);
        assert.equal(out["Other"], undefined);

        // Without Continue: the description says what answered and what
        // to do, here for a post, sent with an Idempotency-Key.
        const said = await importAndFail(
          run,
          chain("pm3kGateway504b", [
            start(),
            pm3k("Post video", {
              operation: "postVideo",
              sourceUrl: "https://files.example.com/clip.mp4",
              title: "Behind a slow proxy",
              privacy: "SELF_ONLY",
            }, { credentials }),
          ]),
        );
        assert.match(
          said,
          /^Execution error:\n=+\nhttp_504: The Base URL answered HTTP 504 with a web page, not PM3K's JSON: "504 Gateway Time-out"$/m,
        );
        assert.match(
          said,
          /"description": "In n8n: not PM3K but a proxy in front of it \(the page's server\) stopped waiting for PM3K's answer \(HTTP 504\): PM3K may still be doing the request and finish it\. Retry On Fail [^"]*is safe: it sends the same Idempotency-Key[^"]*; PM3K error code \\"http_504\\" \(HTTP 504\)"/,
        );
      },
    );
  },
});

Deno.test({
  name:
    "Upload Media of a binary file in a real n8n behind a proxy answering 504 while PM3K made the upload: the node finds the upload made and answers it, so Retry On Fail uploads nothing twice",
  ignore: !n8nInstalled,
  async fn() {
    await withProxiedNode(
      "n8n_gateway_upload",
      "gatewayCredent02",
      sendsFile,
      { forwardFirst: true },
      async (run, proxy, credentials) => {
        const out = await importAndExecute(
          run,
          binaryUploadChain("pm3kGatewayUpld1", {
            extra: {
              credentials,
              retryOnFail: true,
              maxTries: 2,
              waitBetweenTries: 1000,
            },
          }),
          { follow: false },
        );
        const held = await uploadsHeld(run);
        assert.equal(held.length, 1, JSON.stringify(held));
        const answered = only(out["Upload video"][0]);
        assert.equal(answered.upload_id, held[0].upload_id);
        assert.equal(answered.url, held[0].url);
        assert.equal(answered.filename, "portrait.mp4");
        assert.equal(answered.ok, true);
        assert.equal(
          proxy.seen.filter((s) => s === "POST /api/uploads").length,
          1,
          proxy.seen.join(", "),
        );
      },
    );
  },
});

Deno.test({
  name:
    "Upload Media of a binary file in a real n8n behind a proxy answering 504 before PM3K got the file: the node finds no upload made, fails with http_504, the description saying Retry On Fail sends the file again, that the node's List Uploads would show the first, and how to upload retry-safely",
  ignore: !n8nInstalled,
  async fn() {
    await withProxiedNode(
      "n8n_gateway_upload_none",
      "gatewayCredent03",
      sendsFile,
      { forwardFirst: false },
      async (run, proxy, credentials) => {
        const said = await importAndFail(
          run,
          binaryUploadChain("pm3kGatewayUpld2", { extra: { credentials } }),
        );
        assert.match(
          said,
          /^Execution error:\n=+\nhttp_504: The Base URL answered HTTP 504 with a web page/m,
        );
        assert.match(
          said,
          /"description": "In n8n: not PM3K but a proxy [^"]*\(HTTP 504\)[^"]*\. Upload Media found no upload of this file's name and size in PM3K's list \(GET \/api\/uploads\) in the half minute after, so Retry On Fail sends the file again: should the first one still be made \(a PM3K node with Operation List Uploads lists it[^"]*Source: URL[^"]*proxy_read_timeout/,
        );
        assert.deepEqual(await uploadsHeld(run), []);
        // It looked more than once: PM3K may finish after the 504.
        assert.ok(
          proxy.seen.filter((s) => s === "GET /api/uploads").length > 1,
          proxy.seen.join(", "),
        );
      },
    );
  },
});

Deno.test({
  name:
    "Create Album in a real n8n behind a proxy answering 504 once PM3K made the album: Retry On Fail sends the node's Idempotency-Key again and gets the album made, not a second empty one",
  ignore: !n8nInstalled,
  async fn() {
    let creates = 0;
    await withProxiedNode(
      "n8n_gateway_album",
      "gatewayCredent04",
      (req) =>
        req.method === "POST" &&
        new URL(req.url).pathname === "/api/albums" && ++creates === 1,
      { forwardFirst: true },
      async (run, proxy, credentials) => {
        const out = await importAndExecute(
          run,
          chain("pm3kGatewayAlbm1", [
            start(),
            pm3k("Create album", { operation: "createAlbum" }, {
              credentials,
              retryOnFail: true,
              maxTries: 2,
              waitBetweenTries: 1000,
            }),
          ]),
          { follow: false },
        );
        assert.equal(creates, 2, proxy.seen.join(", "));
        const { status, body } = await run.me.json("GET", "/api/albums");
        assert.equal(status, 200, JSON.stringify(body));
        const albums = body.albums as Record<string, unknown>[];
        assert.equal(albums.length, 1, JSON.stringify(albums));
        assert.equal(
          only(out["Create album"][0]).album_id,
          albums[0].album_id,
        );
      },
    );
  },
});

Deno.test({
  name:
    "Upload Media of a binary file in a real n8n behind Cloudflare answering its 524 timeout while PM3K made the upload: the node finds the upload made and answers it, as after nginx's 504",
  ignore: !n8nInstalled,
  async fn() {
    await withProxiedNode(
      "n8n_gateway_upload_524",
      "gatewayCredent05",
      sendsFile,
      {
        forwardFirst: true,
        status: 524,
        title: "pm3k.example.com | 524: A timeout occurred",
      },
      async (run, _proxy, credentials) => {
        const out = await importAndExecute(
          run,
          binaryUploadChain("pm3kGatewayUpld3", { extra: { credentials } }),
          { follow: false },
        );
        const held = await uploadsHeld(run);
        assert.equal(held.length, 1, JSON.stringify(held));
        assert.equal(only(out["Upload video"][0]).upload_id, held[0].upload_id);
      },
    );
  },
});

Deno.test({
  name:
    "Upload Media of a binary file in a real n8n behind a proxy answering 504 before PM3K got the file, while another execution's upload of the same file (name and size) was made a moment before: the node does not take that one for its own, and fails with http_504",
  ignore: !n8nInstalled,
  async fn() {
    await withProxiedNode(
      "n8n_gateway_upload_other",
      "gatewayCredent06",
      sendsFile,
      { forwardFirst: false },
      async (run, _proxy, credentials) => {
        // Another execution's upload, sent straight to PM3K just before.
        const res = await fetch(
          `${run.server.url}/api/uploads?filename=portrait.mp4`,
          {
            method: "POST",
            headers: {
              Authorization: `Bearer ${run.me.key}`,
              "Content-Type": "video/mp4",
            },
            body: await Deno.readFile(fixturePath("portrait.mp4")),
          },
        );
        const other = await res.json();
        assert.equal(res.status, 200, JSON.stringify(other));
        const said = await importAndFail(
          run,
          binaryUploadChain("pm3kGatewayUpld4", { extra: { credentials } }),
        );
        assert.match(
          said,
          /^Execution error:\n=+\nhttp_504: The Base URL answered HTTP 504 with a web page/m,
        );
        assert.doesNotMatch(said, new RegExp(other.upload_id));
        const held = await uploadsHeld(run);
        assert.deepEqual(held.map((u) => u.upload_id), [other.upload_id]);
      },
    );
  },
});
