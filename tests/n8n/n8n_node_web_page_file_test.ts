/**
 * Upload Media of a web page in place of the file, in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there), with
 * the PM3K node built from its sources
 * (docs/workflows.md#a-web-page-in-place-of-the-file): an HTTP Request
 * node given a share link (Google Drive's, Dropbox's `?dl=0`) downloads the
 * link's page, not the file. PM3K refuses it as a web page; the node's
 * description says so in n8n's words (Source: URL with the link itself as
 * File URL, or the host's own n8n node), not an image's hints (an album,
 * an Edit Image node) that a page named `photo.jpg` would otherwise get.
 * The hosts are real HTTP servers on loopback.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  importAndFail,
  node,
  pm3k,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

/** A share link's page, as a host answers it to a plain download. */
const SHARE_PAGE =
  "<!DOCTYPE html><html><head><title>Shared file</title></head><body><h1>Shared file</h1><p>Sign in or open the app to download.</p></body></html>";

/** Where the description says what to do in n8n about a web page. */
const WEB_PAGE_HINT =
  /"description": "In n8n: the file given is a web page, not the file: an HTTP Request node given a share link [^"]*Source: URL[^"]*File URL[^"]*Google Drive[^"]*; PM3K error code \\"(unsupported_file_type|unsupported_image_type)\\"/;

Deno.test({
  name:
    "Upload Media of a share link's page an HTTP Request node downloaded, in a real n8n: PM3K's web-page refusal, the description saying in n8n's words to give the link as File URL (Source: URL), not an image's album or Edit Image hints",
  ignore: !n8nInstalled,
  async fn() {
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(SHARE_PAGE, {
          headers: { "Content-Type": "text/html; charset=utf-8" },
        }),
    );
    const at = `http://127.0.0.1:${host.addr.port}`;
    try {
      await withNodeInN8n("n8n_web_page_file", {}, async (run) => {
        const download = (url: string) =>
          node("Download", "n8n-nodes-base.httpRequest", {
            url,
            options: { response: { response: { responseFormat: "file" } } },
          }, { typeVersion: 4.2 });
        const uploadOf = (
          id: string,
          url: string,
          uploadOptions: Record<string, unknown> = {},
        ) =>
          importAndFail(
            run,
            chain(id, [
              start(),
              download(url),
              pm3k("Upload", { operation: "upload", uploadOptions }),
            ]),
          );

        // A video's Dropbox link: PM3K's words name its API route.
        const video = await uploadOf(
          "pm3kWebPageVid01",
          `${at}/scl/fi/abc/clip.mp4?rlkey=x&dl=0`,
        );
        assert.match(
          video,
          /^Execution error:\n=+\nunsupported_file_type: The file is a web page \(HTML\), not a video/m,
        );
        assert.match(video, WEB_PAGE_HINT);

        // A photo's link, no album: the page is named photo.jpg, yet it is
        // no image to put into an album.
        const photo = await uploadOf(
          "pm3kWebPagePic01",
          `${at}/s/abc/photo.jpg?dl=0`,
        );
        assert.match(
          photo,
          /^Execution error:\n=+\nunsupported_file_type: The file is a web page \(HTML\)/m,
        );
        assert.match(photo, WEB_PAGE_HINT);
        assert.doesNotMatch(photo, /an image goes into an album/);

        // Into an album: no image to convert to JPEG either.
        const album = await run.me.json("POST", "/api/albums");
        const inAlbum = await uploadOf(
          "pm3kWebPageAlb01",
          `${at}/file/d/abc/view?usp=sharing`,
          { albumId: String(album.body.album_id) },
        );
        assert.match(
          inAlbum,
          /^Execution error:\n=+\nunsupported_image_type: Only JPEG\/WebP allowed\. The file is a web page \(HTML\)/m,
        );
        assert.match(inAlbum, WEB_PAGE_HINT);
        assert.doesNotMatch(inAlbum, /Edit Image/);
      });
    } finally {
      await host.shutdown();
    }
  },
});
