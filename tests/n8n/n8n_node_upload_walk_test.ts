/**
 * Upload Media as a builder meets it, run in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there) with the
 * PM3K node built from its sources (docs/workflows.md#the-native-n8n-node):
 * an item of several files failing part-way without On Error → Continue
 * stops with an error naming the uploads made before it; an image without
 * an album gets the n8n way to an album whatever it was downloaded as; a
 * fresh flow (Read Files → Upload Media → Post Video → Wait for Result,
 * the defaults kept) ends with an item naming the post, and a step left out
 * says which node is missing.
 */
import assert from "node:assert/strict";
import { postsOf } from "../_helpers/posting_setup.ts";
import { publicNetworkTo } from "../_helpers/source_server.ts";
import {
  executeFailing,
  executionError,
  importInto,
  n8nInstalled,
} from "./n8n_cli.ts";
import {
  chain,
  fileDownload,
  filesInOneItem,
  fixturePath,
  importAndExecute,
  only,
  pm3k,
  readFiles,
  start,
  uploadFromUrl,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

Deno.test({
  name:
    "Upload Media of an item holding several files, the second refused, without On Error → Continue in a real n8n: the run stops, and its error names the upload made before it (upload_id and url in the description and in context.uploads_made) and the file not sent",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_files_stop", {}, async ({ server, home, env }) => {
      const order = ["photo2.jpg", "photo.png", "photo3.webp"];
      await importInto(
        home,
        "workflow",
        chain("pm3kFilesStop001", [
          start(),
          pm3k("Create album", { operation: "createAlbum" }),
          readFiles("Images", fixturePath("photo[.23]*"), {
            executeOnce: true,
          }),
          // One item: photo_0 photo2.jpg (taken), photo_1 photo.png
          // (refused: not a JPEG or WebP), photo_2 photo3.webp.
          filesInOneItem(order),
          pm3k("Upload", {
            operation: "upload",
            binaryPropertyName: "photo_0, photo_1, photo_2",
            uploadOptions: {
              albumId: "={{ $('Create album').first().json.album_id }}",
            },
          }),
        ]),
        env,
      );
      const out = await executeFailing(home, "pm3kFilesStop001", env, {
        raw: true,
      });
      assert.match(out, /^Execution error:\n=+\nunsupported_image_type: /m);
      const made = server.logs.filter((l) =>
        l.path === "/api/uploads" && l.status === 200
      );
      assert.equal(made.length, 1, "photo_0 was uploaded, photo_2 never sent");
      const error = executionError(out);
      const context = error.context as Record<string, unknown>;
      const uploads = context.uploads_made as Record<string, unknown>[];
      assert.equal(uploads.length, 1, JSON.stringify(context));
      const [first] = uploads;
      assert.deepEqual(
        [first.binary_field, first.filename],
        ["photo_0", "photo2.jpg"],
      );
      assert.match(String(first.upload_id), /^[0-9A-Z]{26}$/);
      assert.match(String(first.url), /^http.*\.jpg$/);
      assert.deepEqual(
        [context.binary_field, context.not_sent],
        ["photo_1", ["photo_2"]],
      );
      const description = String(error.description);
      assert.ok(
        description.includes(
          `Uploaded before photo_1 failed, and kept: photo_0 (photo2.jpg): upload_id ${first.upload_id}, url ${first.url}. Not sent: photo_2`,
        ),
        description,
      );
      assert.match(description, /PM3K error code "unsupported_image_type"/);
    });
  },
});

Deno.test({
  name:
    "Upload Media without an Album ID of an image an HTTP Request node downloaded as application/octet-stream from a link without an extension, or given that link as File URL, in a real n8n: the description first says how to put it into an album in n8n, PM3K having told it is an image",
  ignore: !n8nInstalled,
  async fn() {
    const photo = await Deno.readFile(fixturePath("photo2.jpg"));
    // A host whose download says nothing of the file, at a URL without an
    // extension; PM3K reaches it as cdn.example.com.
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(photo, {
          headers: { "Content-Type": "application/octet-stream" },
        }),
    );
    const fetchOptions = publicNetworkTo(`http://127.0.0.1:${host.addr.port}`);
    try {
      await withNodeInN8n(
        "n8n_image_by_bytes",
        { fetchOptions },
        async ({ home, env }) => {
          await importInto(home, "workflow", [
            chain("pm3kImageBytes01", [
              start(),
              fileDownload(`http://127.0.0.1:${host.addr.port}/media?id=7`),
              pm3k("Upload", { operation: "upload" }),
            ]),
            chain("pm3kImageLink001", [
              start(),
              uploadFromUrl("Upload", "https://cdn.example.com/media?id=7"),
            ]),
          ], env);
          for (const id of ["pm3kImageBytes01", "pm3kImageLink001"]) {
            const out = await executeFailing(home, id, env, { raw: true });
            assert.match(
              out,
              /^Execution error:\n=+\nunsupported_file_type: Upload a video \([^)]*\); images go into a photo album/m,
            );
            assert.match(
              String(executionError(out).description),
              /^In n8n: an image goes into an album\. Put a PM3K Create Album node first .*; PM3K error code "unsupported_file_type" \(HTTP 400\); detected_type: "image\/jpeg"$/,
              id,
            );
          }
        },
      );
    } finally {
      await host.shutdown();
    }
  },
});

Deno.test({
  name:
    "Read Files → Upload Media → Post Video → Wait for Result in a real n8n, the defaults kept: Wait for Result's item names the publish_id it followed and TikTok's public_post_id of a public post (null for a private one), as List Posts does",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_fresh_flow", {}, async (run) => {
      const flow = (id: string, privacy: string, title: string) =>
        chain(id, [
          start(),
          readFiles("Read", fixturePath("portrait.mp4")),
          pm3k("Upload", { operation: "upload" }),
          pm3k("Post", { operation: "postVideo", title, privacy }),
          pm3k("Wait", { operation: "waitForResult", pollSeconds: 3 }),
        ]);
      const out = await importAndExecute(
        run,
        flow("pm3kFreshPublic01", "PUBLIC_TO_EVERYONE", "For everyone"),
      );
      const posted = only(out["Post"][0]);
      const done = only(out["Wait"][0]);
      assert.equal(done.state, "done", JSON.stringify(done));
      assert.equal(done.publish_id, posted.publish_id);
      const [post] = await postsOf(run.me);
      assert.match(String(post.public_post_id), /^\d{19}$/);
      assert.equal(done.public_post_id, post.public_post_id);
      // The next post of the hour would be refused: a private one is
      // followed after the clock moves past the interval.
      run.server.clock.advance(61 * 60_000);
      const mine = await importAndExecute(
        run,
        flow("pm3kFreshPrivate1", "SELF_ONLY", "For me alone"),
      );
      const privately = only(mine["Wait"][0]);
      assert.equal(privately.publish_id, only(mine["Post"][0]).publish_id);
      assert.equal(privately.public_post_id, null);
    });
  },
});

Deno.test({
  name:
    "A fresh flow missing a step in a real n8n: Post Video given Read Files' file (no Upload Media) says to put Upload Media before it, naming the binary field; Wait for Result given Upload Media's answer (no Post Video) says to put Post Video between, naming the upload; neither asks PM3K",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_missing_step",
      {},
      async ({ server, home, env }) => {
        await importInto(home, "workflow", [
          chain("pm3kNoUploadStep", [
            start(),
            readFiles("Read", fixturePath("portrait.mp4")),
            pm3k("Post", {
              operation: "postVideo",
              title: "Hi",
              privacy: "SELF_ONLY",
            }),
          ]),
          chain("pm3kNoPostStep01", [
            start(),
            readFiles("Read", fixturePath("portrait.mp4")),
            pm3k("Upload", { operation: "upload" }),
            pm3k("Wait", { operation: "waitForResult", pollSeconds: 3 }),
          ]),
        ], env);
        const noUpload = executionError(
          await executeFailing(home, "pm3kNoUploadStep", env, { raw: true }),
        );
        assert.equal(
          noUpload.message,
          "No Video URL: the input item has no url",
        );
        assert.match(
          String(noUpload.description),
          /^The input item holds a file \(binary field data: portrait\.mp4\), not an upload: TikTok takes a URL, so put a PM3K Upload Media node between/,
        );
        const noPost = executionError(
          await executeFailing(home, "pm3kNoPostStep01", env, { raw: true }),
        );
        assert.equal(
          noPost.message,
          "No Publish ID: the input item has no publish_id",
        );
        const [upload] = server.logs.filter((l) =>
          l.path === "/api/uploads" && l.status === 200
        );
        assert.ok(upload, "the upload was made");
        assert.match(
          String(noPost.description),
          /^The input item is an upload \(upload_id [0-9A-Z]{26}, url http[^)]*\.mp4\), not a post: put a PM3K Post Video \(or Post Photos\) node between Upload Media and this one/,
        );
        assert.deepEqual(
          server.logs.filter((l) =>
            ["/api/tiktok/direct_post", "/api/tiktok/status"].includes(
              String(l.path),
            )
          ),
          [],
        );
      },
    );
  },
});

Deno.test({
  name:
    "Post Video (the node's default operation) given an image Upload Media put into an album, in a real n8n: PM3K's unsupported_file_type, the description first saying to post the album with Post Photos, naming the album",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_image_as_video", {}, async ({ home, env }) => {
      await importInto(
        home,
        "workflow",
        chain("pm3kImageAsVideo", [
          start(),
          pm3k("Create album", { operation: "createAlbum" }),
          readFiles("Photo", fixturePath("photo2.jpg")),
          pm3k("Upload", {
            operation: "upload",
            uploadOptions: {
              albumId: "={{ $('Create album').first().json.album_id }}",
            },
          }),
          pm3k("Post", { title: "A photo", privacy: "SELF_ONLY" }),
        ]),
        env,
      );
      const out = await executeFailing(home, "pm3kImageAsVideo", env, {
        raw: true,
      });
      const error = executionError(out);
      assert.match(
        String(error.message),
        /^unsupported_file_type: .* is an image among your uploads/,
      );
      assert.match(
        String(error.description),
        /^In n8n: the input item is an image uploaded into an album \(album_id [^)]+\), not a video: post the album with Operation Post Photos \(Images From: Album, its Album ID\)[^;]*; PM3K error code "unsupported_file_type" \(HTTP 400\)/,
      );
    });
  },
});

Deno.test({
  name:
    "Upload Media given a wrong Input Binary Field, or an item with no file, in a real n8n: the error names the item's binary fields to choose from, or where a file comes from, and nothing is uploaded",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_binary_field",
      {},
      async ({ server, home, env }) => {
        await importInto(home, "workflow", [
          chain("pm3kWrongField01", [
            start(),
            readFiles("Read", fixturePath("portrait.mp4")),
            pm3k("Upload", { operation: "upload", binaryPropertyName: "file" }),
          ]),
          chain("pm3kNoFile000001", [
            start(),
            pm3k("Upload", { operation: "upload" }),
          ]),
        ], env);
        const wrong = executionError(
          await executeFailing(home, "pm3kWrongField01", env, { raw: true }),
        );
        assert.equal(wrong.message, "The item has no binary field 'file'");
        assert.match(
          String(wrong.description),
          /^Its binary field is data: set Input Binary Field to data, or to /,
        );
        const none = executionError(
          await executeFailing(home, "pm3kNoFile000001", env, { raw: true }),
        );
        assert.equal(none.message, "The item holds no file (no binary data)");
        assert.match(
          String(none.description),
          /Read\/Write Files from Disk, HTTP Request with Options › Response › Response Format: File.*set Source: URL/,
        );
        assert.deepEqual(
          server.logs.filter((l) => String(l.path).startsWith("/api/uploads")),
          [],
        );
      },
    );
  },
});

Deno.test({
  name:
    "Upload Media without an Album ID of a PNG or GIF given as a File URL without an extension, in a real n8n: the description says an image goes into an album and, PM3K naming image/png or image/gif, to convert it to JPEG first",
  ignore: !n8nInstalled,
  async fn() {
    const png = await Deno.readFile(fixturePath("photo.png"));
    const gif = new Uint8Array([
      ...new TextEncoder().encode("GIF89a"),
      ...[1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x2c, 0, 0, 0],
      ...[0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b],
    ]);
    const host = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) =>
        new Response(new URL(req.url).pathname === "/gif" ? gif : png, {
          headers: { "Content-Type": "application/octet-stream" },
        }),
    );
    const fetchOptions = {
      resolve: () => Promise.resolve(["93.184.216.34"]),
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(
          `http://127.0.0.1:${host.addr.port}${
            new URL(String(input)).pathname
          }`,
          init,
        ),
    };
    try {
      await withNodeInN8n(
        "n8n_png_by_link",
        { fetchOptions },
        async ({ home, env }) => {
          await importInto(home, "workflow", [
            chain("pm3kPngByLink001", [
              start(),
              uploadFromUrl("Upload", "https://cdn.example.com/png?id=7"),
            ]),
            chain("pm3kGifByLink001", [
              start(),
              uploadFromUrl("Upload", "https://cdn.example.com/gif?id=7"),
            ]),
          ], env);
          for (
            const [id, type] of [
              ["pm3kPngByLink001", "image/png"],
              ["pm3kGifByLink001", "image/gif"],
            ]
          ) {
            const out = await executeFailing(home, id, env, { raw: true });
            const description = String(executionError(out).description);
            assert.match(
              description,
              /^In n8n: an image goes into an album\. Put a PM3K Create Album node first /,
              id,
            );
            assert.ok(
              description.includes(
                `This file is ${type}, which a photo post does not take: convert the image to JPEG before this node, e.g. with an Edit Image node (Options › Format: jpeg`,
              ),
              description,
            );
            assert.ok(
              description.includes(`detected_type: "${type}"`),
              description,
            );
          }
        },
      );
    } finally {
      await host.shutdown();
    }
  },
});
