/**
 * Files an HTTP Request node downloads through a redirect, in the real n8n
 * that tests/n8n/install_n8n.sh installs (ignored when it is not there),
 * from a loopback host: followed (n8n's default), the file is uploaded,
 * even typed with a Google Drive type (`application/vnd.google-apps.video`,
 * as a Drive download may be; simulated here, Google is never asked); not
 * followed (Options › Redirects › Follow Redirects off, Never Error on),
 * the redirect's empty answer is the file, and Upload Media's error says
 * so: what to turn on, not a zip's folder
 * (docs/workflows.md#an-empty-download).
 */
import assert from "node:assert/strict";
import { executionError, n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  importAndFail,
  neverErrorDownload,
  only,
  pm3k,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const uploaded = (id: string, from: ReturnType<typeof neverErrorDownload>) =>
  chain(id, [
    start(),
    from,
    pm3k("Upload", {
      operation: "upload",
      uploadSource: "binary",
      binaryPropertyName: "data",
    }),
  ]);

Deno.test({
  name:
    "An HTTP Request download through a redirect → Upload Media in a real n8n: followed, the video typed application/vnd.google-apps.video is uploaded; not followed, the empty file's error says to turn Follow Redirects on",
  ignore: !n8nInstalled,
  async fn() {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => {
        const url = new URL(req.url);
        if (url.pathname === "/get") {
          return Response.redirect(`${url.origin}/file?id=1`, 302);
        }
        return new Response(video, {
          headers: { "Content-Type": "application/vnd.google-apps.video" },
        });
      },
    );
    const at = `http://127.0.0.1:${host.addr.port}`;
    try {
      await withNodeInN8n("n8n_redirect_download", {}, async (run) => {
        const out = await importAndExecute(
          run,
          uploaded("pm3kRedirect0001", neverErrorDownload(`${at}/get`)),
          { follow: false },
        );
        const made = only(out["Upload"][0]);
        assert.equal(made.kind, "video", JSON.stringify(made));
        assert.equal(made.content_type, "video/mp4");

        const error = executionError(
          await importAndFail(
            run,
            uploaded(
              "pm3kRedirect0002",
              neverErrorDownload(`${at}/get`, {
                redirect: { redirect: { followRedirects: false } },
              }),
            ),
          ),
        );
        assert.match(
          String(error.message),
          /^The binary field 'data' \(get\) is empty: 0 bytes, no file to upload$/,
        );
        const said = String(error.description);
        assert.match(
          said,
          /^The node before gave an empty file, as a download that answered nothing does: an HTTP Request node with Options › Redirects › Follow Redirects off keeps a redirect's empty answer \(turn it on\)[^]*Nothing was uploaded$/,
        );
        assert.doesNotMatch(said, /zip/);
      });
    } finally {
      await host.shutdown();
    }
  },
});
