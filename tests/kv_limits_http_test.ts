/**
 * Every input a client controls that ends up in a KV key or value
 * (docs/architecture.md#kv-limits), sent oversized over HTTP: each is a
 * clear 400 (or the 404 of an id that names nothing), never a 500 from KV
 * refusing a key over 2,048 bytes or a value over 64 KiB, and leaves no
 * new KV entry behind but the refusal's own count. A new input that reaches
 * a key or value gets a row here.
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./_helpers/test_server.ts";
import { albumOf, type Poster, posterFor } from "./_helpers/posting_setup.ts";
import { fixture, uploadBytes } from "./_helpers/api_client.ts";
import { imageVariant } from "./_helpers/image_variant.ts";
import { withDenoKvLimits } from "./_helpers/denokv_limits.ts";
import { mcpAnswer, postMcpRaw, withMcpPoster } from "./_helpers/mcp_client.ts";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types";

/** Past KV's 2,048-byte key: as ASCII, and as 4-byte UTF-8 characters. */
const LONG = "a".repeat(3000);
const WIDE = "😀".repeat(600);

interface Row {
  /** The input, as the client names it. */
  input: string;
  send: (me: Poster, server: TestServer) => Promise<Response>;
  /** 0: the redirect of a page (303 to sign in, say). */
  status: number;
  /** The JSON error code; null for an HTML page. */
  error: string | null;
}

const VIDEO = await fixture("portrait.mp4");
const PHOTO = await fixture("photo1.jpg");

function asFile(
  server: TestServer,
  me: Poster,
  query: string,
  bytes = VIDEO,
): Promise<Response> {
  return fetch(`${server.url}/api/uploads?${query}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${me.key}`,
      "Content-Type": bytes === VIDEO ? "video/mp4" : "image/jpeg",
    },
    body: bytes,
  });
}

function asForm(
  server: TestServer,
  me: Poster,
  filename: string,
  albumId?: string,
): Promise<Response> {
  const form = new FormData();
  if (albumId !== undefined) form.set("album_id", albumId);
  const [bytes, type] = albumId === undefined
    ? [VIDEO, "video/mp4"]
    : [PHOTO, "image/jpeg"];
  form.set("file", new File([bytes], filename, { type }));
  return fetch(`${server.url}/api/uploads`, {
    method: "POST",
    headers: { Authorization: `Bearer ${me.key}` },
    body: form,
  });
}

function withIdempotencyKey(
  server: TestServer,
  me: Poster,
  idempotencyKey: string,
): Promise<Response> {
  return fetch(`${server.url}/api/tiktok/direct_post`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${me.key}`,
      "Content-Type": "application/json",
      "Idempotency-Key": idempotencyKey,
    },
    body: JSON.stringify({ source_url: "https://example.com/a.mp4" }),
  });
}

const enc = encodeURIComponent;

const ROWS: Row[] = [
  {
    input: "Idempotency-Key header",
    send: (me, s) => withIdempotencyKey(s, me, LONG),
    status: 400,
    error: "bad_request",
  },
  {
    input: "?filename= of a file body",
    send: (me, s) => asFile(s, me, `filename=${enc(LONG)}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "?filename= of wide characters",
    send: (me, s) => asFile(s, me, `filename=${enc(WIDE)}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "?album_id= of a file body",
    send: (me, s) => asFile(s, me, `filename=a.jpg&album_id=${LONG}`, PHOTO),
    status: 404,
    error: "not_found",
  },
  {
    input: "a multipart form's album_id field",
    send: (me, s) => asForm(s, me, "a.jpg", LONG),
    status: 404,
    error: "not_found",
  },
  {
    input: "filename of a presigned upload",
    send: (me) =>
      me.call("POST", "/api/uploads", {
        filename: LONG,
        content_type: "video/mp4",
        size: 100,
      }),
    status: 400,
    error: "bad_request",
  },
  {
    input: "album_id of a presigned upload",
    send: (me) =>
      me.call("POST", "/api/uploads", {
        filename: "a.jpg",
        content_type: "image/jpeg",
        size: 100,
        album_id: LONG,
      }),
    status: 404,
    error: "not_found",
  },
  {
    input: "filename of an upload from a URL",
    send: (me) =>
      me.call("POST", "/api/uploads/from_url", {
        url: "https://example.com/a.mp4",
        filename: LONG,
      }),
    status: 400,
    error: "bad_request",
  },
  {
    input: "album_id to retain",
    send: (me) => me.call("POST", "/api/album/retain", { album_id: LONG }),
    status: 404,
    error: "not_found",
  },
  {
    input: "domain to add",
    send: (me) => me.call("POST", "/api/domains", { domain: LONG }),
    status: 400,
    error: "bad_request",
  },
  {
    input: "domain to add, wide characters",
    send: (me) => me.call("POST", "/api/domains", { domain: WIDE }),
    status: 400,
    error: "bad_request",
  },
  {
    input: "domain in a path (verify)",
    send: (me) => me.call("POST", `/api/domains/${LONG}.com/verify`),
    status: 404,
    error: "not_found",
  },
  {
    input: "domain in a path (delete)",
    send: (me) => me.call("DELETE", `/api/domains/${LONG}.com`),
    status: 404,
    error: "not_found",
  },
  {
    input: "publish_id of a status check",
    send: (me) => me.call("POST", "/api/tiktok/status", { publish_id: LONG }),
    status: 404,
    error: "not_found",
  },
  {
    input: "post id of stats",
    send: (me) => me.call("GET", `/api/tiktok/posts/${LONG}/stats`),
    status: 404,
    error: "not_found",
  },
  {
    input: "post id of not_posted",
    send: (me) => me.call("POST", `/api/tiktok/posts/${LONG}/not_posted`),
    status: 404,
    error: "not_found",
  },
  {
    input: "album id in a path",
    send: (me) => me.call("GET", `/api/albums/${LONG}`),
    status: 404,
    error: "not_found",
  },
  {
    input: "cursor of posts",
    send: (me) => me.call("GET", `/api/tiktok/posts?cursor=${LONG}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "cursor of jobs",
    send: (me) => me.call("GET", `/api/jobs?cursor=${LONG}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "cursor of uploads",
    send: (me) => me.call("GET", `/api/uploads?cursor=${LONG}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "cursor of albums",
    send: (me) => me.call("GET", `/api/albums?cursor=${LONG}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "cursor of webhook deliveries",
    send: (me) => me.call("GET", `/api/webhook/deliveries?cursor=${LONG}`),
    status: 400,
    error: "bad_request",
  },
  {
    input: "webhook URL",
    send: (me) =>
      me.call("PUT", "/api/webhook", {
        url: `https://example.com/${"a".repeat(70_000)}`,
      }),
    status: 413,
    error: "payload_too_large",
  },
  {
    input: "an HTTP method",
    send: (me) => me.call("X".repeat(3000), "/api/uploads"),
    status: 405,
    error: "method_not_allowed",
  },
  {
    input: "a session cookie",
    send: (_, s) =>
      fetch(`${s.url}/dashboard/settings`, {
        headers: { Cookie: `pm3k_session=${LONG}` },
        redirect: "manual",
      }),
    status: 0,
    error: null,
  },
  {
    input: "an API key",
    send: (_, s) =>
      fetch(`${s.url}/api/me`, {
        headers: { Authorization: `Bearer ${LONG}` },
      }),
    status: 401,
    error: "unauthorized",
  },
  {
    input: "the OAuth callback's state",
    send: (_, s) =>
      fetch(`${s.url}/auth/callback?state=${LONG}&code=x`, {
        headers: { Cookie: `pm3k_oauth_state=${LONG}` },
        redirect: "manual",
      }),
    status: 400,
    error: null,
  },
  ...[
    "/dashboard/posts?post=",
    "/dashboard/calendar?job=",
    "/dashboard?video=",
    "/dashboard?again=",
  ].map((page): Row => ({
    input: `a dashboard page's ${page.split("?")[1]}`,
    send: (me, s) =>
      fetch(`${s.url}${page}${LONG}`, {
        headers: { Cookie: me.jar.header() },
        redirect: "manual",
      }),
    status: 200,
    error: null,
  })),
  {
    input: "caption of a post",
    send: (me) =>
      me.call("POST", "/api/tiktok/direct_post", {
        source_url: "https://example.com/a.mp4",
        title: WIDE.repeat(10),
      }),
    status: 400,
    error: "bad_request",
  },
];

/** Every key in KV, as text, but the refusal counts a refusal leaves. */
async function kvKeys(kv: Deno.Kv): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const e of kv.list({ prefix: [] })) {
    if (e.key[0] === "api_refusals") continue;
    out.add(JSON.stringify(e.key));
  }
  return out;
}

Deno.test("every client input KV keeps, oversized, is a documented 4xx with nothing written", async () => {
  const server = await startTestServer({ wrapKv: withDenoKvLimits });
  try {
    const me = await posterFor(server, "kv_limits");
    const failures: string[] = [];
    for (const row of ROWS) {
      const before = await kvKeys(server.kv);
      const logged = server.logs.length;
      const res = await row.send(me, server);
      const text = await res.text();
      let error: unknown = null;
      const page = res.headers.get("content-type")?.startsWith("text/html");
      if (!page && text !== "") {
        try {
          error = JSON.parse(text).error;
        } catch {
          error = `(not JSON) ${text.slice(0, 80)}`;
        }
      }
      const status = row.status === 0 && res.status >= 300 &&
          res.status < 400
        ? 0
        : res.status;
      const added = [...await kvKeys(server.kv)].filter((k) => !before.has(k));
      if (status !== row.status || error !== row.error) {
        failures.push(
          `${row.input}: ${res.status} ${error}, wanted ${row.status} ${row.error}: ${
            text.slice(0, 200)
          }`,
        );
      }
      // A KV refusal swallowed on the way (a count not kept) is logged.
      const errors = server.logs.slice(logged).filter((l) =>
        l.level === "error"
      );
      if (errors.length > 0) {
        failures.push(`${row.input}: logged ${JSON.stringify(errors[0])}`);
      }
      if (added.length > 0) {
        failures.push(`${row.input}: left ${added.join(", ").slice(0, 300)}`);
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    await server.close();
  }
});

Deno.test("a photo post and a job with every field at its limit at once fit their KV records: 200, never 500", async () => {
  const server = await startTestServer({ wrapKv: withDenoKvLimits });
  try {
    const me = await posterFor(server, "kv_limits_full");
    const { urls } = await albumOf(me, "photo2.jpg");
    // 35 URLs just inside the 40,000 characters a post keeps of them, a
    // caption of 2,200 UTF-16 units (1,100 emoji, each two), a brand of
    // 200 characters each kept in two bytes.
    const filler = Math.floor(40_000 / 35) - urls[0].length - 10;
    const photos = Array.from(
      { length: 35 },
      (_, i) =>
        `${urls[0]}?i=${String(i).padStart(2, "0")}&${"a".repeat(filler)}`,
    );
    assert.ok(photos.join("").length > 39_000);
    const fields = {
      media_type: "PHOTO",
      photo_images: photos,
      title: "😀".repeat(1100),
      brand: "ж".repeat(200),
    };
    const runAt = new Date(server.clock.now() + 3 * 3600_000).toISOString();
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: runAt,
      ...fields,
    });
    assert.equal(job.status, 200, JSON.stringify(job.body).slice(0, 300));
    const jobId = String(job.body.job_id);
    const changed = await me.json("PATCH", `/api/jobs/${jobId}`, {
      title: "ж".repeat(2200),
    });
    assert.equal(
      changed.status,
      200,
      JSON.stringify(changed.body).slice(0, 300),
    );
    assert.equal((await me.json("GET", `/api/jobs/${jobId}`)).status, 200);
    const posted = await fetch(`${server.url}/api/tiktok/direct_post`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${me.key}`,
        "Content-Type": "application/json",
        "Idempotency-Key": "k".repeat(255),
      },
      body: JSON.stringify({ ...fields, title: "🙂".repeat(1100) }),
    });
    const answer = await posted.json();
    assert.equal(posted.status, 200, JSON.stringify(answer).slice(0, 300));
  } finally {
    await server.close();
  }
});

Deno.test("a job using one photo of a 12-image album keeps the album in commits of at most denokv's 10 checks", async () => {
  const server = await startTestServer({ wrapKv: withDenoKvLimits });
  try {
    const me = await posterFor(server, "kv_limits_album");
    const albumId = String(
      (await me.json("POST", "/api/albums")).body.album_id,
    );
    const urls: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const r = await uploadBytes(me, await imageVariant("photo2.jpg", i), {
        filename: `p${i}.jpg`,
        contentType: "image/jpeg",
        albumId,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      urls.push(String(r.body.url));
    }
    // Past the album's own 24 hours: every image is kept to the run.
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 30 * 3600_000).toISOString(),
      media_type: "PHOTO",
      photo_images: [urls[0]],
      title: "one photo of twelve",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body).slice(0, 300));
    const album = await me.json("GET", `/api/albums/${albumId}`);
    for (const image of album.body.images as Record<string, unknown>[]) {
      assert.equal(image.expires_at, album.body.expires_at);
    }
    assert.ok(
      Date.parse(String(album.body.expires_at)) >
        server.clock.now() + 30 * 3600_000,
    );
  } finally {
    await server.close();
  }
});

/** MCP tools given an id or cursor past a KV key: what each answers. */
const MCP_ROWS: [tool: string, args: Record<string, unknown>, error: string][] =
  [
    ["get_upload", { upload_id: LONG }, "not_found"],
    ["complete_upload", { upload_id: LONG }, "not_found"],
    ["delete_upload", { upload_id: LONG }, "not_found"],
    ["get_album", { album_id: LONG }, "not_found"],
    ["retain_album", { album_id: LONG }, "not_found"],
    ["delete_album", { album_id: LONG }, "not_found"],
    ["get_post_status", { publish_id: LONG }, "not_found"],
    ["mark_not_posted", { post_id: LONG }, "not_found"],
    ["get_post_stats", { post_id: LONG }, "not_found"],
    ["get_scheduled", { job_id: LONG }, "not_found"],
    ["cancel_scheduled", { job_id: LONG }, "not_found"],
    ["change_scheduled", { job_id: LONG, title: "x" }, "not_found"],
    ["list_posts", { cursor: LONG }, "bad_request"],
    ["list_scheduled", { cursor: LONG }, "bad_request"],
    ["list_uploads", { cursor: LONG }, "bad_request"],
    ["list_albums", { cursor: LONG }, "bad_request"],
    [
      "post_video",
      { source_url: "https://example.com/a.mp4", idempotency_key: LONG },
      "bad_request",
    ],
  ];

Deno.test("every MCP tool given an id, cursor or idempotency_key past a KV key answers its documented error, nothing written", async () => {
  await withMcpPoster(
    "kv_limits_mcp",
    { wrapKv: withDenoKvLimits },
    async ({ server, client }) => {
      const failures: string[] = [];
      for (const [tool, args, code] of MCP_ROWS) {
        const before = await kvKeys(server.kv);
        const logged = server.logs.length;
        const result = await client.callTool({ name: tool, arguments: args });
        const content = (result as CallToolResult).content[0];
        const text = content?.type === "text" ? content.text : "";
        let error: unknown = `(not JSON) ${text.slice(0, 80)}`;
        try {
          error = JSON.parse(text).error;
        } catch { /* kept as said */ }
        if (!result.isError || error !== code) {
          failures.push(
            `${tool}: ${error}, wanted ${code}: ${text.slice(0, 200)}`,
          );
        }
        const added = [...await kvKeys(server.kv)].filter((k) =>
          !before.has(k)
        );
        if (added.length > 0) {
          failures.push(`${tool}: left ${added.join(", ")}`);
        }
        if (server.logs.slice(logged).some((l) => l.level === "error")) {
          failures.push(`${tool}: logged an error`);
        }
      }
      assert.deepEqual(failures, []);
    },
  );
});

Deno.test("an MCP copy and a cancel whose JSON-RPC id is past a KV key: the copy is answered, the cancel 202, no 500 and no error logged", async () => {
  const server = await startTestServer({ wrapKv: withDenoKvLimits });
  try {
    const me = await posterFor(server, "kv_limits_mcp_id", "monthly");
    const cancel = await postMcpRaw(
      server.url,
      me.key,
      JSON.stringify({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId: LONG },
      }),
    );
    assert.equal(cancel.status, 202, await cancel.text());
    const call = await postMcpRaw(
      server.url,
      me.key,
      JSON.stringify({
        jsonrpc: "2.0",
        id: LONG,
        method: "tools/call",
        params: {
          name: "upload_media_from_url",
          arguments: { url: "https://example.com/a.mp4" },
        },
      }),
    );
    assert.equal(call.status, 200);
    const answer = await mcpAnswer(call);
    assert.equal(answer.id, LONG);
    // Refused for its own reason (no verified domain), not for its id.
    const text = answer.result.content[0].text;
    assert.ok(answer.result.isError, text);
    assert.notEqual(JSON.parse(text).error, "internal_error", text);
    assert.deepEqual(server.logs.filter((l) => l.level === "error"), []);
  } finally {
    await server.close();
  }
});
