/**
 * `Idempotency-Key` on `POST /api/uploads/from_url`
 * (docs/api.md#uploads-from-a-url, docs/posting.md#idempotency): a client or
 * a proxy that gave up on a long copy retries with the same key and gets
 * the upload made, not a second copy counted against the day.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { hostsNetwork, startSourceServer } from "./_helpers/source_server.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { CONCURRENT_WAIT_MS } from "../lib/posting/idempotency.ts";

/** `POST /api/uploads/from_url` of `url` with `Idempotency-Key: key`. */
async function fromUrl(
  server: TestServer,
  client: ApiClient,
  url: string,
  key: string,
): Promise<
  { status: number; body: Record<string, unknown>; headers: Headers }
> {
  const res = await postWithKey(
    server.url,
    client.key,
    key,
    { url },
    "/api/uploads/from_url",
  );
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function uploadsLeft(client: ApiClient): Promise<number> {
  return Number(
    (await client.json("GET", "/api/limits")).body
      .uploads_left_today,
  );
}

Deno.test("an upload from a URL retried with the same Idempotency-Key is the first upload: one copy, one upload counted", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_key", "free");
    const left = await uploadsLeft(client);
    const url = `${source.origin}/video.mp4`;
    const first = await fromUrl(server, client, url, "copy-1");
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.headers.get("idempotent-replayed"), null);
    const again = await fromUrl(server, client, url, "copy-1");
    assert.equal(again.status, 200);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(again.body, first.body);
    assert.equal(source.hits.filter((h) => h === "/video.mp4").length, 1);
    assert.equal(await uploadsLeft(client), left - 1);
    // Another key is another upload.
    const other = await fromUrl(server, client, url, "copy-2");
    assert.notEqual(other.body.upload_id, first.body.upload_id);
    assert.equal(await uploadsLeft(client), left - 2);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a retry while the copy still runs answers idempotency_in_progress, then the upload made", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_key_busy", "free");
    const url = `${source.origin}/held.mp4`;
    source.holding = true;
    const first = fromUrl(server, client, url, "held-1");
    await waitUntil(
      "the copy to start",
      () => source.hits.includes("/held.mp4"),
    );
    // Past the window in which a request sent twice at once waits.
    await new Promise((r) => setTimeout(r, CONCURRENT_WAIT_MS + 200));
    const busy = await fromUrl(server, client, url, "held-1");
    assert.equal(busy.status, 409, JSON.stringify(busy.body));
    assert.equal(busy.body.error, "idempotency_in_progress");
    assert.match(busy.headers.get("retry-after") ?? "", /^[1-5]$/);
    source.holding = false;
    const made = await first;
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const replayed = await fromUrl(server, client, url, "held-1");
    assert.equal(replayed.headers.get("idempotent-replayed"), "true");
    assert.equal(replayed.body.upload_id, made.body.upload_id);
    assert.equal(source.hits.filter((h) => h === "/held.mp4").length, 1);
  } finally {
    source.holding = false;
    await source.close();
    await server.close();
  }
});

Deno.test("the key of an upload from a URL is one request: another URL or another route is idempotency_conflict", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_key_conflict", "free");
    const first = await fromUrl(
      server,
      client,
      `${source.origin}/video.mp4`,
      "k",
    );
    assert.equal(first.status, 200);
    const other = await fromUrl(
      server,
      client,
      `${source.origin}/chunked.mp4`,
      "k",
    );
    assert.equal(other.status, 409);
    assert.equal(other.body.error, "idempotency_conflict");
    const post = await postWithKey(server.url, client.key, "k", {
      source_url: first.body.url,
      title: "the upload's key reused",
      privacy: "SELF_ONLY",
    });
    const refused = await post.json();
    assert.equal(post.status, 409);
    assert.equal(refused.error, "idempotency_conflict");
    assert.match(refused.message, /POST \/api\/uploads\/from_url/);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a source that fails frees the key, and so does a refusal of the file it answered: the same key fetches again", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "from_url_key_fail", "free");
    const gone = await fromUrl(
      server,
      client,
      `${source.origin}/missing.mp4`,
      "g",
    );
    assert.equal(gone.status, 502, JSON.stringify(gone.body));
    assert.equal(gone.body.error, "proxy_error");
    const freed = await getTyped(
      server.kv,
      keys.idempotency(client.openId, "g"),
    );
    assert.equal(freed.value, null);
    // A PNG is refused for what the URL answered, which may change (the
    // file replaced): the key is freed, and the same again is asked anew.
    const png = await fromUrl(
      server,
      client,
      `${source.origin}/photo.png`,
      "p",
    );
    assert.equal(png.status, 400);
    assert.equal(png.body.error, "unsupported_file_type");
    const again = await fromUrl(
      server,
      client,
      `${source.origin}/photo.png`,
      "p",
    );
    assert.equal(again.headers.get("idempotent-replayed"), null);
    assert.deepEqual(again.body, png.body);
    assert.equal(source.hits.filter((h) => h === "/photo.png").length, 2);
    // A refusal of the request itself (not a URL) is still replayed.
    const notUrl = await fromUrl(server, client, "not a url", "n");
    assert.equal(notUrl.status, 400, JSON.stringify(notUrl.body));
    const notUrlAgain = await fromUrl(server, client, "not a url", "n");
    assert.equal(notUrlAgain.headers.get("idempotent-replayed"), "true");
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("a Google Drive file not yet shared, then shared: the retry with the same Idempotency-Key uploads it instead of replaying the sign-in page's 400 for 24 hours", async () => {
  const source = await startSourceServer();
  const net = hostsNetwork(source);
  const server = await startTestServer({ fetchOptions: net.fetchOptions });
  try {
    const client = await apiClientFor(server, "from_url_key_share", "free");
    const left = await uploadsLeft(client);
    const link = "https://drive.google.com/file/d/PRIVATE_ID/view?usp=sharing";
    const refused = await fromUrl(server, client, link, "drive-1");
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "unsupported_file_type");
    assert.match(String(refused.body.message), /"Anyone with the link"/);
    assert.equal(await uploadsLeft(client), left);
    // The builder shares the file, then runs the same step again.
    source.privateShared = true;
    const shared = await fromUrl(server, client, link, "drive-1");
    assert.equal(shared.status, 200, JSON.stringify(shared.body));
    assert.equal(shared.headers.get("idempotent-replayed"), null);
    assert.equal(shared.body.filename, "shared clip.mp4");
    assert.equal(await uploadsLeft(client), left - 1);
    // The upload made is the key's answer from then on.
    const replayed = await fromUrl(server, client, link, "drive-1");
    assert.equal(replayed.headers.get("idempotent-replayed"), "true");
    assert.equal(replayed.body.upload_id, shared.body.upload_id);
    assert.equal(await uploadsLeft(client), left - 1);
  } finally {
    await server.close();
    await source.close();
  }
});
