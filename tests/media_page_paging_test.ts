/**
 * The media page lists the newest 100 videos and 20 albums, and says so
 * when there are more, linking the older ones: the page of the API's
 * cursor (docs/media.md#media-page), rendered by the server.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture } from "./_helpers/api_client.ts";
import { textOn } from "./_helpers/page_text.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";

/** POST /api/uploads of `bytes` as `filename`, into `albumId` if given. */
async function upload(
  me: Poster,
  url: string,
  bytes: Awaited<ReturnType<typeof fixture>>,
  type: string,
  filename: string,
  albumId?: string,
): Promise<string> {
  const query = new URLSearchParams({ filename });
  if (albumId) query.set("album_id", albumId);
  const res = await fetch(`${url}/api/uploads?${query}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${me.key}`, "Content-Type": type },
    body: bytes,
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return String(body.upload_id);
}

/** The href of the link named `text` on the page at `path`. */
async function linkOn(me: Poster, url: string, path: string, text: string) {
  const html = await (await visit(me.jar, `${url}${path}`)).text();
  const found = new RegExp(`<a href="([^"]*)"[^>]*>${text}`).exec(html);
  assert.ok(found, `${path} links ${text}`);
  return found[1].replaceAll("&amp;", "&");
}

Deno.test("the media page says it shows the newest 100 videos and 20 albums when there are more, and links the older ones", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "many_media");
    const video = await fixture("portrait.mp4");
    const photo = await fixture("photo2.jpg");
    const made: string[] = [];
    for (let i = 0; i < 101; i++) {
      // The plan takes 100 uploads a day (albums count): two days.
      if (i === 60) server.clock.advance(86_400_000);
      made.push(
        await upload(me, server.url, video, "video/mp4", `clip${i}.mp4`),
      );
    }
    for (let i = 0; i < 21; i++) {
      const album = await me.json("POST", "/api/albums");
      assert.equal(album.status, 200, JSON.stringify(album.body));
      await upload(
        me,
        server.url,
        photo,
        "image/jpeg",
        `p${i}.jpg`,
        String(album.body.album_id),
      );
    }
    const page = "/dashboard/media";
    assert.equal(
      await textOn(me, server, page, "videos-paging"),
      "Showing the newest 100 videos. Older videos →",
    );
    assert.equal(
      await textOn(me, server, page, "albums-paging"),
      "Showing the newest 20 albums. Older albums →",
    );
    // The oldest video is on the next page, and only there.
    const oldest = [...made].sort()[0];
    const first = await (await visit(me.jar, `${server.url}${page}`)).text();
    // Each note under the list it is about: the videos' between the
    // videos and the albums, the albums' after the albums.
    const at = (what: string) => {
      const i = first.indexOf(`data-testid="${what}"`);
      assert.ok(i >= 0, `${what} is on the page`);
      return i;
    };
    assert.ok(
      at("media-videos") < at("videos-paging") &&
        at("videos-paging") < at("media-albums") &&
        at("media-albums") < at("albums-paging"),
      "each paging note sits under its own list",
    );
    assert.ok(!first.includes(oldest), "the 101st is not on the first page");
    const older = await linkOn(me, server.url, page, "Older videos");
    assert.match(older, /^\/dashboard\/media\?videos=/);
    const second = await (await visit(me.jar, `${server.url}${older}`))
      .text();
    assert.ok(second.includes(oldest), "the 101st is on the older page");
    assert.equal(
      await textOn(me, server, older, "videos-paging"),
      "Showing older videos. Newest videos",
    );
    assert.equal(
      await linkOn(me, server.url, older, "Newest videos"),
      "/dashboard/media",
    );
    // The albums' list stays where it was while the videos page.
    assert.equal(
      await textOn(me, server, older, "albums-paging"),
      "Showing the newest 20 albums. Older albums →",
    );
    // A cursor no list made reads as the newest page, not an error.
    assert.equal(
      await textOn(me, server, `${page}?videos=nonsense`, "videos-paging"),
      "Showing the newest 100 videos. Older videos →",
    );
  } finally {
    await server.close();
  }
});

Deno.test("the media page says nothing of pages when everything fits", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "few_media");
    await upload(
      me,
      server.url,
      await fixture("portrait.mp4"),
      "video/mp4",
      "one.mp4",
    );
    assert.equal(
      await textOn(me, server, "/dashboard/media", "videos-paging"),
      null,
    );
    assert.equal(
      await textOn(me, server, "/dashboard/media", "albums-paging"),
      null,
    );
  } finally {
    await server.close();
  }
});
