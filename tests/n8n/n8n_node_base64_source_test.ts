/**
 * A video that an earlier step gives as base64 text, made a file with
 * n8n's Convert to File (Move Base64 String to File) and sent with Upload
 * Media, in the real n8n that tests/n8n/install_n8n.sh installs (ignored
 * when it is not there) (docs/workflows.md#files-given-as-base64-text):
 * given as a data URL, its `data:video/mp4;base64,` start included.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { executionError, n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  importAndFail,
  node,
  only,
  pm3k,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const base64Upload = (id: string, dataUrl: string, cut: boolean) =>
  chain(id, [
    start(),
    node("API answer", "n8n-nodes-base.code", {
      jsCode: `return [{ json: { video: ${JSON.stringify(dataUrl)} } }];`,
    }, { typeVersion: 2 }),
    ...(cut
      ? [node("Base64 only", "n8n-nodes-base.set", {
        assignments: {
          assignments: [{
            id: "a1",
            name: "video",
            value: "={{ $json.video.split(',').pop() }}",
            type: "string",
          }],
        },
        options: {},
      }, { typeVersion: 3.4 })]
      : []),
    node("Convert to File", "n8n-nodes-base.convertToFile", {
      operation: "toBinary",
      sourceProperty: "video",
      options: {},
    }, { typeVersion: 1.1 }),
    pm3k("Upload video", { operation: "upload", uploadSource: "binary" }),
  ]);

Deno.test({
  name:
    "A video given as a data URL → Convert to File → Upload Media in a real n8n: PM3K's unsupported_file_type, the description first saying the data:…;base64, start was decoded with it and how to cut it off; cut off, the video uploads",
  ignore: !n8nInstalled,
  async fn() {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    const dataUrl = `data:video/mp4;base64,${
      Buffer.from(video).toString("base64")
    }`;
    await withNodeInN8n("n8n_base64_source", {}, async (run) => {
      const error = executionError(
        await importAndFail(
          run,
          base64Upload("pm3kDataUrl00001", dataUrl, false),
        ),
      );
      assert.match(String(error.message), /^unsupported_file_type: /);
      assert.match(
        String(error.description),
        /^In n8n: the file is a data URL's text \(data:video\/mp4;base64,…\) decoded whole, [^]*Edit Fields \(Set\)[^]*split\(','\)\.pop\(\)[^"]*; PM3K error code "unsupported_file_type" \(HTTP 400\)/,
      );

      const out = await importAndExecute(
        run,
        base64Upload("pm3kDataUrl00002", dataUrl, true),
        { follow: false },
      );
      const made = only(out["Upload video"][0]);
      assert.equal(made.kind, "video");
      assert.equal(made.size, video.length);
    });
  },
});
