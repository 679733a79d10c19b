/**
 * The PM3K node's List Uploads in the real n8n that tests/n8n/install_n8n.sh
 * installs (ignored when it is not there), built from its sources, against
 * PM3K on loopback: after Upload Media it lists the uploads made, one item
 * each with `GET /api/uploads`'s fields unchanged, 50 by default, Limit and
 * Return All reading page after page through the answer's `cursor`; a key
 * PM3K refuses gives, with On Error → Continue, an item whose `error` is
 * PM3K's code (docs/workflows.md#the-native-n8n-node).
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import {
  binaryUploadChain,
  credentialAt,
  importAndExecute,
  only,
  pm3k,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";
import type { NodeInN8n } from "./pm3k_node_workflows.ts";
import { fixture } from "../_helpers/api_client.ts";

type Upload = Record<string, unknown>;

/** Every upload PM3K lists for `run`'s user, read through its cursor. */
async function listedByApi(run: NodeInN8n): Promise<Upload[]> {
  const all: Upload[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const query: string = cursor ? `&cursor=${cursor}` : "";
    const r = await run.me.json("GET", `/api/uploads?limit=100${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    all.push(...r.body.uploads as Upload[]);
    cursor = r.body.cursor as string | null;
  }
  return all;
}

/** `count` uploads of the fixture video sent straight to PM3K's API. */
async function uploadThroughApi(run: NodeInN8n, count: number, from: number) {
  const bytes = await fixture("portrait.mp4");
  for (let n = from; n < from + count; n++) {
    const res = await fetch(
      `${run.server.url}/api/uploads?filename=seeded${n}.mp4`,
      {
        method: "POST",
        headers: {
          Authorization: `Bearer ${run.me.key}`,
          "Content-Type": "video/mp4",
        },
        body: bytes,
      },
    );
    const body = await res.text();
    assert.equal(res.status, 200, body);
  }
}

Deno.test({
  name:
    "List Uploads in a real n8n: after Upload Media it lists the uploads made with GET /api/uploads's fields, 50 by default, Limit 3, Limit 120 over two pages, Return All across every page; a refused key with On Error → Continue gives PM3K's code in error",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_node_uploads_lister", {}, async (run) => {
      const { server } = run;
      // 103 uploads beside the node's two, more than a page of 100: the
      // plan's 100 a day over two days (uploads are kept a week).
      await uploadThroughApi(run, 100, 0);
      server.clock.advance(24 * 3600_000);
      await uploadThroughApi(run, 3, 100);
      // The test clock stands still: the node's uploads a minute later are
      // the newest, not ordered with these by their ids' random part.
      server.clock.advance(60_000);

      const wrongKey = `${run.me.key.slice(0, -4)}nope`;
      const wrongCredential = await credentialAt(
        run,
        "wrongKeyCredent1",
        server.url,
        wrongKey,
      );

      const list = (name: string, parameters: Record<string, unknown>) =>
        pm3k(name, { operation: "listUploads", ...parameters }, {
          // Once, not once per upload listed by the node before.
          executeOnce: true,
        });
      const workflow = binaryUploadChain("pm3kNodeUploads1", {
        files: "portrait.*",
        readName: "Videos",
        name: "Upload",
        then: [
          // The defaults: Return All off, Limit 50.
          list("Default", {}),
          list("Limit 3", { returnAll: false, limit: 3 }),
          list("Limit 120", { limit: 120 }),
          list("Return all", { returnAll: true, limit: 3 }),
          pm3k("Refused", { operation: "listUploads" }, {
            executeOnce: true,
            onError: "continueRegularOutput",
            credentials: wrongCredential,
          }),
        ],
      });
      const listCalls = () =>
        server.logs.filter((l) =>
          l.path === "/api/uploads" && l.method === "GET"
        ).length;
      const before = listCalls();
      const out = await importAndExecute(run, workflow, { follow: false });
      // One page each for Default and Limit 3; 100 + 20 for Limit 120;
      // 100 + the last 5 (cursor null) for Return All; one refused; and
      // one by Upload Media before each of its two files, the list a
      // gateway's 504 is compared with
      // (docs/workflows.md#when-a-proxy-answers-502-503-or-504).
      assert.equal(listCalls() - before, 1 + 1 + 2 + 2 + 1 + 2);

      const all = await listedByApi(run);
      assert.equal(all.length, 105);
      const items = (name: string) => out[name][0].map((item) => item.json);

      // Upload Media's two are the newest, listed first.
      const made = items("Upload").map((u) => String(u.upload_id));
      assert.equal(made.length, 2);
      assert.deepEqual(
        new Set(items("Default").slice(0, 2).map((u) => u.upload_id)),
        new Set(made),
      );
      // Each item is one of the API's uploads, its fields unchanged.
      assert.deepEqual(items("Default"), all.slice(0, 50));
      assert.deepEqual(items("Limit 3"), all.slice(0, 3));
      assert.deepEqual(items("Limit 120"), all.slice(0, 120));
      assert.deepEqual(items("Return all"), all);
      const first = await run.me.json("GET", "/api/uploads");
      assert.deepEqual(items("Default"), first.body.uploads);

      // The item of the refused key: PM3K's own code and message.
      const refused = await fetch(`${server.url}/api/uploads`, {
        headers: { Authorization: `Bearer ${wrongKey}` },
      });
      const body = await refused.json();
      assert.equal(refused.status, 401);
      assert.equal(body.error, "unauthorized");
      const item = only(out["Refused"][0]);
      assert.equal(item.error, body.error);
      assert.equal(item.message, body.message);
    });
  },
});
