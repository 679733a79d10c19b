/**
 * A file another system sends to an n8n Webhook, posted by the PM3K node
 * in a real n8n (the one tests/n8n/install_n8n.sh installs; ignored when it
 * is not there): `n8n start` serves an active workflow Webhook → Upload
 * Media → Post Video, and the test is the other system, sending the video
 * as a multipart form's file part or as the raw request body, named or not,
 * typed or `application/octet-stream`
 * (docs/workflows.md#files-sent-to-an-n8n-webhook).
 */
import assert from "node:assert/strict";
import { n8n, n8nInstalled, startN8nServer } from "./n8n_cli.ts";
import type { N8nServer } from "./n8n_cli.ts";
import { postsOf } from "../_helpers/posting_setup.ts";
import {
  chain,
  fixturePath,
  node,
  pm3k,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";
import type { NodeInN8n } from "./pm3k_node_workflows.ts";

let hooks = 0;
/**
 * A workflow Webhook (POST `path`) → Upload Media of `field` → Post Video,
 * the webhook answering with Post Video's item (Respond: When Last Node
 * Finishes), so the sender learns the post's publish_id.
 */
function hookToPost(
  id: string,
  path: string,
  field: string,
  hookOptions: Record<string, unknown> = {},
) {
  return chain(id, [
    node("Hook", "n8n-nodes-base.webhook", {
      httpMethod: "POST",
      path,
      responseMode: "lastNode",
      options: hookOptions,
    }, {
      typeVersion: 2,
      webhookId: `9a0d0c9e-7a43-4a55-9d0b-5f0e5c1a01${
        String(++hooks).padStart(2, "0")
      }`,
    }),
    pm3k("Upload", { operation: "upload", binaryPropertyName: field }),
    pm3k("Post", {
      operation: "postVideo",
      title: "={{ $('Upload').item.json.filename }}",
      privacy: "SELF_ONLY",
    }),
  ]);
}

/**
 * Imports and activates `workflows` in `run`'s n8n, starts it, and gives
 * `fn` its URL; stops it after.
 */
async function withActiveHooks(
  run: NodeInN8n,
  workflows: ReturnType<typeof hookToPost>[],
  fn: (editor: N8nServer) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const all = { ...run.env, ...env };
  const file = `${run.home}/hooks.json`;
  await Deno.writeTextFile(file, JSON.stringify(workflows));
  const imported = await n8n(
    run.home,
    ["import:workflow", `--input=${file}`],
    all,
  );
  assert.equal(imported.code, 0, imported.out);
  for (const w of workflows) {
    const on = await n8n(
      run.home,
      ["update:workflow", `--id=${w.id}`, "--active=true"],
      all,
    );
    assert.equal(on.code, 0, on.out);
  }
  const editor = await startN8nServer(run.home, all);
  try {
    await fn(editor);
  } finally {
    await editor.close();
  }
}

/**
 * What the webhook answered: Post Video's item; a failed run is told by
 * its execution's error, which the webhook's answer does not carry.
 */
async function answerOf(
  editor: N8nServer,
  response: Response,
): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (response.status !== 200) {
    const list = await (await editor.rest("GET", "/rest/executions")).json();
    const id = list.data.results[0]?.id;
    const one = await (await editor.rest("GET", `/rest/executions/${id}`))
      .text();
    assert.fail(
      `HTTP ${response.status} ${text}; execution: ${one.slice(0, 4000)}`,
    );
  }
  return JSON.parse(text);
}

for (const mode of ["default", "filesystem"]) {
  Deno.test({
    name:
      `A video another system sends to an active n8n Webhook (binary data mode ${mode}) as a form's file part named without an extension and typed application/octet-stream, or as the raw body with no name or named by Content-Disposition, → Upload Media → Post Video: posted, named as sent (n8n giving a nameless body a UUID), PM3K telling the video by its bytes`,
    ignore: !n8nInstalled,
    async fn() {
      const video = await Deno.readFile(fixturePath("portrait.mp4"));
      await withNodeInN8n(`n8n_webhook_${mode}`, {}, async (run) => {
        await withActiveHooks(run, [
          hookToPost("pm3kHookForm0001", "inbox-form", "file"),
          hookToPost("pm3kHookRaw00001", "inbox-raw", "data"),
        ], async (editor) => {
          const { url } = editor;
          const form = new FormData();
          form.append("caption", "from the other system");
          form.append(
            "file",
            new File([video], "clip", { type: "application/octet-stream" }),
          );
          const viaForm = await answerOf(
            editor,
            await fetch(`${url}/webhook/inbox-form`, {
              method: "POST",
              body: form,
            }),
          );
          assert.equal(viaForm.ok, true, JSON.stringify(viaForm));
          // PM3K's hour between two posts (docs/posting.md), passed.
          run.server.clock.advance(61 * 60_000);
          const viaRaw = await answerOf(
            editor,
            await fetch(`${url}/webhook/inbox-raw`, {
              method: "POST",
              headers: { "Content-Type": "application/octet-stream" },
              body: video,
            }),
          );
          assert.equal(viaRaw.ok, true, JSON.stringify(viaRaw));
          // The raw body named by a Content-Disposition header.
          run.server.clock.advance(61 * 60_000);
          const named = await answerOf(
            editor,
            await fetch(`${url}/webhook/inbox-raw`, {
              method: "POST",
              headers: {
                "Content-Type": "application/octet-stream",
                "Content-Disposition": 'attachment; filename="holiday.mp4"',
              },
              body: video,
            }),
          );
          assert.equal(named.ok, true, JSON.stringify(named));
          // Newest first; each titled with the name its upload was given.
          const posts = await postsOf(run.me);
          assert.deepEqual(
            posts.map((p) => p.publish_id),
            [named.publish_id, viaRaw.publish_id, viaForm.publish_id],
          );
          const [fromNamed, fromRaw, fromForm] = posts;
          assert.equal(fromForm.title, "clip");
          // No name sent: n8n names the file with a UUID.
          assert.match(String(fromRaw.title), /^[0-9a-f-]{36}$/);
          assert.equal(fromNamed.title, "holiday.mp4");
          // Stored as what the bytes are, whatever the name and type said.
          for (const post of posts) {
            assert.match(String((post.source_urls as string[])[0]), /\.mp4$/);
          }
        }, { N8N_DEFAULT_BINARY_DATA_MODE: mode });
      });
    },
  });
}
