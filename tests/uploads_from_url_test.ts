/**
 * Uploads from a URL (docs/api.md#uploads-from-a-url): PM3K fetches a
 * public URL into a new upload, through redirects each checked like the
 * URL itself, judging the type by the bytes (share links and S3 send
 * application/octet-stream), under ingest's SSRF rules and limits; it
 * counts as one upload and answers as `/complete` does.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { storedObjects } from "./_helpers/stored_objects.ts";
import { apiClientFor, fixture } from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { asNewUpload, assertVideoUploaded } from "./_helpers/http_asserts.ts";
import { hostsNetwork, startSourceServer } from "./_helpers/source_server.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import {
  setUploadsCounted,
  uploadsCounted,
} from "./_helpers/upload_day_count.ts";
import { PLANS } from "../lib/plans.ts";
import { S3Storage } from "../lib/storage/s3_storage.ts";
import { uploadFromUrl } from "../lib/media/upload_from_url.ts";
import { AppError } from "../lib/errors.ts";

function fromUrl(client: ApiClient, url: string, albumId?: string) {
  return client.json("POST", "/api/uploads/from_url", {
    url,
    ...(albumId ? { album_id: albumId } : {}),
  });
}

/** What an upload may leave behind: stored objects and KV records. */
async function traces(server: TestServer): Promise<string[]> {
  const out = (await storedObjects(server)).map((key) => `object ${key}`);
  for await (const e of server.kv.list({ prefix: ["uploads"] })) {
    out.push(`kv ${e.key.join("/")}`);
  }
  return out;
}

Deno.test("a URL is fetched into a new upload, through redirects, answered as /complete answers", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_user", "free");
    const video = await fixture("portrait.mp4");
    const expectVideo = async (
      r: { status: number; body: Record<string, unknown> },
      filename: string,
    ) => {
      await assertVideoUploaded(server, client.openId, r, filename, video);
    };

    await t.step("a redirect chain to an MP4", async () => {
      await expectVideo(
        await fromUrl(client, `${source.origin}/chain/3`),
        "video.mp4",
      );
      assert.equal(
        await uploadsCounted(server, client.openId),
        1,
        "one upload",
      );
    });
    await t.step(
      "a share link: a redirect, then application/octet-stream named by Content-Disposition",
      async () => {
        await expectVideo(
          await fromUrl(client, `${source.origin}/drive/uc`),
          "holiday clip.mp4",
        );
        assert.equal(await uploadsCounted(server, client.openId), 2);
      },
    );
    await t.step("an image into an album", async () => {
      const album = await client.json("POST", "/api/albums");
      const albumId = String(album.body.album_id);
      const r = await fromUrl(client, `${source.origin}/photo.jpg`, albumId);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.kind, "image");
      assert.equal(r.body.album_id, albumId);
      const got = await client.json("GET", `/api/albums/${albumId}`);
      assert.deepEqual(got.body.photo_images, [r.body.url]);
      // The album was the day's third upload; its image is not another.
      assert.equal(await uploadsCounted(server, client.openId), 3);
    });
    const listed = await client.json("GET", "/api/uploads");
    assert.equal((listed.body.uploads as unknown[]).length, 2);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("an S3 presigned link (binary/octet-stream) is fetched into an upload", async () => {
  const s3 = await startS3rver();
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "from_s3_link", "free");
    const bucket = new S3Storage(s3.storageOptions);
    const video = await fixture("portrait.mp4");
    await bucket.put("shared/clip.mp4", video, {
      contentType: "binary/octet-stream",
    });
    const url = bucket.objectUrl("shared/clip.mp4");
    url.searchParams.set("X-Amz-Expires", "600");
    const signed = await bucket.sign(url, { method: "GET", signQuery: true });
    const r = await fromUrl(client, signed.url.href);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.content_type, "video/mp4");
    assert.equal(r.body.filename, "clip.mp4");
    assert.equal(r.body.size, video.length);
    assert.ok(s3.verified() > 0, "the link's signature was checked");
    const file = await fetch(String(r.body.url));
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), video);
    // A link presigned for a PUT: S3 refuses the GET, and PM3K says why.
    const put = await bucket.sign(url, { method: "PUT", signQuery: true });
    const refused = await fromUrl(client, put.url.href);
    assert.equal(refused.status, 502, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "proxy_error");
    assert.equal(refused.body.source_status, 403);
    assert.match(
      String(refused.body.message),
      /^The source answered HTTP 403\. An S3 presigned link is refused once it has expired \(X-Amz-Expires\), or when it was signed for another method than GET/,
    );
  } finally {
    await server.close();
    await s3.close();
  }
});

Deno.test("URLs that are unsafe or not media are refused, leaving nothing and spending no upload", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_refused", "free");
    const expectRefused = async (
      url: string,
      status: number,
      error: string,
      message?: RegExp,
      albumId?: string,
    ) => {
      const r = await fromUrl(client, url, albumId);
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error, error);
      if (message) assert.match(String(r.body.message), message);
      assert.deepEqual(await traces(server), []);
      return r;
    };
    await t.step("a redirect to a private address", async () => {
      await expectRefused(
        `${source.origin}/to-private`,
        502,
        "proxy_error",
        /private or reserved address/,
      );
      await expectRefused(
        `${source.origin}/to-metadata`,
        502,
        "proxy_error",
        /private or reserved address/,
      );
    });
    await t.step("a private address, or a URL with credentials", async () => {
      // A file on the caller's own network: where to send it instead.
      await expectRefused(
        "https://10.1.2.3/a.mp4",
        502,
        "proxy_error",
        /private or reserved address\. Only public https URLs are fetched: a file on your own machine or network goes to POST \/api\/uploads instead/,
      );
      await expectRefused(
        `http://user:pw@${source.host}/video.mp4`,
        502,
        "proxy_error",
      );
    });
    await t.step("a redirect whose Location is not a URL", async () => {
      await expectRefused(
        `${source.origin}/to-no-url`,
        502,
        "proxy_error",
        /redirected to something that is not a URL/,
      );
    });
    await t.step("a source that answers no bytes", async () => {
      const r = await expectRefused(
        `${source.origin}/empty.mp4`,
        400,
        "bad_request",
        /^The URL answered an empty file/,
      );
      assert.doesNotMatch(String(r.body.message), /as the body/);
    });
    await t.step("too many redirects", async () => {
      await expectRefused(
        `${source.origin}/chain/9`,
        502,
        "proxy_error",
        /More than 5 redirects/,
      );
    });
    await t.step(
      "a page, not a video: refused saying so, and how to get a download link",
      async () => {
        const r = await expectRefused(
          `${source.origin}/page.html`,
          400,
          "unsupported_file_type",
          /^The URL answered a web page \(HTML\), not a file/,
        );
        const message = String(r.body.message);
        assert.match(
          message,
          /https:\/\/drive\.google\.com\/uc\?export=download&id=FILE_ID/,
        );
        assert.match(
          message,
          /Dropbox: paste the file's share link \(its dl=1 form is fetched\)/,
        );
        assert.match(message, /upload the file itself/);
        assert.equal(r.body.fetched_url, undefined, "nothing was rewritten");
      },
    );
    await t.step(
      "a page sent as a file: its bytes show it is a page",
      async () => {
        await expectRefused(
          `${source.origin}/page-as-file.bin`,
          400,
          "unsupported_file_type",
          /^The URL answered a web page \(HTML\), not a file/,
        );
      },
    );
    await t.step("a page, into an album", async () => {
      const album = await client.json("POST", "/api/albums");
      await expectRefused(
        `${source.origin}/page.html`,
        400,
        "unsupported_image_type",
        /^Only JPEG\/WebP allowed\. The URL answered a web page \(HTML\)/,
        String(album.body.album_id),
      );
    });
    await t.step("bytes that are not a video, declared as one", async () => {
      await expectRefused(
        `${source.origin}/not-a-video.mp4`,
        400,
        "unsupported_file_type",
        /not an MP4, MOV or WebM video/,
      );
    });
    await t.step("an image TikTok does not take, into an album", async () => {
      const album = await client.json("POST", "/api/albums");
      await expectRefused(
        `${source.origin}/photo.png`,
        400,
        "unsupported_image_type",
        undefined,
        String(album.body.album_id),
      );
    });
    await t.step("a source announcing more than the plan allows", async () => {
      await expectRefused(`${source.origin}/liar.mp4`, 413, "file_too_large");
    });
    await t.step(
      "a source with no length, cut at the plan's size",
      async () => {
        await expectRefused(`${source.origin}/huge.bin`, 413, "file_too_large");
      },
    );
    await t.step("an image announcing more than 20 MB", async () => {
      const album = await client.json("POST", "/api/albums");
      await expectRefused(
        `${source.origin}/heavy.jpg`,
        400,
        "image_too_large",
        undefined,
        String(album.body.album_id),
      );
    });
    await t.step("a source that answers 404", async () => {
      const r = await expectRefused(
        `${source.origin}/nothing.mp4`,
        502,
        "proxy_error",
      );
      assert.equal(r.body.source_status, 404);
    });
    await t.step("not a URL", async () => {
      await expectRefused("ftp://example.com/a.mp4", 400, "bad_request");
      // A file on the caller's own disk: where to send it instead.
      for (const path of ["file:///home/me/clip.mp4", "/home/me/clip.mp4"]) {
        await expectRefused(
          path,
          400,
          "bad_request",
          /url: not an http\(s\) URL that can be downloaded; a file on your own disk is sent to POST \/api\/uploads instead/,
        );
      }
    });
    // The three albums only.
    assert.equal(await uploadsCounted(server, client.openId), 3);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a Google Drive, Dropbox or SharePoint share link is fetched in its direct download form (simulated hosts); a page in its place is refused saying why", async (t) => {
  // The real hosts cannot be reached from the tests: the source server
  // answers for them as their published link forms say they do.
  const source = await startSourceServer();
  const net = hostsNetwork(source);
  const server = await startTestServer({ fetchOptions: net.fetchOptions });
  try {
    const client = await apiClientFor(server, "from_share_link", "free");
    const video = await fixture("portrait.mp4");
    const fetching = async (url: string) => {
      net.asked.length = 0;
      return await fromUrl(client, url);
    };
    const expectFile = async (url: string, filename: string) => {
      const r = await fetching(url);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.filename, filename);
      assert.equal(r.body.kind, "video");
      assert.equal(r.body.size, video.length);
      // Nothing new in the answer: the upload, as GET answers it later.
      const got = await client.json("GET", `/api/uploads/${r.body.upload_id}`);
      assert.deepEqual(got.body, asNewUpload(r.body));
      const file = await fetch(String(r.body.url));
      assert.deepEqual(new Uint8Array(await file.arrayBuffer()), video);
    };
    const expectPage = async (
      url: string,
      message: RegExp,
      fetched?: string,
    ) => {
      const before = await traces(server);
      const counted = await uploadsCounted(server, client.openId);
      const r = await fetching(url);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "unsupported_file_type");
      assert.match(String(r.body.message), message);
      assert.equal(r.body.fetched_url, fetched);
      assert.deepEqual(await traces(server), before, "nothing left behind");
      assert.equal(await uploadsCounted(server, client.openId), counted);
      return r;
    };

    await t.step(
      "Drive: /file/d/ID/view and open?id=ID are fetched as uc?export=download&id=ID",
      async () => {
        await expectFile(
          "https://drive.google.com/file/d/FILE_ID/view?usp=sharing",
          "drive clip.mp4",
        );
        assert.deepEqual(net.asked, [
          "https://drive.google.com/uc?export=download&id=FILE_ID",
          "https://drive.usercontent.google.com/download?id=FILE_ID&export=download",
        ]);
        await expectFile(
          "https://drive.google.com/open?id=FILE_ID",
          "drive clip.mp4",
        );
        // The host in capitals or with DNS's final dot is Drive's too.
        await expectFile(
          "https://Drive.Google.COM./file/d/FILE_ID/view",
          "drive clip.mp4",
        );
        assert.equal(
          net.asked[0],
          "https://drive.google.com/uc?export=download&id=FILE_ID",
        );
        assert.equal(
          net.asked[0],
          "https://drive.google.com/uc?export=download&id=FILE_ID",
        );
      },
    );
    await t.step(
      "Dropbox: a share link with dl=0, or none, is fetched with dl=1",
      async () => {
        await expectFile(
          "https://www.dropbox.com/scl/fi/abc123/clip.mp4?rlkey=x7y8&dl=0",
          "dropbox clip.mp4",
        );
        assert.deepEqual(net.asked, [
          "https://www.dropbox.com/scl/fi/abc123/clip.mp4?rlkey=x7y8&dl=1",
          "https://uc0.dl.dropboxusercontent.com/cd/0/get/token/file",
        ]);
        await expectFile(
          "https://www.dropbox.com/s/old123/clip.mp4",
          "dropbox clip.mp4",
        );
        assert.equal(
          net.asked[0],
          "https://www.dropbox.com/s/old123/clip.mp4?dl=1",
        );
      },
    );
    await t.step(
      "OneDrive for work or school and SharePoint: a file's link is fetched with download=1",
      async () => {
        await expectFile(
          "https://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EaBcD?e=AbC123",
          "sharepoint clip.mp4",
        );
        assert.deepEqual(net.asked, [
          "https://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EaBcD?e=AbC123&download=1",
          "https://contoso-my.sharepoint.com/personal/ann_contoso_com/_layouts/15/download.aspx?share=TOKEN",
        ]);
      },
    );
    await t.step(
      "a SharePoint link for the organization only: Microsoft's sign-in page",
      async () => {
        await expectPage(
          "https://contoso-my.sharepoint.com/:v:/r/personal/ann_contoso_com/Documents/clip.mp4",
          /^The OneDrive or SharePoint link answered a web page \(HTML\), not the file, even in its direct download form .*organization only.*"Anyone with the link"/,
          "https://contoso-my.sharepoint.com/:v:/r/personal/ann_contoso_com/Documents/clip.mp4?download=1",
        );
        assert.equal(
          net.asked[1],
          "https://login.microsoftonline.com/common/oauth2/authorize",
        );
      },
    );
    await t.step(
      "an expired SharePoint link: 403, saying what link to paste",
      async () => {
        const r = await fetching(
          "https://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EXPIRED",
        );
        assert.equal(r.status, 502, JSON.stringify(r.body));
        assert.equal(r.body.error, "proxy_error");
        assert.equal(r.body.source_status, 403);
        assert.match(
          String(r.body.message),
          /^The source answered HTTP 403\. OneDrive and SharePoint refuse the file when the link has expired, was removed, or is not one "Anyone with the link" can open.*upload the file itself/,
        );
      },
    );
    await t.step(
      "a personal OneDrive link: its page, and the way through the workflow",
      async () => {
        await expectPage(
          "https://1drv.ms/v/c/abc123/EaBcD",
          /^The personal OneDrive link answered a web page \(HTML\), not the file.*Microsoft OneDrive node.*POST \/api\/uploads/,
        );
        assert.deepEqual(net.asked, [
          "https://1drv.ms/v/c/abc123/EaBcD",
          "https://onedrive.live.com/?redeem=v/c/abc123/EaBcD",
        ]);
      },
    );
    await t.step(
      "Drive's virus scan warning (a file too large to scan): its Download anyway form is sent once, and gives the file",
      async () => {
        await expectFile(
          "https://drive.google.com/file/d/BIG_ID/view?usp=sharing",
          "big clip.mp4",
        );
        assert.deepEqual(net.asked, [
          "https://drive.google.com/uc?export=download&id=BIG_ID",
          "https://drive.usercontent.google.com/download?id=BIG_ID&export=download",
          "https://drive.usercontent.google.com/download?id=BIG_ID&export=download&confirm=t&uuid=u-1%262",
        ]);
      },
    );
    for (
      const id of [
        "BIGSTUCK_ID",
        "BIGNOFORM_ID",
        "BIGPOST_ID",
        "BIGAWAY_ID",
        "BIGPORT_ID",
        "BIGCREDS_ID",
      ]
    ) {
      await t.step(
        `Drive's virus scan warning whose form gives no file (${id}): too large for Drive's direct link`,
        async () => {
          await expectPage(
            `https://drive.google.com/file/d/${id}/view?usp=sharing`,
            /^Google Drive answered its virus scan warning page, not the file: the file is too large for Drive's direct download link.*another host.*upload the file itself/,
            `https://drive.google.com/uc?export=download&id=${id}`,
          );
          // Only a GET form to Drive is sent, and once.
          assert.equal(net.asked.length, id === "BIGSTUCK_ID" ? 3 : 2);
        },
      );
    }
    await t.step("a Drive file not shared: the sign-in page", async () => {
      await expectPage(
        "https://drive.google.com/file/d/PRIVATE_ID/view",
        /^The Google Drive link answered a web page \(HTML\), not the file, even in its direct download form \(https:\/\/drive\.google\.com\/uc\?export=download&id=PRIVATE_ID, fetched in its place\).*"Anyone with the link"/,
        "https://drive.google.com/uc?export=download&id=PRIVATE_ID",
      );
      assert.equal(
        net.asked[1],
        "https://accounts.google.com/ServiceLogin?continue=drive",
      );
    });
    await t.step(
      "a Dropbox link turned off: a page even with dl=1",
      async () => {
        await expectPage(
          "https://www.dropbox.com/scl/fi/off/clip.mp4?rlkey=k&dl=0",
          /^The Dropbox link answered a web page \(HTML\), not the file, even in its direct download form/,
          "https://www.dropbox.com/scl/fi/off/clip.mp4?rlkey=k&dl=1",
        );
      },
    );
    await t.step("a Drive folder: not rewritten, a page", async () => {
      const folder =
        "https://drive.google.com/drive/folders/FOLDER_ID?usp=sharing";
      await expectPage(
        folder,
        /^The Google Drive link answered a web page \(HTML\), not the file: .*not to one file \(a folder, a document\)/,
      );
      assert.deepEqual(net.asked, [folder]);
    });
    await t.step(
      "a page from any other host: how to get a download link",
      async () => {
        await expectPage(
          "https://files.example.com/share/abc",
          /^The URL answered a web page \(HTML\), not a file: give a link that downloads the file itself/,
        );
      },
    );
    await t.step(
      "any refusal once the direct form was fetched names it: a deleted Dropbox link",
      async () => {
        const r = await fetching(
          "https://www.dropbox.com/scl/fi/gone/clip.mp4?rlkey=k&dl=0",
        );
        assert.equal(r.status, 502, JSON.stringify(r.body));
        assert.equal(r.body.error, "proxy_error");
        assert.equal(r.body.source_status, 404);
        assert.equal(
          r.body.fetched_url,
          "https://www.dropbox.com/scl/fi/gone/clip.mp4?rlkey=k&dl=1",
        );
        assert.match(
          String(r.body.message),
          /^The source answered HTTP 404\. Dropbox refuses the file when its link was deleted, turned off or needs a password: .*upload the file itself/,
        );
      },
    );
    await t.step(
      "a Drive file gone (or not shared): 404, saying how to share it",
      async () => {
        const r = await fetching(
          "https://drive.google.com/file/d/GONE_ID/view?usp=sharing",
        );
        assert.equal(r.status, 502, JSON.stringify(r.body));
        assert.equal(r.body.error, "proxy_error");
        assert.equal(r.body.source_status, 404);
        assert.equal(
          r.body.fetched_url,
          "https://drive.google.com/uc?export=download&id=GONE_ID",
        );
        assert.match(
          String(r.body.message),
          /^The source answered HTTP 404\. Google Drive refuses the file when it is not shared with "Anyone with the link" or was deleted: share it with anyone with the link, or upload the file itself/,
        );
      },
    );
    // The seven files fetched (Drive's large one through its warning); no
    // refused page counted.
    assert.equal(await uploadsCounted(server, client.openId), 7);
  } finally {
    await server.close();
    await source.close();
  }
});

Deno.test("an upload from a URL below the floor rate is dropped: 504 source_too_slow", async () => {
  const server = await startTestServer({
    ingestLimits: { graceMs: 200, minBytesPerSecond: 10_000 },
  });
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_slow", "free");
    const r = await fromUrl(client, `${source.origin}/drip.mp4`);
    assert.equal(r.status, 504, JSON.stringify(r.body));
    assert.equal(r.body.error, "source_too_slow");
    assert.deepEqual(await traces(server), []);
    assert.equal(await uploadsCounted(server, client.openId), 0);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("uploads from a URL share the account's cap on copies at once, and stop at the day's uploads before fetching", async () => {
  const server = await startTestServer({
    ingestLimits: { maxConcurrentPerAccount: 1 },
  });
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_limits", "free");
    source.holding = true;
    const first = fromUrl(client, `${source.origin}/held.mp4`);
    await waitUntil(
      "the first copy under way",
      () => source.hits.includes("/held.mp4"),
    );
    const second = await fromUrl(client, `${source.origin}/video.mp4`);
    assert.equal(second.status, 429, JSON.stringify(second.body));
    assert.equal(second.body.error, "ingest_limit");
    source.holding = false;
    const done = await first;
    assert.equal(done.status, 200, JSON.stringify(done.body));

    await setUploadsCounted(server, client.openId, PLANS.free.uploadsPerDay);
    const hits = source.hits.length;
    const r = await fromUrl(client, `${source.origin}/video.mp4`);
    assert.equal(r.status, 429, JSON.stringify(r.body));
    assert.equal(r.body.error, "upload_limit");
    assert.equal(source.hits.length, hits, "the source was not asked");
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("uploadFromUrl is the domain function behind the route (for the MCP tool)", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_domain", "free");
    const { record, alreadyInAlbum } = await uploadFromUrl(
      server.deps,
      client.openId,
      { url: `${source.origin}/video.mp4` },
    );
    assert.equal(record.state, "complete");
    assert.equal(alreadyInAlbum, false);
    assert.equal(record.openId, client.openId);
    assert.equal(await uploadsCounted(server, client.openId), 1);
    await assert.rejects(
      uploadFromUrl(server.deps, client.openId, { url: "not a url" }),
      (e) => e instanceof AppError && e.code === "bad_request",
    );
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a source answering 404/410, 401/403 or 5xx is 502 proxy_error saying what to do, for an upload's URL and a post's source_url alike", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "from_url_statuses");
    const says: [number, RegExp][] = [
      [
        404,
        /^The source answered HTTP 404: the link is missing or not shared publicly\. .*check that it opens in a private browser window, or upload the file itself \(POST \/api\/uploads; MCP: start_upload; or the dashboard\)\.$/,
      ],
      [410, /^The source answered HTTP 410: the link is missing or not shared/],
      [
        401,
        /^The source answered HTTP 401: the link needs a sign-in\. .*share it publicly or give a direct download link, or upload the file itself/,
      ],
      [403, /^The source answered HTTP 403: the link needs a sign-in\./],
      [
        503,
        /^The source answered HTTP 503: the source failed; try again later\.$/,
      ],
      [500, /^The source answered HTTP 500: the source failed; try again/],
    ];
    for (const [status, message] of says) {
      const r = await fromUrl(me, `${source.origin}/status/${status}`);
      assert.equal(r.status, 502, JSON.stringify(r.body));
      assert.equal(r.body.error, "proxy_error");
      assert.equal(r.body.source_status, status);
      assert.match(String(r.body.message), message);
    }
    assert.deepEqual(await traces(server), []);
    // A post's source_url on a verified domain is fetched the same way.
    await verifySource(me, source);
    const post = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: `${source.origin}/status/404`,
      title: "gone",
      privacy: "SELF_ONLY",
    });
    assert.equal(post.status, 502, JSON.stringify(post.body));
    assert.equal(post.body.error, "proxy_error");
    assert.match(String(post.body.message), says[0][1]);
  } finally {
    await server.close();
    await source.close();
  }
});
