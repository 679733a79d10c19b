/**
 * Upload Media into an album, run again, in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there), with
 * the PM3K node built from its sources: a batch sent again after a run that
 * got only part of it through keeps each photo once, in order
 * (docs/media.md#an-image-already-in-the-album), and Post Photos posts each
 * photo once.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import { publishAtTikTok } from "../_helpers/posting_setup.ts";
import {
  binaryUploadChain,
  chain,
  importAndExecute,
  only,
  pm3k,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

Deno.test({
  name:
    "Upload Media into an album in a real n8n, run again over the whole batch: each photo is kept once, already_in_album says which, and Post Photos posts each once",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_album_retry", {}, async (run) => {
      const { me } = run;
      const album = await me.json("POST", "/api/albums");
      const albumId = String(album.body.album_id);
      const upload = (id: string, files: string) =>
        binaryUploadChain(id, {
          files,
          readName: "Images",
          name: "Upload images",
          parameters: { uploadOptions: { albumId } },
        });
      // The first run got one photo through.
      const first = await importAndExecute(
        run,
        upload("pm3kAlbumRetry1", "photo2.jpg"),
        { follow: false },
      );
      const kept = only(first["Upload images"][0]);
      assert.equal(kept.already_in_album, false);
      // Run again over the whole batch.
      const again = await importAndExecute(
        run,
        upload("pm3kAlbumRetry2", "photo[23].*"),
        { follow: false },
      );
      const answers = again["Upload images"][0].map((i) => i.json);
      assert.deepEqual(
        answers.map((a) => [a.filename, a.already_in_album]),
        [["photo2.jpg", true], ["photo3.webp", false]],
      );
      assert.equal(answers[0].upload_id, kept.upload_id);
      const view = await me.json("GET", `/api/albums/${albumId}`);
      assert.deepEqual(view.body.photo_images, [kept.url, answers[1].url]);

      const posted = await importAndExecute(
        run,
        chain("pm3kAlbumRetry3", [
          start(),
          pm3k("Post photos", {
            operation: "postPhotos",
            albumId,
            title: "Each photo once",
            privacy: "SELF_ONLY",
          }),
        ]),
      );
      const photos = only(posted["Post photos"][0]);
      const atTikTok = await publishAtTikTok(run.server, photos.publish_id);
      assert.deepEqual([atTikTok.kind, atTikTok.urls.length], ["photo", 2]);
    });
  },
});
