/**
 * The pinned request's own HTTP/1.1 client (lib/net/pinned_request.ts,
 * lib/net/http1_answer.ts) against real servers on loopback: Deno.serve, and
 * raw sockets for answers Deno.serve would not send (chunked with trailers,
 * cut short, informational answers first).
 */
import assert from "node:assert/strict";
import { fetchPinned } from "../lib/net/pinned_request.ts";
import { safeFetch } from "../lib/net/safe_fetch.ts";

const encoder = new TextEncoder();

/** A server that writes `answer` to every connection, then closes it. */
function rawServer(answer: (request: string) => string[]) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const requests: string[] = [];
  const serving = (async () => {
    for await (const conn of listener) {
      const buf = new Uint8Array(16 * 1024);
      const n = await conn.read(buf) ?? 0;
      const request = new TextDecoder().decode(buf.subarray(0, n));
      requests.push(request);
      for (const part of answer(request)) {
        await conn.write(encoder.encode(part)).catch(() => {});
      }
      conn.close();
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: new URL(`http://pinned.pm3k.test:${port}/file?x=1`),
    requests,
    async close() {
      listener.close();
      await serving.catch(() => {});
    },
  };
}

const get = (url: URL, init: Partial<Parameters<typeof fetchPinned>[1]> = {}) =>
  fetchPinned(
    url,
    { method: "GET", signal: new AbortController().signal, ...init },
    ["127.0.0.1"],
  );

Deno.test("an answer's body reads straight into the reader's own buffer (BYOB), whole and in order", async () => {
  const size = 3 * 1024 * 1024 + 7;
  const sent = new Uint8Array(size).map((_, i) => (i * 7) % 251);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () => new Response(sent),
  );
  try {
    const { port } = server.addr as Deno.NetAddr;
    const res = await get(new URL(`http://pinned.pm3k.test:${port}/`));
    assert.equal(res.status, 200);
    // One buffer of the reader's, handed back and forth: nothing is
    // allocated per read (what keeps a 200 MB copy's memory flat).
    const reader = res.body!.getReader({ mode: "byob" });
    let buffer = new ArrayBuffer(64 * 1024);
    const got = new Uint8Array(size);
    let at = 0;
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) break;
      got.set(value, at);
      at += value.length;
      buffer = value.buffer as ArrayBuffer;
    }
    assert.equal(at, size);
    assert.deepEqual(got, sent);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a chunked answer is decoded, its extensions and trailers dropped", async () => {
  const server = rawServer(() => [
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Kind: test\r\n\r\n",
    "5;name=value\r\nhello\r\n",
    "1\r\n \r\n6\r\nworld!\r\n",
    "0\r\nX-Trailer: dropped\r\n\r\n",
  ]);
  try {
    const res = await get(server.url);
    assert.equal(res.headers.get("x-kind"), "test");
    assert.equal(await res.text(), "hello world!");
    // The request went out whole: path and query, the URL's host, one
    // request per connection.
    assert.match(server.requests[0], /^GET \/file\?x=1 HTTP\/1\.1\r\n/);
    assert.match(
      server.requests[0],
      new RegExp(`\r\nHost: ${server.url.host}\r\n`),
    );
    assert.match(server.requests[0], /\r\nConnection: close\r\n/);
  } finally {
    await server.close();
  }
});

Deno.test("an answer cut short of its Content-Length fails its body", async () => {
  const server = rawServer(() => [
    "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",
    "only ten b",
  ]);
  try {
    const res = await get(server.url);
    await assert.rejects(res.text(), /closed mid-body/);
  } finally {
    await server.close();
  }
});

Deno.test("informational answers before the answer are passed over", async () => {
  const server = rawServer(() => [
    "HTTP/1.1 100 Continue\r\n\r\n",
    "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n",
    "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
  ]);
  try {
    const res = await get(server.url);
    assert.equal(res.status, 201);
    assert.equal(res.statusText, "Created");
    assert.equal(await res.text(), "ok");
  } finally {
    await server.close();
  }
});

Deno.test("a header value with a line break is refused before anything is sent", async () => {
  const server = rawServer(() => ["HTTP/1.1 204 No Content\r\n\r\n"]);
  try {
    await assert.rejects(
      get(server.url, { headers: { "X-Sig": "a\r\nX-Injected: 1" } }),
      TypeError,
    );
    assert.deepEqual(server.requests, []);
    // A POST's body goes with its length; a 204 has no body.
    const res = await get(server.url, { method: "POST", body: "{}" });
    assert.equal(res.status, 204);
    assert.equal(res.body, null);
    assert.match(server.requests[0], /\r\nContent-Length: 2\r\n/);
    assert.match(server.requests[0], /\r\n\r\n\{\}$/);
  } finally {
    await server.close();
  }
});

Deno.test("safeFetch leaves a pinned body a byte stream, its timeouts watched as it is read", async () => {
  const sent = new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 253);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () => new Response(sent),
  );
  try {
    const { port } = server.addr as Deno.NetAddr;
    let counted = 0;
    const { response } = await safeFetch(
      `http://pinned.pm3k.test:${port}/`,
      {
        allowLoopback: true,
        resolve: () => Promise.resolve(["127.0.0.1"]),
        onChunk: (n) => counted += n,
      },
    );
    // A storage writer brings its own buffers (stream_to_file.ts): the
    // body must stay a byte stream through safeFetch's watch.
    const reader = response.body!.getReader({ mode: "byob" });
    let buffer = new ArrayBuffer(256 * 1024);
    let at = 0;
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) break;
      assert.deepEqual(value, sent.subarray(at, at + value.length));
      at += value.length;
      buffer = value.buffer as ArrayBuffer;
    }
    assert.equal(at, sent.length);
    assert.equal(counted, sent.length);
  } finally {
    await server.shutdown();
  }
});

/**
 * An HTTPS server that writes `answer` and never closes its TLS session:
 * a proxy in front of it cuts the TCP connection once the answer has gone
 * through, so the client sees the end with no TLS close_notify (as from a
 * server that drops its socket).
 */
async function raggedTlsServer(answer: string) {
  const fixtures = new URL("./fixtures/", import.meta.url);
  const cert = await Deno.readTextFile(new URL("pinned-tls.crt", fixtures));
  const key = await Deno.readTextFile(new URL("pinned-tls.key", fixtures));
  const ca = await Deno.readTextFile(new URL("pinned-tls-ca.crt", fixtures));
  const tls = Deno.listenTls({ hostname: "127.0.0.1", port: 0, cert, key });
  const proxy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open: Deno.Conn[] = [];
  // Set once the server wrote its answer: the proxy cuts only after that,
  // so a loaded machine's pause mid-handshake cannot cut it early.
  let answered = false;
  let onAnswered = () => {};
  const serving = (async () => {
    for await (const conn of tls) {
      open.push(conn);
      await conn.read(new Uint8Array(16 * 1024));
      await conn.write(encoder.encode(answer));
      answered = true;
      onAnswered();
    }
  })();
  const proxying = (async () => {
    for await (const client of proxy) {
      const upstream = await Deno.connect({
        hostname: "127.0.0.1",
        port: (tls.addr as Deno.NetAddr).port,
      });
      open.push(upstream);
      void client.readable.pipeTo(upstream.writable).catch(() => {
        // The cut below ends this copy too.
      });
      const reader = upstream.readable.getReader();
      const writer = client.writable.getWriter();
      let cut: ReturnType<typeof setTimeout> | undefined;
      // Cut once the answer is written and the server has been quiet a
      // moment since: its bytes have all come through this copy.
      const armCut = () => {
        clearTimeout(cut);
        cut = setTimeout(() => client.close(), 150);
      };
      onAnswered = armCut;
      for (;;) {
        const next = await reader.read().catch(() => null);
        if (!next || next.done) break;
        // The client is gone (cut, or the test ended): so is this copy.
        const written = await writer.write(next.value).then(
          () => true,
          () => false,
        );
        if (!written) break;
        if (answered) armCut();
      }
    }
  })();
  const { port } = proxy.addr as Deno.NetAddr;
  return {
    url: new URL(`https://pinned.pm3k.test:${port}/file`),
    ca,
    async close() {
      tls.close();
      proxy.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // Already closed by its peer.
        }
      }
      await Promise.allSettled([serving, proxying]);
    },
  };
}

Deno.test("an https body read to the connection's end is whole without TLS close_notify", async () => {
  const server = await raggedTlsServer(
    "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nthe whole body",
  );
  try {
    const res = await get(server.url, { ca: [server.ca] });
    assert.equal(await res.text(), "the whole body");
  } finally {
    await server.close();
  }
});

Deno.test("an https body cut short of its Content-Length still fails without TLS close_notify", async () => {
  const server = await raggedTlsServer(
    "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b",
  );
  try {
    const res = await get(server.url, { ca: [server.ca] });
    await assert.rejects(res.text(), /closed mid-body/);
  } finally {
    await server.close();
  }
});
