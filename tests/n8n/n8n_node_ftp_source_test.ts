/**
 * A video kept on the builder's FTP or SFTP server (a NAS, a hosting
 * account), posted from a real n8n (the one tests/n8n/install_n8n.sh
 * installs; ignored when it is not there) with the PM3K node built from its
 * sources: n8n's FTP node (Protocol FTP or SFTP, Download) fetches the file
 * into binary, Upload Media sends it, Post Video (and Wait for Result) post
 * it (docs/workflows.md#videos-on-an-ftp-server). The servers are real, on
 * loopback, signed in with a password: ftp-srv (passive mode) and the ssh2
 * package's SFTP server.
 */
import assert from "node:assert/strict";
import { startFtpServer } from "../_helpers/ftp_server.ts";
import { postsOf } from "../_helpers/posting_setup.ts";
import { importInto, N8N_DIR, n8nInstalled } from "./n8n_cli.ts";
import { startSftpServer } from "../_helpers/sftp_server.ts";
import {
  chain,
  fixturePath,
  importAndExecute,
  node,
  only,
  pm3k,
  start,
  waitForResult,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const FTP_CREDENTIAL = { ftp: { id: "ftpCredential001", name: "My FTP" } };

/** n8n's FTP node downloading `path` into binary field `data`. */
const ftpDownload = (name: string, path: string) =>
  node(name, "n8n-nodes-base.ftp", {
    protocol: "ftp",
    operation: "download",
    path,
    binaryPropertyName: "data",
  }, { credentials: FTP_CREDENTIAL });

for (const mode of ["default", "filesystem"]) {
  Deno.test({
    name:
      `n8n's FTP node downloading a video from an FTP server → Upload Media → Post Video → Wait for Result in a real n8n (binary data mode ${mode}): the post is done, the upload holding the file's bytes under its name; a file named without an extension is uploaded as the video its bytes are`,
    ignore: !n8nInstalled,
    async fn() {
      const video = await Deno.readFile(fixturePath("portrait.mp4"));
      const ftp = await startFtpServer({
        "videos/holiday.mp4": video,
        "inbox/clip": video,
      });
      try {
        await withNodeInN8n(`n8n_ftp_${mode}`, {}, async (run) => {
          await importInto(run.home, "credentials", [{
            id: FTP_CREDENTIAL.ftp.id,
            name: FTP_CREDENTIAL.ftp.name,
            type: "ftp",
            data: {
              host: ftp.host,
              port: ftp.port,
              username: ftp.username,
              password: ftp.password,
            },
          }], run.env);
          const out = await importAndExecute(
            run,
            chain("pm3kFromFtp00001", [
              start(),
              ftpDownload("Download", "/videos/holiday.mp4"),
              pm3k("Upload", { operation: "upload" }),
              pm3k("Post", {
                operation: "postVideo",
                title: "From my FTP",
                privacy: "SELF_ONLY",
              }),
              waitForResult("Wait"),
              ftpDownload("Download nameless", "/inbox/clip"),
              pm3k("Upload nameless", { operation: "upload" }),
            ]),
            { env: { N8N_DEFAULT_BINARY_DATA_MODE: mode } },
          );
          const upload = only(out["Upload"][0]);
          assert.deepEqual(
            [upload.filename, upload.content_type, upload.size],
            ["holiday.mp4", "video/mp4", video.length],
            JSON.stringify(upload),
          );
          const stored = await fetch(String(upload.url));
          assert.deepEqual(new Uint8Array(await stored.arrayBuffer()), video);
          const done = only(out["Wait"][0]);
          assert.equal(done.state, "done", JSON.stringify(done));
          assert.equal(done.publish_id, only(out["Post"][0]).publish_id);
          const [post] = await postsOf(run.me);
          assert.equal(post.title, "From my FTP");
          const nameless = only(out["Upload nameless"][0]);
          assert.deepEqual(
            [nameless.filename, nameless.kind, nameless.size],
            ["clip", "video", video.length],
            JSON.stringify(nameless),
          );
          assert.match(String(nameless.url), /\.mp4$/);
          assert.equal(ftp.downloads.length, 2, ftp.downloads.join());
        });
      } finally {
        await ftp.close();
      }
    },
  });
}

Deno.test({
  name:
    "n8n's FTP node with Protocol SFTP downloading a video from an SFTP server → Upload Media → Post Video in a real n8n: posted, the upload holding the file's bytes under its name",
  ignore: !n8nInstalled,
  async fn() {
    const video = await Deno.readFile(fixturePath("portrait.mp4"));
    const sftp = await startSftpServer(`${N8N_DIR}/node_modules`, {
      "videos/holiday.mp4": video,
    });
    try {
      await withNodeInN8n("n8n_sftp", {}, async (run) => {
        await importInto(run.home, "credentials", [{
          id: "sftpCredential01",
          name: "My SFTP",
          type: "sftp",
          data: {
            host: sftp.host,
            port: sftp.port,
            username: sftp.username,
            password: sftp.password,
          },
        }], run.env);
        const out = await importAndExecute(
          run,
          chain("pm3kFromSftp0001", [
            start(),
            node("Download", "n8n-nodes-base.ftp", {
              protocol: "sftp",
              operation: "download",
              path: "/videos/holiday.mp4",
              binaryPropertyName: "data",
            }, {
              credentials: {
                sftp: { id: "sftpCredential01", name: "My SFTP" },
              },
            }),
            pm3k("Upload", { operation: "upload" }),
            pm3k("Post", {
              operation: "postVideo",
              title: "From my SFTP",
              privacy: "SELF_ONLY",
            }),
          ]),
          { follow: false },
        );
        const upload = only(out["Upload"][0]);
        assert.deepEqual(
          [upload.filename, upload.content_type, upload.size],
          ["holiday.mp4", "video/mp4", video.length],
          JSON.stringify(upload),
        );
        const stored = await fetch(String(upload.url));
        assert.deepEqual(new Uint8Array(await stored.arrayBuffer()), video);
        assert.equal(only(out["Post"][0]).ok, true);
        const [post] = await postsOf(run.me);
        assert.equal(post.title, "From my SFTP");
        assert.deepEqual(sftp.reads, ["/videos/holiday.mp4"]);
      });
    } finally {
      await sftp.close();
    }
  },
});
