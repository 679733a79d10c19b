/**
 * The n8n template with HTTP Request nodes in a real n8n (installed by
 * tests/n8n/install_n8n.sh; these tests are ignored when it is not there):
 * it imports cleanly and comes back unchanged, and it runs against PM3K on
 * loopback — reads the video file, uploads it, posts, waits, polls /status
 * until done — or stops on its error branch with the API's error code
 * (docs/workflows.md#the-n8n-pattern).
 */
import assert from "node:assert/strict";
import { startTestServer } from "../_helpers/test_server.ts";
import type { TestServer } from "../_helpers/test_server.ts";
import { posterFor, publishAtTikTok } from "../_helpers/posting_setup.ts";
import { followWhile } from "../_helpers/follow_while.ts";
import {
  executeFailing,
  exportWorkflows,
  importInto,
  n8n,
  n8nInstalled,
} from "./n8n_cli.ts";
import type { N8nWorkflow } from "./n8n_cli.ts";

const TEMPLATE = new URL(
  "../../static/examples/n8n-direct-post.json",
  import.meta.url,
);
const installed = n8nInstalled;

/** The default with real TikTok (docs/posting.md#unaudited-apps). */
const UNAUDITED = { TIKTOK_APP_AUDITED: "false" };

async function template(): Promise<N8nWorkflow> {
  return JSON.parse(await Deno.readTextFile(TEMPLATE));
}

/** The video the template's "Video file" node reads. */
const VIDEO = new URL("../fixtures/portrait.mp4", import.meta.url)
  .pathname;

/** The id of the template's credential in these tests' n8n. */
const CREDENTIAL_ID = "pm3kCredential01";

/** The template's credential in n8n `home`: `Authorization: Bearer <key>`. */
async function importKey(home: string, key: string): Promise<void> {
  await importInto(home, "credentials", [{
    id: CREDENTIAL_ID,
    name: "PM3K API key (Authorization: Bearer ...)",
    type: "httpHeaderAuth",
    data: { name: "Authorization", value: `Bearer ${key}` },
  }]);
}

/**
 * Runs workflow `id` in n8n `home`, moving `server`'s clock while it
 * waits; the run must succeed.
 */
async function runToSuccess(
  server: TestServer,
  home: string,
  id = "pm3kTemplate0001",
): Promise<void> {
  const run = await followWhile(server, n8n(home, ["execute", `--id=${id}`]));
  assert.equal(run.code, 0, run.out);
  assert.match(run.out, /Execution was successful/);
}

/** The template pointed at `server`, with our key, video and caption. */
async function workflowFor(
  server: Pick<TestServer, "url">,
  fields: { title: string },
): Promise<N8nWorkflow> {
  const wf = JSON.parse(
    JSON.stringify(await template()).replaceAll("https://pm3k.org", server.url),
  ) as N8nWorkflow;
  wf.id = "pm3kTemplate0001";
  for (const node of wf.nodes) {
    if (node.credentials?.httpHeaderAuth) {
      node.credentials.httpHeaderAuth.id = CREDENTIAL_ID;
    }
    if (node.type === "n8n-nodes-base.set") {
      const list = (node.parameters.assignments as {
        assignments: { name: string; value: string }[];
      }).assignments;
      for (const a of list) if (a.name === "title") a.value = fields.title;
    }
    if (node.type === "n8n-nodes-base.readWriteFile") {
      node.parameters.fileSelector = VIDEO;
    }
    // One second instead of the template's 15 between polls: same loop.
    if (node.type === "n8n-nodes-base.wait") node.parameters.amount = 1;
  }
  return wf;
}

Deno.test({
  name: "the n8n template imports into a real n8n and comes back unchanged",
  ignore: !installed,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const out = await importInto(home, "workflow", await template());
      assert.match(out, /Successfully imported 1 workflow/);
      const [back] = await exportWorkflows(home, "--all");
      const mine = await template();
      assert.equal(back.name, mine.name);
      const shape = (w: N8nWorkflow) =>
        w.nodes.map((n) => ({ name: n.name, type: n.type, p: n.parameters }));
      assert.deepEqual(shape(back), shape(mine));
      assert.deepEqual(back.connections, mine.connections);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the n8n template runs in a real n8n against PM3K whose TikTok app is not audited (the default): posts Only me, polls until done, or stops on the error branch",
  ignore: !installed,
  async fn() {
    // Every new TikTok app is unaudited: the template works there as it is.
    const server = await startTestServer({ env: UNAUDITED });
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_user");
      // An unaudited app posts only to private TikTok accounts.
      await me.sandbox({ private_account: true });
      await importKey(home, me.key);
      // A caption with quotes and a new line must reach TikTok intact.
      const title = 'Posted from n8n: "quoted" and\na second line #pm3k';
      await importInto(
        home,
        "workflow",
        await workflowFor(server, { title }),
      );
      await runToSuccess(server, home);
      assert.equal(await me.sandboxPosts(), 1);
      const posts = await me.json("GET", "/api/tiktok/posts");
      const [post] = posts.body.posts as {
        title: string;
        state: string;
        publish_id: string;
      }[];
      assert.deepEqual({ title: post.title, state: post.state }, {
        title,
        state: "done",
      });
      const atTikTok = await publishAtTikTok(server, post.publish_id);
      assert.equal(atTikTok.privacyLevel, "SELF_ONLY");

      // A caption with a link: direct_post answers links_forbidden, the IF
      // sends it down the error branch, and the run stops with the code.
      await importInto(
        home,
        "workflow",
        await workflowFor(server, {
          title: "see https://example.com",
        }),
      );
      const refused = await executeFailing(home, "pm3kTemplate0001");
      assert.match(refused, /links_forbidden/);
      assert.equal(await me.sandboxPosts(), 1, "nothing more was posted");
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the n8n template with its Video file node replaced by an HTTP Request download (served as application/binary, no file name in the URL) uploads the video and posts it, not refused 415",
  ignore: !installed,
  async fn() {
    const video = await Deno.readFile(VIDEO);
    // A host typing its downloads with a type that says nothing of the file.
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(video, {
          headers: {
            "Content-Type": "application/binary",
            "Content-Disposition": "attachment",
          },
        }),
    );
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_download");
      await importKey(home, me.key);
      const wf = await workflowFor(server, {
        title: "Downloaded, then posted from n8n",
      });
      // As docs/workflows.md#templates says: any node giving the video as
      // binary field data, here an HTTP download.
      const file = wf.nodes.find((n) => n.name === "Video file")!;
      Object.assign(file, {
        type: "n8n-nodes-base.httpRequest",
        typeVersion: 4.2,
        parameters: {
          url: `http://127.0.0.1:${host.addr.port}/download?id=3`,
          options: { response: { response: { responseFormat: "file" } } },
        },
      });
      await importInto(home, "workflow", wf);
      await runToSuccess(server, home);
      assert.equal(await me.sandboxPosts(), 1);
    } finally {
      await server.close();
      await host.shutdown();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the n8n template in a second n8n (a fresh database, execution ids from 1 again) posts its own video, not refused idempotency_conflict by the first n8n's Idempotency-Key",
  ignore: !installed,
  async fn() {
    const server = await startTestServer();
    const homes: string[] = [];
    try {
      const me = await posterFor(server, "n8n_two_instances");
      const videos = [VIDEO, VIDEO.replace("portrait.mp4", "portrait.webm")];
      for (const [n, video] of videos.entries()) {
        // n8n in Docker without a volume: every restart is a new database,
        // the template imported again (a new workflow id), executions from 1.
        const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
        homes.push(home);
        await importKey(home, me.key);
        const wf = await workflowFor(server, {
          title: `Posted from n8n number ${n + 1}`,
        });
        wf.id = `pm3kTemplateN${n}01`;
        for (const node of wf.nodes) {
          if (node.type === "n8n-nodes-base.readWriteFile") {
            node.parameters.fileSelector = video;
          }
        }
        await importInto(home, "workflow", wf);
        await runToSuccess(server, home, wf.id);
        // Past the hour between two posts.
        server.clock.advance(61 * 60_000);
      }
      assert.equal(await me.sandboxPosts(), 2);
    } finally {
      await server.close();
      for (const home of homes) await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the n8n template behind a proxy that refuses the upload with its own web page (nginx's 413 for a body over client_max_body_size) stops naming what the page says, not 'undefined: undefined'",
  ignore: !installed,
  async fn() {
    // nginx's own answer to a body over its client_max_body_size (1 MB by
    // default), before PM3K sees the request.
    const nginx = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      async (req) => {
        await req.body?.cancel();
        return new Response(
          "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
          { status: 413, headers: { "Content-Type": "text/html" } },
        );
      },
    );
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      await importKey(home, "pm3k_behind_nginx");
      const proxy = { url: `http://127.0.0.1:${nginx.addr.port}` };
      await importInto(
        home,
        "workflow",
        await workflowFor(proxy, { title: "Big" }),
      );
      const refused = await executeFailing(home, "pm3kTemplate0001");
      assert.match(
        refused,
        /is not PM3K's JSON[^\n]*413 Request Entity Too Large/,
      );
      assert.doesNotMatch(refused, /undefined: undefined/);
    } finally {
      await nginx.shutdown();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the n8n template given the video in a binary field not named data (as a Form Trigger names it after its field's label) uploads and posts it, not stopped by \"has no binary field 'data'\"",
  ignore: !installed,
  async fn() {
    const server = await startTestServer();
    const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
    try {
      const me = await posterFor(server, "n8n_form_field");
      await importKey(home, me.key);
      const wf = await workflowFor(server, {
        title: "From a form's file field",
      });
      // A form field labelled "Your video" gives binary field Your_video.
      const file = wf.nodes.find((n) => n.name === "Video file")!;
      file.parameters.options = { dataPropertyName: "Your_video" };
      await importInto(home, "workflow", wf);
      await runToSuccess(server, home);
      assert.equal(await me.sandboxPosts(), 1);
      const [post] = (await me.json("GET", "/api/tiktok/posts")).body
        .posts as { title: string }[];
      assert.equal(post.title, "From a form's file field");
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
