/**
 * Upload Media behind a reverse proxy that refuses the file for its size,
 * in the real n8n that tests/n8n/install_n8n.sh installs (ignored when it
 * is not there), with the PM3K node built from its sources
 * (docs/workflows.md#large-files-from-n8n): nginx answers a body over its
 * 1 MB default with its own "413 Request Entity Too Large" page, not
 * PM3K's JSON. The error names the page's title, and its description says
 * that the proxy refused the file, what lets it through, and what to do in
 * n8n meanwhile.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import {
  binaryUploadChain,
  credentialAt,
  importAndFail,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const NGINX_413 =
  "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

Deno.test({
  name:
    "Upload Media in a real n8n behind a proxy refusing the file's size (nginx's 413 page): the error names the page, the description says the proxy refused it, client_max_body_size, and Source: URL meanwhile",
  ignore: !n8nInstalled,
  async fn() {
    // nginx with its default client_max_body_size in front of PM3K: the
    // body is read (as nginx's lingering close does), then refused.
    const proxy = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      async (req) => {
        await req.arrayBuffer();
        return new Response(NGINX_413, {
          status: 413,
          headers: { "Content-Type": "text/html" },
        });
      },
    );
    try {
      await withNodeInN8n("n8n_proxy_413", {}, async (run) => {
        const credentials = await credentialAt(
          run,
          "proxyCredential2",
          `http://127.0.0.1:${proxy.addr.port}`,
        );
        const out = await importAndFail(
          run,
          binaryUploadChain("pm3kProxyTooBig1", { extra: { credentials } }),
        );
        assert.match(
          out,
          /^Execution error:\n=+\nhttp_413: The Base URL answered HTTP 413 with a web page, not PM3K's JSON: "413 Request Entity Too Large"/m,
        );
        assert.match(
          out,
          /"description": "In n8n: not PM3K but a proxy in front of it \(the page's server\) refused the file for its size; nginx takes 1 MB by default\. [^"]*client_max_body_size 201m;[^"]*Source: URL[^"]*; PM3K error code \\"http_413\\" \(HTTP 413\)/,
        );
      });
    } finally {
      await proxy.shutdown();
    }
  },
});
