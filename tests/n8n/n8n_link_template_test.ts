/**
 * The n8n-pm3k-node-link.json template (static/examples), the PM3K node
 * installed as a community package in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there): it
 * imports unchanged and, as shipped, posts the Google Drive share link of
 * its Video link node (PM3K fetching it, no file through n8n) with the
 * caption set there, then waits until done (docs/workflows.md#templates).
 * Drive cannot be reached from the tests: the source server answers for it
 * as its published link forms say it does.
 */
import assert from "node:assert/strict";
import { hostsNetwork, startSourceServer } from "../_helpers/source_server.ts";
import { postsOf, publishAtTikTok } from "../_helpers/posting_setup.ts";
import { followWhile } from "../_helpers/follow_while.ts";
import { importInto, n8n, n8nInstalled } from "./n8n_cli.ts";
import type { N8nWorkflow } from "./n8n_cli.ts";
import {
  asCommunityPackage,
  importUnchanged,
  runnableTemplate,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const TEMPLATE = new URL(
  "../../static/examples/n8n-pm3k-node-link.json",
  import.meta.url,
);

Deno.test({
  name:
    "the n8n template posting from a link, installed as a community package, imports unchanged and, as shipped, posts its Drive share link with its caption, Only me, and waits until done",
  ignore: !n8nInstalled,
  async fn() {
    const source = await startSourceServer();
    const net = hostsNetwork(source);
    try {
      await withNodeInN8n("n8n_link_template", {
        load: asCommunityPackage,
        env: { TIKTOK_APP_AUDITED: "false" },
        fetchOptions: net.fetchOptions,
      }, async ({ server, me, home, env }) => {
        await me.sandbox({ private_account: true });
        const template = JSON.parse(
          await Deno.readTextFile(TEMPLATE),
        ) as N8nWorkflow;
        await importUnchanged(home, template, "pm3kTemplLink001", env);

        // As shipped, but for the credential and 3 s between polls.
        await importInto(
          home,
          "workflow",
          runnableTemplate(template, "pm3kTemplLink002"),
          env,
        );
        const run = await followWhile(
          server,
          n8n(home, ["execute", "--id=pm3kTemplLink002"], env),
        );
        assert.equal(run.code, 0, run.out);
        assert.match(run.out, /Execution was successful/);
        const [post] = await postsOf(me);
        assert.deepEqual([post.title, post.state], [
          "My caption without links",
          "done",
        ]);
        const uploads = await me.json("GET", "/api/uploads");
        assert.deepEqual(
          (uploads.body.uploads as { filename: string }[]).map((u) =>
            u.filename
          ),
          ["drive clip.mp4"],
          JSON.stringify(uploads.body),
        );
        const atTikTok = await publishAtTikTok(server, post.publish_id);
        assert.equal(atTikTok.privacyLevel, "SELF_ONLY");
      });
    } finally {
      await source.close();
    }
  },
});
