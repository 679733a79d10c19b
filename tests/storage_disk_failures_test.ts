/**
 * A local disk that fails under PM3K (full, read-only, no permission; here
 * a file where a folder goes, which fails as root too): every answer is
 * 503 `storage_unavailable` (docs/media.md#local-disk-adapter), never 500,
 * nothing is counted, and the same completion succeeds once the disk is
 * back.
 */
import assert from "node:assert/strict";
import {
  assertEachStorageUnavailable,
  uploadAnswers,
} from "./_helpers/storage_answers.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { limitsOf, posterFor } from "./_helpers/posting_setup.ts";
import {
  fixture,
  putUpload,
  stagedUpload,
  startedUpload,
} from "./_helpers/api_client.ts";
import { STORAGE_UNAVAILABLE_MESSAGE } from "../lib/media/storage_unavailable.ts";

/** Puts a file where the account's folders of `tree` go; returns the undo. */
async function breakFolder(
  server: TestServer,
  tree: string,
  openId: string,
): Promise<() => Promise<void>> {
  const paths = ["media", "media-meta"].map((root) =>
    `${server.deps.config.dataDir}/${root}/${tree}/${openId}`
  );
  for (const path of paths) {
    await Deno.remove(path, { recursive: true }).catch(() => {});
    await Deno.mkdir(path.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(path, "not a folder");
  }
  return async () => {
    for (const path of paths) await Deno.remove(path);
  };
}

Deno.test("a failing disk answers 503 storage_unavailable, and completing works once it is back", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "broken_disk");
    const bytes = await fixture("portrait.mp4");
    const started = await stagedUpload(me, bytes, "clip.mp4");

    const repair = await breakFolder(server, "uploads", me.openId);
    const complete = `/api/uploads/${started.body.upload_id}/complete`;
    const refused = await me.json("POST", complete);
    assert.deepEqual(
      [refused.status, refused.body.error],
      [503, "storage_unavailable"],
      JSON.stringify(refused.body),
    );
    const raw = await fetch(`${server.url}/api/uploads?filename=b.mp4`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "video/mp4",
      },
      body: bytes,
    });
    assert.equal(raw.status, 503);
    assert.equal((await raw.json()).error, "storage_unavailable");
    assert.equal(
      (await limitsOf(me)).uploads_left_today,
      100,
      "nothing counted",
    );

    await repair();
    const done = await me.json("POST", complete);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, "complete");
    const served = await fetch(String(done.body.url));
    assert.equal(served.status, 200);
    assert.equal((await served.arrayBuffer()).byteLength, bytes.length);
  } finally {
    await server.close();
  }
});

Deno.test("a PUT to a signed upload URL on a failing disk answers 503 storage_unavailable", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "broken_staging");
    const bytes = await fixture("portrait.mp4");
    const started = await me.json("POST", "/api/uploads", {
      filename: "clip.mp4",
      content_type: "video/mp4",
      size: bytes.length,
    });
    const repair = await breakFolder(server, "uploads-staging", me.openId);
    const put = await putUpload(started.body, bytes);
    assert.equal(put.status, 503);
    assert.equal((await put.json()).error, "storage_unavailable");
    await repair();
    const again = await putUpload(started.body, bytes);
    assert.equal(
      again.status,
      200,
      "the same URL takes the file once the disk is back",
    );
    await again.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("every path on a failing disk answers one and the same 503 storage_unavailable, without Retry-After", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "same_answer");
    const bytes = await fixture("portrait.mp4");
    const postable = await me.uploadVideo("posted.mp4");
    const staged = await stagedUpload(me, bytes, "staged.mp4");
    const unsent = await startedUpload(me, bytes, "unsent.mp4");

    const repairs = [
      await breakFolder(server, "uploads", me.openId),
      await breakFolder(server, "uploads-staging", me.openId),
    ];
    const answers: Record<string, Response> = {
      ...await uploadAnswers(server, me, staged.body.upload_id, bytes),
      "the signed PUT": await putUpload(unsent.body, bytes),
      "serving a file": await fetch(postable),
      "posting a PM3K file": await me.call("POST", "/api/tiktok/direct_post", {
        source_url: postable,
        title: "same answer",
      }),
    };
    await assertEachStorageUnavailable(answers);
    // The one wording says what happened, that nothing was lost, and what
    // to do (docs/api.md#error-codes).
    assert.match(STORAGE_UNAVAILABLE_MESSAGE, /not answering/);
    assert.match(STORAGE_UNAVAILABLE_MESSAGE, /nothing .*lost/i);
    assert.match(STORAGE_UNAVAILABLE_MESSAGE, /again/);
    for (const repair of repairs) await repair();
  } finally {
    await server.close();
  }
});
