/**
 * Videos that arrive in a zip (an email's or a form's attachment, a
 * download), unpacked with n8n's Compression node (Decompress) and sent
 * with Upload Media, in the real n8n that tests/n8n/install_n8n.sh
 * installs (ignored when it is not there)
 * (docs/workflows.md#videos-in-a-zip). The zip is as a Mac's Finder
 * makes it of a folder: the folder's own entry, the video, and the
 * `__MACOSX` copy n8n leaves out.
 */
import assert from "node:assert/strict";
import { executionError, n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  importAndFail,
  node,
  only,
  pm3k,
  readFiles,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const unzipped = (id: string, binaryPropertyName: string) =>
  chain(id, [
    start(),
    readFiles("Read zip", fixturePath("clips-folder.zip")),
    node("Unzip", "n8n-nodes-base.compression", {
      operation: "decompress",
      binaryPropertyName: "data",
      outputPrefix: "file_",
    }, { typeVersion: 1.1 }),
    pm3k("Upload videos", {
      operation: "upload",
      uploadSource: "binary",
      binaryPropertyName,
    }),
  ]);

Deno.test({
  name:
    "A zip of a folder unpacked by n8n's Compression node → Upload Media of every field in a real n8n: the folder's entry, an empty file_0, is refused before anything is sent, naming the field and what it is, with the expression that keeps the videos; that expression uploads the video",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_zip_source", {}, async (run) => {
      const error = executionError(
        await importAndFail(
          run,
          unzipped(
            "pm3kZipFolder001",
            "={{ Object.keys($binary).join(',') }}",
          ),
        ),
      );
      assert.match(
        String(error.message),
        /^The binary field 'file_0' \(clips\) is empty: 0 bytes, no file to upload$/,
      );
      assert.match(
        String(error.description),
        /^A zip's folder comes out of n8n's Compression node \(Decompress\) as an empty file[^]*Nothing was uploaded[^]*Object\.keys\(\$binary\)\.filter/,
      );
      const none = await run.me.json("GET", "/api/uploads");
      assert.deepEqual(none.body.uploads, []);

      // The expression the description gives uploads the video alone.
      const out = await importAndExecute(
        run,
        unzipped(
          "pm3kZipFolder002",
          "={{ Object.keys($binary).filter(k => /^(video|image)\\//.test($binary[k].mimeType)).join(',') }}",
        ),
        { follow: false },
      );
      const made = only(out["Upload videos"][0]);
      assert.equal(made.filename, "portrait.mp4");
      assert.equal(made.kind, "video");
    });
  },
});
