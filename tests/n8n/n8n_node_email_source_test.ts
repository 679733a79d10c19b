/**
 * A video that arrives as an email attachment, posted from a real n8n (the
 * one tests/n8n/install_n8n.sh installs; ignored when it is not there):
 * `n8n start` runs an active workflow Email Trigger (IMAP) with Download
 * Attachments → Upload Media of `attachment_0` → Post Video against a
 * mailbox on an IMAP server (hoodiecrow-imap on loopback, speaking IMAP
 * over TCP) holding the unread email (docs/workflows.md#videos-sent-by-email).
 */
import assert from "node:assert/strict";
import { importInto, n8n, n8nInstalled, startN8nServer } from "./n8n_cli.ts";
import {
  mailWithAttachment,
  startImapServer,
} from "../_helpers/imap_server.ts";
import { postsOf } from "../_helpers/posting_setup.ts";
import {
  chain,
  fixturePath,
  node,
  pm3k,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const NAME = "Holiday - 旅行.mp4";

Deno.test({
  name:
    "An email with a video attached (typed application/octet-stream, its non-ASCII name an RFC 2047 encoded word as Gmail sends it) → n8n's Email Trigger (IMAP), Download Attachments → Upload Media of attachment_0 → Post Video in an active workflow in a real n8n: posted, the upload named as the attachment, decoded",
  ignore: !n8nInstalled,
  async fn() {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    const imap = await startImapServer([
      mailWithAttachment({
        subject: "Today's clip",
        // As Gmail names a non-ASCII attachment: an RFC 2047 encoded word.
        filename: `=?UTF-8?B?${
          btoa(String.fromCharCode(...new TextEncoder().encode(NAME)))
        }?=`,
        contentType: "application/octet-stream",
        file: video,
      }),
    ]);
    try {
      await withNodeInN8n("n8n_email", {}, async (run) => {
        await importInto(run.home, "credentials", [{
          id: "imapCredential01",
          name: "My mailbox",
          type: "imap",
          data: {
            user: imap.user,
            password: imap.password,
            host: imap.host,
            port: imap.port,
            secure: false,
          },
        }], run.env);
        const workflow = chain("pm3kFromEmail001", [
          node("Email", "n8n-nodes-base.emailReadImap", {
            mailbox: "INBOX",
            postProcessAction: "read",
            format: "simple",
            downloadAttachments: true,
            dataPropertyAttachmentsPrefixName: "attachment_",
            options: {},
          }, {
            typeVersion: 2.1,
            credentials: {
              imap: { id: "imapCredential01", name: "My mailbox" },
            },
          }),
          pm3k("Upload", {
            operation: "upload",
            binaryPropertyName: "attachment_0",
          }),
          pm3k("Post", {
            operation: "postVideo",
            title:
              "={{ $('Email').item.json.subject }} ({{ $('Upload').item.json.filename }})",
            privacy: "SELF_ONLY",
          }),
        ]);
        await importInto(run.home, "workflow", workflow, run.env);
        const on = await n8n(
          run.home,
          ["update:workflow", `--id=${workflow.id}`, "--active=true"],
          run.env,
        );
        assert.equal(on.code, 0, on.out);
        const editor = await startN8nServer(run.home, run.env);
        let posts: Record<string, unknown>[] = [];
        try {
          const deadline = Date.now() + 90_000;
          while (posts.length === 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 1_000));
            posts = await postsOf(run.me);
          }
          if (posts.length === 0) {
            const list = await editor.rest("GET", "/rest/executions");
            assert.fail(`no post; executions: ${await list.text()}`);
          }
        } finally {
          await editor.close();
        }
        assert.equal(posts.length, 1);
        assert.equal(posts[0].title, `Today's clip (${NAME})`);
        assert.match(String((posts[0].source_urls as string[])[0]), /\.mp4$/);
      });
    } finally {
      await imap.close();
    }
  },
});
