/**
 * One failure among several, in the real n8n that tests/n8n/install_n8n.sh
 * installs (ignored when it is not there): with Settings › On Error →
 * Continue (either output) the failing item, or the failing file of an
 * item holding several, carries its error naming the binary field, and the
 * others are uploaded and scheduled, as n8n's own nodes do
 * (docs/workflows.md#one-files-failure-among-several). The failing file
 * is an empty one (0 bytes, as a download that answered nothing gives) or
 * a misspelt field, between the fixtures' two portrait videos.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  node,
  pm3k,
  readFiles,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";
import type { NodeInN8n, RunData } from "./pm3k_node_workflows.ts";

/** The Code node's words for an empty copy of binary `b`. */
const EMPTY_OF = (b: string) =>
  `Object.assign({}, ${b}, { data: '', fileName: 'empty.mp4', fileSize: '0 B', id: undefined })`;

/** Three items: the two videos read, an empty file between them. */
const threeItems = () =>
  node("Files", "n8n-nodes-base.code", {
    jsCode: "const [a, b] = $input.all();\n" +
      `return [a, { json: {}, binary: { data: ${
        EMPTY_OF("a.binary.data")
      } } }, b];`,
  }, { typeVersion: 2 });

/** One item: the two videos as clip_a and clip_b, an empty file as clip_e. */
const oneItem = () =>
  node("Files", "n8n-nodes-base.code", {
    jsCode: "const [a, b] = $input.all();\n" +
      `return [{ json: {}, binary: { clip_a: a.binary.data, clip_e: ${
        EMPTY_OF("a.binary.data")
      }, clip_b: b.binary.data } }];`,
  }, { typeVersion: 2 });

/**
 * Files → Upload Media → Schedule Post at the next free time from three
 * hours on (two posts now would meet the 1-an-hour limit).
 */
const uploadThenPost = (
  id: string,
  files: ReturnType<typeof node>,
  binaryPropertyName: string,
  onError: string,
) =>
  chain(id, [
    start(),
    readFiles("Videos", fixturePath("portrait.*")),
    files,
    pm3k("Upload", {
      operation: "upload",
      uploadSource: "binary",
      binaryPropertyName,
    }, { onError }),
    pm3k("Post", {
      operation: "schedule",
      sourceUrl: "={{ $json.url }}",
      // Each workflow's captions its own (one caption once per account).
      title: `=${id} {{ $json.filename }}`,
      privacy: "SELF_ONLY",
      runAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      whenTaken: "nextFree",
    }, { onError: "continueRegularOutput" }),
  ]);

const EMPTY = /^The binary field '\w+' \(empty\.mp4\) is empty: 0 bytes/;
const VIDEOS = ["portrait.mp4", "portrait.webm"];

const jsonOf = (items: RunData[] | undefined) =>
  (items ?? []).map((item) => item.json);
const names = (items: Record<string, unknown>[]) =>
  items.map((u) => String(u.filename)).sort();

/** Items 1 and 3 uploaded and scheduled, item 2 the failure `error`. */
function assertMiddleFailed(
  out: Record<string, RunData[][]>,
  error: RegExp,
) {
  const uploads = jsonOf(out["Upload"]?.[0]);
  assert.equal(uploads.length, 3, JSON.stringify(out));
  assert.deepEqual(names([uploads[0], uploads[2]]), VIDEOS);
  assert.match(String(uploads[1].error), error, JSON.stringify(uploads[1]));
  assert.equal(uploads[1].upload_id, undefined);
  const posts = jsonOf(out["Post"]?.[0]);
  assert.equal(posts.length, 3, JSON.stringify(posts));
  assert.equal(posts[0].state, "scheduled", JSON.stringify(posts));
  assert.match(String(posts[1].error), /^No Video URL/);
  assert.equal(posts[2].state, "scheduled", JSON.stringify(posts));
}

/**
 * Runs `workflow`: Upload's main output the two videos, its error output
 * the empty file's failure alone.
 */
async function assertEmptyOnErrorOutput(
  run: NodeInN8n,
  workflow: ReturnType<typeof uploadThenPost>,
) {
  const out = await importAndExecute(run, workflow, { follow: false });
  const [done, failed] = out["Upload"];
  assert.deepEqual(names(jsonOf(done)), VIDEOS);
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assert.match(String(failed[0].json.error), EMPTY);
}

Deno.test({
  name:
    "Three items to Upload Media and Schedule Post in a real n8n, the middle one an empty file: with On Error → Continue items 1 and 3 are uploaded and scheduled and item 2 carries the error naming the field; with the error output it goes there alone",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_item_failures", {}, async (run) => {
      assertMiddleFailed(
        await importAndExecute(
          run,
          uploadThenPost(
            "pm3kItemFail0001",
            threeItems(),
            "data",
            "continueRegularOutput",
          ),
          { follow: false },
        ),
        EMPTY,
      );
      const made = await run.me.json("GET", "/api/uploads");
      assert.equal((made.body.uploads as unknown[]).length, 2);

      // Continue (using error output): the empty file's item alone there.
      await assertEmptyOnErrorOutput(
        run,
        uploadThenPost(
          "pm3kItemFail0002",
          threeItems(),
          "data",
          "continueErrorOutput",
        ),
      );
    });
  },
});

Deno.test({
  name:
    "One item's three binary fields to Upload Media and Schedule Post in a real n8n, the middle one empty or misspelt: with On Error → Continue files 1 and 3 are uploaded and scheduled and the middle one's item carries its error and binary_field; with the error output it goes there alone",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_field_failures", {}, async (run) => {
      const empty = await importAndExecute(
        run,
        uploadThenPost(
          "pm3kFieldFail001",
          oneItem(),
          "clip_a,clip_e,clip_b",
          "continueRegularOutput",
        ),
        { follow: false },
      );
      assertMiddleFailed(empty, EMPTY);
      const failure = empty["Upload"][0][1].json;
      assert.equal(failure.binary_field, "clip_e");
      assert.equal(failure.filename, undefined);

      const misspelt = await importAndExecute(
        run,
        uploadThenPost(
          "pm3kFieldFail002",
          oneItem(),
          "clip_a, clip_x ,clip_b",
          "continueRegularOutput",
        ),
        { follow: false },
      );
      assertMiddleFailed(
        misspelt,
        /^The item has no binary field 'clip_x'$/,
      );
      assert.equal(misspelt["Upload"][0][1].json.binary_field, "clip_x");

      // Continue (using error output): the empty file alone there.
      await assertEmptyOnErrorOutput(
        run,
        uploadThenPost(
          "pm3kFieldFail003",
          oneItem(),
          "clip_a,clip_e,clip_b",
          "continueErrorOutput",
        ),
      );
    });
  },
});
