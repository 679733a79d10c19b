/**
 * Every route has a body limit (docs/api.md#limits-on-every-request): a
 * dashboard form, the sandbox and any other route outside /api refuse a
 * body over 64 KiB with 413 `payload_too_large` without reading it (a
 * Content-Length over the limit is refused from the header; a chunked body
 * is cut once past the limit), while the local adapter's upload PUT still
 * streams a large file.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { signIn } from "./_helpers/sandbox_sign_in.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { sendUntilAnswered } from "./_helpers/raw_http.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { MAX_PAGE_BODY_BYTES } from "../lib/http/body_limit.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";

/** What a hostile client sent: 60 MB, as in the report. */
const SIXTY_MB = 60 * 1024 * 1024;
/**
 * Kernel socket buffers take a few MB before a sender blocks; a server
 * that reads the body takes all of it.
 */
const MOST_UNREAD = 16 * 1024 * 1024;

async function planOf(server: TestServer, openId: string) {
  return (await getTyped(server.kv, keys.account(openId))).value?.plan ?? null;
}

async function planForm(server: TestServer, username: string) {
  const { jar, openId } = await signIn(server, username);
  return {
    openId,
    url: `${server.url}/dashboard/plan`,
    headers: {
      Cookie: jar.header(),
      Origin: server.url,
      Accept: "text/html",
      "Content-Type": "application/x-www-form-urlencoded",
    },
  };
}

for (const chunked of [false, true]) {
  const how = chunked ? "chunked, no Content-Length" : "with Content-Length";
  Deno.test(`a 60 MB dashboard form is refused with 413 before it is read (${how})`, async () => {
    const server = await startTestServer();
    try {
      const form = await planForm(server, `big_form_${chunked ? "c" : "l"}`);
      const answer = await sendUntilAnswered({
        url: form.url,
        method: "POST",
        headers: form.headers,
        // A valid form, so that a server reading it all would obey it.
        bodyPrefix: "plan=annual&pad=",
        totalBytes: SIXTY_MB,
        chunked,
      });
      assert.equal(answer.status, 413);
      assert.match(answer.headers["content-type"] ?? "", /^text\/html/);
      assert.equal(answer.finished, false, "answered before the body was sent");
      assert.ok(
        answer.sent < MOST_UNREAD,
        `the server took ${answer.sent} bytes before answering`,
      );
      assert.equal(
        await planOf(server, form.openId),
        null,
        "nothing was changed",
      );
      if (!chunked) {
        // The header alone is enough: no byte of the body is awaited.
        const unsent = await sendUntilAnswered({
          url: form.url,
          method: "POST",
          headers: form.headers,
          totalBytes: SIXTY_MB,
          chunked,
          withholdBody: true,
          timeoutMs: 5_000,
        });
        assert.equal(unsent.status, 413, "answered with no body sent");
        assert.equal(unsent.sent, 0);
      }
      // The server is fine: a normal form still works.
      const ok = await fetch(form.url, {
        method: "POST",
        headers: form.headers,
        body: new URLSearchParams({ plan: "monthly" }),
        redirect: "manual",
      });
      await ok.body?.cancel();
      assert.equal(ok.status, 303);
      assert.equal(await planOf(server, form.openId), "monthly");
    } finally {
      await server.close();
    }
  });
}

Deno.test("a form just under the limit is read; one byte over is 413 with the error page", async () => {
  const server = await startTestServer();
  try {
    const form = await planForm(server, "edge_form");
    const at = (size: number) => {
      const prefix = "plan=annual&pad=";
      return fetch(form.url, {
        method: "POST",
        headers: form.headers,
        body: prefix + "x".repeat(size - prefix.length),
        redirect: "manual",
      });
    };
    // Read to its end: the form has no field "pad", which only its
    // reading can tell (docs/accounts.md#sessions-and-csrf).
    const under = await at(MAX_PAGE_BODY_BYTES);
    assert.equal(under.status, 400);
    assert.match(await under.text(), /does not know pad/);
    const over = await at(MAX_PAGE_BODY_BYTES + 1);
    assert.equal(over.status, 413);
    assert.match(over.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await over.text(), /larger than 65536 bytes/);
  } finally {
    await server.close();
  }
});

Deno.test("the sandbox, files, logout and the API answer 413 payload_too_large as JSON, cutting chunked bodies", async () => {
  const server = await startTestServer();
  try {
    for (
      const path of [
        "/_sandbox/tiktok/v2/oauth/token/",
        "/_sandbox/tiktok/v2/post/publish/video/init/",
        "/files/uploads/nobody/x.mp4",
        // The API's own limit cuts a chunked body the same way.
        "/api/tiktok/direct_post",
      ]
    ) {
      const answer = await sendUntilAnswered({
        url: `${server.url}${path}`,
        method: "POST",
        headers: { Origin: server.url, "Content-Type": "application/json" },
        totalBytes: SIXTY_MB,
        chunked: true,
      });
      assert.equal(answer.status, 413, path);
      assert.match(answer.headers["content-type"] ?? "", /application\/json/);
      assert.equal(answer.finished, false, `${path}: cut early`);
    }
    const res = await fetch(`${server.url}/auth/logout`, {
      method: "POST",
      headers: { Origin: server.url, Accept: "application/json" },
      body: new Uint8Array(MAX_PAGE_BODY_BYTES + 1),
    });
    const body = await res.json();
    assert.equal(res.status, 413);
    assert.equal(body.error, "payload_too_large");
  } finally {
    await server.close();
  }
});

Deno.test("the local upload PUT still streams a file far over the form limit", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "big_uploader", "free");
    const size = 8 * 1024 * 1024;
    const started = await client.json("POST", "/api/uploads", {
      filename: "big.mp4",
      content_type: "video/mp4",
      size,
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    // Streamed in 1 MB pieces, chunked (no Content-Length), as browsers may.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= size) return controller.close();
        const n = Math.min(1024 * 1024, size - pulled);
        controller.enqueue(new Uint8Array(n));
        pulled += n;
      },
    });
    const put = await fetch(String(started.body.upload_url), {
      method: "PUT",
      headers: started.body.headers as Record<string, string>,
      body: stream,
    });
    const putBody = await put.json();
    assert.equal(put.status, 200, JSON.stringify(putBody));
    assert.equal(putBody.size, size);
    // Stored whole where the URL writes: the upload's staging key, until
    // completion moves it to its public one (docs/media.md#uploads).
    const key = decodeURIComponent(
      new URL(String(started.body.upload_url)).pathname,
    ).replace(/^\/files\//, "");
    assert.ok(key.startsWith("uploads-staging/"), key);
    assert.equal((await server.deps.storage.head(key))?.size, size);
  } finally {
    await server.close();
  }
});

/**
 * Sends `method path` with a body announced as 5000 bytes (or chunked)
 * but cut after a few, then hangs up, as a client that crashed would.
 */
async function hangUpMidBody(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  chunked: boolean,
) {
  const { hostname, port } = new URL(server.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    chunked ? "Transfer-Encoding: chunked" : "Content-Length: 5000",
  ].join("\r\n");
  const part = chunked ? 'a\r\n{"title":"\r\n' : '{"title":"';
  await conn.write(new TextEncoder().encode(`${head}\r\n\r\n${part}`));
  // The server has the head and the first bytes, and waits for more.
  await new Promise((r) => setTimeout(r, 200));
  conn.close();
}

Deno.test("a body the client hangs up in is a 400 in the log, never a 500 with a stack", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "hangs_up", "monthly");
    const json = {
      "Content-Type": "application/json",
      Authorization: `Bearer ${me.key}`,
    };
    const routes: [string, string, Record<string, string>][] = [
      ["PATCH", "/api/jobs/01M8ZHGY3F7NXCE8339GTBYHQ8", json],
      ["POST", "/mcp", {
        ...json,
        Accept: "application/json, text/event-stream",
      }],
      ["POST", "/webhooks/tiktok", {
        "Content-Type": "application/json",
        "TikTok-Signature": `t=1,s=${"0".repeat(64)}`,
      }],
      ["POST", "/auth/logout", {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
      }],
    ];
    for (const [method, path, headers] of routes) {
      for (const chunked of [false, true]) {
        const before = server.logs.length;
        await hangUpMidBody(server, method, path, headers, chunked);
        const line = () =>
          server.logs.slice(before).find((l) =>
            l.path === path.split("?")[0] && typeof l.status === "number"
          );
        await waitUntil(`the log line of ${method} ${path}`, () => !!line());
        const what = `${method} ${path}${chunked ? " (chunked)" : ""}`;
        assert.equal(line()!.status, 400, what);
        assert.deepEqual(
          server.logs.slice(before).filter((l) => l.level === "error"),
          [],
          what,
        );
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("an upload PUT the client hangs up in is a 400 in the log, not the disk's 503", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "hangs_up_put", "monthly");
    for (const chunked of [false, true]) {
      const started = await me.json("POST", "/api/uploads", {
        filename: "cut.mp4",
        content_type: "video/mp4",
        size: 5000,
      });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const url = new URL(String(started.body.upload_url));
      const before = server.logs.length;
      await hangUpMidBody(
        server,
        "PUT",
        url.pathname + url.search,
        started.body.headers as Record<string, string>,
        chunked,
      );
      const line = () =>
        server.logs.slice(before).find((l) =>
          l.path === url.pathname && typeof l.status === "number"
        );
      await waitUntil("the PUT's log line", () => !!line());
      assert.equal(line()!.status, 400, chunked ? "chunked" : "framed");
    }
  } finally {
    await server.close();
  }
});
