/**
 * The dashboard's own question for a video the upload card just uploaded
 * (docs/dashboard.md#reused-media): were its bytes posted from another
 * upload? The upload's public JSON stays as documented, without a digest;
 * the composer asks `GET /dashboard/same_file/<upload_id>` instead.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import type { TestServer } from "./_helpers/test_server.ts";

async function idOf(me: Poster, url: string): Promise<string> {
  const res = await me.json("GET", "/api/uploads");
  const uploads = (res.body as { uploads: Record<string, unknown>[] })
    .uploads;
  return String(uploads.find((u) => u.url === url)?.upload_id);
}

async function sameFile(server: TestServer, me: Poster, id: string) {
  const res = await visit(me.jar, `${server.url}/dashboard/same_file/${id}`);
  assert.equal(res.status, 200);
  return await res.json();
}

Deno.test("the dashboard says an upload's bytes were posted from another upload only of that new upload, and only to its account", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "same_file_asker", "monthly");
    const other = await posterFor(server, "same_file_other", "monthly");
    const firstUrl = await me.uploadVideo("same.mp4");
    const first = await idOf(me, firstUrl);
    const before = await idOf(me, await me.uploadVideo("same.mp4"));
    assert.deepEqual(await sameFile(server, me, before), {
      ok: true,
      same_file: false,
    }, "nothing posted yet");

    const sent = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: firstUrl,
      title: "first",
      privacy: "SELF_ONLY",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const again = await idOf(me, await me.uploadVideo("same.mp4"));
    assert.deepEqual(await sameFile(server, me, again), {
      ok: true,
      same_file: true,
    });
    // The posted upload itself is "already posted" by its URL, not this.
    assert.equal((await sameFile(server, me, first)).same_file, false);
    // Another account's upload, or no upload: nothing to say of it.
    assert.equal((await sameFile(server, other, again)).same_file, false);
    assert.equal((await sameFile(server, me, "not-an-id")).same_file, false);

    const anonymous = await fetch(
      `${server.url}/dashboard/same_file/${again}`,
      {
        headers: { Accept: "application/json" },
      },
    );
    assert.equal(anonymous.status, 401);
    assert.equal((await anonymous.json()).error, "unauthorized");
  } finally {
    await server.close();
  }
});
