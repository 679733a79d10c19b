/**
 * Links with a scheme PM3K does not fetch (`s3://`, `gs://`, `ftp://`,
 * `sftp://`) or with none (a share link pasted without `https://`), given
 * to `POST /api/uploads/from_url`, as a post's or a job's media, or to the
 * MCP tools: each is refused 400 `bad_request` with an issue saying the way
 * that works (docs/media.md#links-that-are-not-https), not that it is a file
 * on the caller's disk, which a file path still hears.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { mcpClient, toolError } from "./_helpers/mcp_client.ts";
import { sourceSchemeHint } from "../lib/media/source_scheme_hint.ts";

type Issue = { path: string; message: string };

/** The links pasted, and what their one issue must say, for an upload. */
const UPLOAD_CASES: [string, RegExp][] = [
  [
    "s3://my-bucket/clips/holiday.mp4",
    /^not an http\(s\) URL that can be downloaded: s3:\/\/… is a bucket URI, which cannot be fetched: presign it \(aws s3 presign s3:\/\/my-bucket\/clips\/holiday\.mp4 --expires-in 3600\) and send the https link it prints here, or in n8n download the object with the S3 node and send the binary file to POST \/api\/uploads$/,
  ],
  [
    "gs://my-bucket/clips/holiday.mp4",
    /^not an http\(s\) URL that can be downloaded: gs:\/\/… is a bucket URI, which cannot be fetched: sign it \(gcloud storage sign-url gs:\/\/my-bucket\/clips\/holiday\.mp4 --duration=1h\) .*Google Cloud Storage node/,
  ],
  [
    "sftp://nas.local/videos/holiday.mp4",
    /^not an http\(s\) URL that can be downloaded: sftp:\/\/ links cannot be fetched, only public https ones: download the file \(in n8n with the FTP node, Protocol SFTP\) and send the file itself to POST \/api\/uploads \(MCP: start_upload\)$/,
  ],
  [
    "ftp://ftp.example.com/videos/holiday.mp4",
    /FTP node, Protocol FTP\) and send the file itself to POST \/api\/uploads/,
  ],
  [
    "www.dropbox.com/s/abc/clip.mp4?dl=0",
    /^not an http\(s\) URL that can be downloaded: a link needs its scheme: add https:\/\/ \(https:\/\/www\.dropbox\.com\/s\/abc\/clip\.mp4\?dl=0\)$/,
  ],
  [
    "drive.google.com/file/d/abc/view",
    /add https:\/\/ \(https:\/\/drive\.google\.com\/file\/d\/abc\/view\)$/,
  ],
  // A file on the caller's disk is still told where files go.
  [
    "/home/me/clip.mp4",
    /^not an http\(s\) URL that can be downloaded; a file on your own disk is sent to POST \/api\/uploads instead/,
  ],
  [
    "clip.mov",
    /a file on your own disk is sent to POST \/api\/uploads instead/,
  ],
];

function onlyIssue(body: Record<string, unknown>, path: string): string {
  const issues = body.issues as Issue[];
  assert.equal(issues.length, 1, JSON.stringify(body));
  assert.equal(issues[0].path, path);
  return issues[0].message;
}

Deno.test("POST /api/uploads/from_url tells a bucket URI, an FTP link or a link without https:// the way that works, 400 bad_request", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "scheme_uploader");
    for (const [url, said] of UPLOAD_CASES) {
      const r = await me.json("POST", "/api/uploads/from_url", { url });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "bad_request");
      assert.match(onlyIssue(r.body, "url"), said, url);
    }
    const uploads = await me.json("GET", "/api/uploads");
    assert.deepEqual(uploads.body.uploads, []);
  } finally {
    await server.close();
  }
});

Deno.test("a post's or a job's media given as a bucket URI, an FTP link or a link without https:// is told to become an upload first, 400 bad_request", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "scheme_poster");
    const runAt = new Date(server.clock.now() + 3600_000).toISOString();
    const bodies: [string, string, Record<string, unknown>][] = [
      ["/api/tiktok/direct_post", "source_url", {
        source_url: "s3://my-bucket/clips/holiday.mp4",
      }],
      ["/api/jobs", "source_url", {
        kind: "tiktok",
        run_at: runAt,
        source_url: "s3://my-bucket/clips/holiday.mp4",
      }],
      ["/api/tiktok/direct_post", "photo_images.0", {
        media_type: "PHOTO",
        photo_images: ["s3://my-bucket/photos/one.jpg"],
      }],
    ];
    for (const [path, field, body] of bodies) {
      const r = await me.json("POST", path, {
        ...body,
        title: "a caption",
        privacy: "SELF_ONLY",
      });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "bad_request");
      assert.match(
        onlyIssue(r.body, field),
        /^not an http\(s\) URL: s3:\/\/… is a bucket URI, which cannot be fetched: presign it \(aws s3 presign s3:\/\/my-bucket\/\S+ --expires-in 3600\) and send the https link it prints to POST \/api\/uploads\/from_url \(MCP: upload_media_from_url\), or in n8n download the object with the S3 node and send the binary file to POST \/api\/uploads; then post the upload's url$/,
      );
    }
    const sftp = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: "sftp://nas.local/videos/holiday.mp4",
      title: "a caption",
    });
    assert.match(
      onlyIssue(sftp.body, "source_url"),
      /^not an http\(s\) URL: sftp:\/\/ links cannot be fetched.*Protocol SFTP\) and send the file itself to POST \/api\/uploads \(MCP: start_upload\); then post the upload's url$/,
    );
    const bare = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: "files.example.com/uploads/abc/video.mp4",
      title: "a caption",
    });
    assert.equal(
      onlyIssue(bare.body, "source_url"),
      "not an http(s) URL: a link needs its scheme: add https:// (https://files.example.com/uploads/abc/video.mp4)",
    );
    assert.deepEqual((await me.json("GET", "/api/jobs")).body.jobs, []);
  } finally {
    await server.close();
  }
});

Deno.test("MCP upload_media_from_url and post_video tell a bucket URI or a link without https:// the same way", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "scheme_mcp");
    const client = await mcpClient(server, me.key);
    try {
      const upload = await toolError(client, "upload_media_from_url", {
        url: "s3://my-bucket/clips/holiday.mp4",
      }, "bad_request");
      assert.match(
        onlyIssue(upload, "url"),
        /^not an http\(s\) URL that can be downloaded: s3:\/\/… is a bucket URI.*aws s3 presign/,
      );
      const post = await toolError(client, "post_video", {
        source_url: "www.dropbox.com/s/abc/clip.mp4?dl=0",
        title: "a caption",
      }, "bad_request");
      assert.equal(
        onlyIssue(post, "source_url"),
        "not an http(s) URL: a link needs its scheme: add https:// (https://www.dropbox.com/s/abc/clip.mp4?dl=0)",
      );
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("sourceSchemeHint leaves file names, paths and other schemes to the caller's words, and adds https: to a scheme-relative link", () => {
  for (
    const input of [
      "clip.mov",
      "holiday.webm",
      "videos/clip.mp4",
      "C:\\Users\\me\\clip.mp4",
      "file:///home/me/clip.mp4",
      "a caption with words",
      42,
    ]
  ) {
    assert.equal(sourceSchemeHint(input, "upload"), undefined, String(input));
  }
  assert.equal(
    sourceSchemeHint("//cdn.example.com/clip.mp4", "upload"),
    "a link needs its scheme: add https: (https://cdn.example.com/clip.mp4)",
  );
  // A URI too long to repeat is named by a placeholder.
  const long = `s3://my-bucket/${"k".repeat(400)}.mp4`;
  assert.match(
    String(sourceSchemeHint(long, "upload")),
    /aws s3 presign s3:\/\/BUCKET\/KEY --expires-in 3600/,
  );
});

Deno.test("sourceSchemeHint never repeats a link a shell would read as more than a word, or invisible characters, and takes no scheme from Object's prototype", () => {
  for (
    const link of [
      "s3://b/k;$(rm -rf ~).mp4",
      "s3://b/my clip.mp4",
      "s3://b/k\u202e4pm.mov",
      "s3://b/k`id`.mp4",
      "s3://b/a&b.mp4",
    ]
  ) {
    const hint = String(sourceSchemeHint(link, "upload"));
    assert.match(hint, /aws s3 presign s3:\/\/BUCKET\/KEY --expires-in/, link);
  }
  assert.equal(
    sourceSchemeHint("www.example.com/a\u202eb.mp4", "upload"),
    "a link needs its scheme: add https:// (https://…)",
  );
  for (const link of ["constructor://x", "toString://y", "__proto__://z"]) {
    assert.equal(sourceSchemeHint(link, "upload"), undefined, link);
  }
});
