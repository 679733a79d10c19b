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
 * The same for an object store's error reply saved in the file's place
 * (docs/workflows.md#an-error-reply-in-place-of-the-file), and for File
 * URLs (Source: URL) into an album that answer a page or such a reply: no
 * advice to convert what is no image.
 * The hosts are real HTTP servers on loopback.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import { publicNetworkTo } from "../_helpers/source_server.ts";
import {
  chain,
  fileDownload,
  importAndFail,
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

/** S3's reply to a presigned link past its expiry. */
const S3_EXPIRED = '<?xml version="1.0" encoding="UTF-8"?>\n' +
  "<Error><Code>AccessDenied</Code><Message>Request has expired</Message>" +
  "<X-Amz-Expires>3600</X-Amz-Expires></Error>";

/** Where the description says what to do in n8n about an error reply. */
const ERROR_REPLY_HINT =
  /"description": "In n8n: the file given is the error reply of the place it was downloaded from, not the file, so there is nothing to convert: [^"]*Never Error[^"]*; PM3K error code \\"(unsupported_file_type|unsupported_image_type)\\"/;
/** …about a File URL that answered a web page, or an error reply. */
const URL_WEB_PAGE_HINT =
  /"description": "In n8n: File URL answered a web page, not the file, so there is no image or video to convert: [^"]*; PM3K error code \\"unsupported_image_type\\"/;
const URL_ERROR_REPLY_HINT =
  /"description": "In n8n: File URL answered its host's error reply, not the file, so there is nothing to convert: [^"]*; PM3K error code \\"unsupported_image_type\\"/;

Deno.test({
  name:
    "Upload Media of a share link's page an HTTP Request node downloaded, in a real n8n: PM3K's web-page refusal, the description saying in n8n's words to give the link as File URL (Source: URL), not an image's album or Edit Image hints",
  ignore: !n8nInstalled,
  async fn() {
    // Share pages, and a bucket whose presigned links expired: its reply
    // is a 403 (passed on by a download set to Never Error) or, under
    // /saved/, the reply stored and served as a file with 200.
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => {
        const path = new URL(req.url).pathname;
        if (path.startsWith("/bucket/") || path.startsWith("/saved/")) {
          return new Response(S3_EXPIRED, {
            status: path.startsWith("/bucket/") ? 403 : 200,
            headers: { "Content-Type": "application/xml" },
          });
        }
        return new Response(SHARE_PAGE, {
          headers: { "Content-Type": "text/html; charset=utf-8" },
        });
      },
    );
    const at = `http://127.0.0.1:${host.addr.port}`;
    try {
      await withNodeInN8n("n8n_web_page_file", {
        // PM3K fetches a File URL's https host from the loopback host.
        fetchOptions: publicNetworkTo(at),
      }, async (run) => {
        const uploadOf = (
          id: string,
          url: string,
          uploadOptions: Record<string, unknown> = {},
        ) =>
          importAndFail(
            run,
            chain(id, [
              start(),
              fileDownload(url),
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

        // An expired presigned link's reply, passed on by the download
        // as the file: a video, then an album's photo.
        const replied = (id: string, url: string, albumId?: string) =>
          importAndFail(
            run,
            chain(id, [
              start(),
              fileDownload(url, { neverError: true }),
              pm3k("Upload", {
                operation: "upload",
                uploadOptions: albumId ? { albumId } : {},
              }),
            ]),
          );
        const s3Video = await replied(
          "pm3kErrReplyVid1",
          `${at}/bucket/clip.mp4?X-Amz-Expires=3600`,
        );
        assert.match(
          s3Video,
          /^Execution error:\n=+\nunsupported_file_type: The file is XML text, not a video: most likely the error answer \(it says AccessDenied\).*the presigned link expired: make a new presigned link/m,
        );
        assert.match(s3Video, ERROR_REPLY_HINT);
        const s3Photo = await replied(
          "pm3kErrReplyPic1",
          `${at}/bucket/photo.jpg?X-Amz-Expires=3600`,
          String(album.body.album_id),
        );
        assert.match(
          s3Photo,
          /^Execution error:\n=+\nunsupported_image_type: Only JPEG\/WebP allowed\. The file is XML text, not an image/m,
        );
        assert.match(s3Photo, ERROR_REPLY_HINT);
        assert.doesNotMatch(s3Photo, /Edit Image|convert the image/);

        // Source: URL into an album: a share link answering its page,
        // and a link answering the stored reply with 200.
        const fromUrl = (id: string, fileUrl: string) =>
          importAndFail(
            run,
            chain(id, [
              start(),
              pm3k("Upload", {
                operation: "upload",
                uploadSource: "url",
                fileUrl,
                uploadOptions: { albumId: String(album.body.album_id) },
              }),
            ]),
          );
        const pageUrl = await fromUrl(
          "pm3kWebPageUrl01",
          "https://files.example.com/s/abc/photo.jpg",
        );
        assert.match(
          pageUrl,
          /^Execution error:\n=+\nunsupported_image_type: Only JPEG\/WebP allowed\. The URL answered a web page \(HTML\)/m,
        );
        assert.match(pageUrl, URL_WEB_PAGE_HINT);
        assert.doesNotMatch(pageUrl, /Edit Image|convert the image/);
        const replyUrl = await fromUrl(
          "pm3kErrReplyUrl1",
          "https://files.example.com/saved/photo.jpg",
        );
        assert.match(
          replyUrl,
          /^Execution error:\n=+\nunsupported_image_type: Only JPEG\/WebP allowed\. The file is XML text, not an image: most likely the error answer \(it says AccessDenied\)/m,
        );
        assert.match(replyUrl, URL_ERROR_REPLY_HINT);
        assert.doesNotMatch(replyUrl, /Edit Image|convert the image/);
      });
    } finally {
      await host.shutdown();
    }
  },
});
