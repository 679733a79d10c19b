/**
 * What a failed item carries on with On Error → Continue, in the real n8n
 * that tests/n8n/install_n8n.sh installs (ignored when it is not there):
 * beside `error`, the error's `description` (the advice the editor shows
 * when the node stops) and, for a PM3K refusal, its documented `code`,
 * read by the node after (docs/workflows.md#what-a-continue-item-holds).
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  neverErrorDownload,
  noOp,
  only,
  pm3k,
  readFiles,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const toMain = { onError: "continueRegularOutput" };
const binaryUpload = (name: string) =>
  pm3k(name, {
    operation: "upload",
    uploadSource: "binary",
    binaryPropertyName: "data",
  }, toMain);

Deno.test({
  name:
    "On Error → Continue in a real n8n: an image uploaded without an album reaches the next node with code unsupported_file_type and the description saying to use an album; an empty download with the description saying to turn Follow Redirects on",
  ignore: !n8nInstalled,
  async fn() {
    // A link answering a redirect, which the HTTP Request node below does
    // not follow: its empty answer is the file.
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => Response.redirect(new URL("/file", req.url), 302),
    );
    try {
      await withNodeInN8n("n8n_continue_item", {}, async (run) => {
        const nodes = [
          start(),
          readFiles("Photo file", fixturePath("photo1.jpg")),
          binaryUpload("Upload photo"),
          noOp("After photo"),
          neverErrorDownload(`http://127.0.0.1:${host.addr.port}/get`, {
            redirect: { redirect: { followRedirects: false } },
          }),
          binaryUpload("Upload download"),
          noOp("After download"),
        ];
        const out = await importAndExecute(
          run,
          chain("pm3kContinueItem", nodes, {
            Start: { main: [[{ node: "Photo file" }, { node: "Download" }]] },
            "After photo": { main: [] },
          }),
          { follow: false },
        );

        const photo = only(out["After photo"][0]);
        assert.equal(
          photo.error,
          "unsupported_file_type",
          JSON.stringify(photo),
        );
        assert.equal(photo.code, "unsupported_file_type");
        assert.equal(typeof photo.message, "string");
        assert.match(
          String(photo.description),
          /^In n8n: an image goes into an album\. Put a PM3K Create Album node first[^]*; PM3K error code "unsupported_file_type" \(HTTP 400\)/,
        );

        const empty = only(out["After download"][0]);
        assert.match(
          String(empty.error),
          /^The binary field 'data' \(get\) is empty: 0 bytes, no file to upload$/,
        );
        assert.match(
          String(empty.description),
          /Follow Redirects off keeps a redirect's empty answer \(turn it on\)[^]*Nothing was uploaded$/,
        );
        // Not PM3K's refusal: n8n's error, no code.
        assert.equal(empty.code, undefined);
      });
    } finally {
      await host.shutdown();
    }
  },
});
