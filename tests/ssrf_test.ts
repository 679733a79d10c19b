/**
 * SSRF rules for every server-side fetch of a user URL: https only (http
 * only to loopback in sandbox/tests), no private, loopback or link-local
 * targets, at most 3 redirects each re-checked, timeouts.
 */
import assert from "node:assert/strict";
import { classifyAddress } from "../lib/net/ip_ranges.ts";
import {
  FetchFailedError,
  safeFetch,
  UnsafeUrlError,
} from "../lib/net/safe_fetch.ts";
import { startSourceServer } from "./_helpers/source_server.ts";

Deno.test("addresses are classified: loopback, private and reserved ranges, mapped IPv6", () => {
  const cases: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["127.9.9.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "private"],
    ["100.64.0.1", "private"],
    ["0.0.0.0", "private"],
    ["224.0.0.1", "private"],
    ["fd00::1", "private"],
    ["fe80::1", "private"],
    ["::", "private"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "private"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["2606:4700::1111", "public"],
  ];
  for (const [ip, expected] of cases) {
    assert.equal(classifyAddress(ip), expected, ip);
  }
  assert.equal(classifyAddress("example.com"), null);
});

// None of these URLs is ever connected to: each is refused before fetching.
Deno.test("private, loopback and non-https targets are refused before any connection", async () => {
  let fetched = 0;
  const fetchSpy: typeof fetch = () => {
    fetched++;
    return Promise.resolve(new Response("x"));
  };
  const refused = [
    "https://10.0.0.1/a.mp4",
    "https://192.168.0.10/a.mp4",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fd00::1]/a.mp4",
    "https://[::ffff:192.168.0.1]/a.mp4",
    "https://127.0.0.1/a.mp4",
    "https://localhost/a.mp4",
    "http://media.example.com/a.mp4",
    "ftp://media.example.com/a.mp4",
    "https://user:pass@media.example.com/a.mp4",
    "https://internal.example/a.mp4",
  ];
  const resolve = (host: string) =>
    Promise.resolve(
      host === "internal.example" ? ["10.0.0.5"] : ["93.184.215.14"],
    );
  for (const url of refused) {
    await assert.rejects(
      safeFetch(url, { allowLoopback: false, resolve, fetch: fetchSpy }),
      UnsafeUrlError,
      url,
    );
  }
  assert.equal(fetched, 0);
  await assert.rejects(
    safeFetch("https://mixed.example/a", {
      allowLoopback: true,
      resolve: () => Promise.resolve(["127.0.0.1", "10.0.0.1"]),
      fetch: fetchSpy,
    }),
    UnsafeUrlError,
    "a name resolving to loopback and private is refused even in sandbox",
  );
  assert.equal(fetched, 0);
});

Deno.test("redirects are re-checked: to private addresses refused, more than 3 refused", async () => {
  const source = await startSourceServer();
  try {
    const opts = { allowLoopback: true };
    await assert.rejects(
      safeFetch(`${source.origin}/to-metadata`, opts),
      UnsafeUrlError,
    );
    await assert.rejects(
      safeFetch(`${source.origin}/to-private`, opts),
      UnsafeUrlError,
    );
    const ok = await safeFetch(`${source.origin}/chain/2`, opts);
    assert.equal(ok.response.status, 200);
    assert.equal(ok.url.pathname, "/video.mp4");
    await ok.response.body?.cancel();
    await assert.rejects(
      safeFetch(`${source.origin}/chain/3`, opts),
      /More than 3 redirects/,
    );
    await assert.rejects(
      safeFetch(`${source.origin}/video.mp4`, { allowLoopback: false }),
      UnsafeUrlError,
      "loopback outside sandbox/tests",
    );
  } finally {
    await source.close();
  }
});

Deno.test("a body that stalls is abandoned after the idle timeout", async () => {
  const source = await startSourceServer();
  try {
    const { response } = await safeFetch(`${source.origin}/slow.mp4`, {
      allowLoopback: true,
      idleTimeoutMs: 200,
    });
    const started = performance.now();
    await assert.rejects(
      response.arrayBuffer(),
      (e: unknown) =>
        e instanceof FetchFailedError || /No data/.test(String(e)),
    );
    assert.ok(performance.now() - started < 3_000);
  } finally {
    await source.close();
  }
});

Deno.test("a public host redirecting to loopback or a private address is refused at the redirect", async () => {
  const calls: string[] = [];
  // Stands in for a public CDN: only this first hop is ever fetched.
  const fakeCdn: typeof fetch = (input) => {
    const url = String(input);
    calls.push(url);
    const target = url.endsWith("/a.mp4")
      ? "http://127.0.0.1:8000/admin"
      : "https://[fd00::5]/x";
    return Promise.resolve(
      new Response(null, { status: 302, headers: { Location: target } }),
    );
  };
  const resolve = () => Promise.resolve(["93.184.215.14"]);
  for (const path of ["a.mp4", "b.mp4"]) {
    await assert.rejects(
      safeFetch(`https://cdn.example/${path}`, {
        allowLoopback: false,
        resolve,
        fetch: fakeCdn,
      }),
      UnsafeUrlError,
    );
  }
  assert.deepEqual(calls, [
    "https://cdn.example/a.mp4",
    "https://cdn.example/b.mp4",
  ]);
});

Deno.test("a host that takes too long to answer is abandoned after the answer timeout", async () => {
  // Answers after 1 s; the client gives up after 200 ms.
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () => new Promise((r) => setTimeout(() => r(new Response("late")), 1000)),
  );
  try {
    const started = performance.now();
    await assert.rejects(
      safeFetch(
        `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}/v.mp4`,
        { allowLoopback: true, timeoutMs: 200 },
      ),
      (e: unknown) =>
        e instanceof FetchFailedError && /Timed out/.test(e.message),
    );
    assert.ok(performance.now() - started < 900, "gave up before the answer");
  } finally {
    await server.shutdown();
  }
});
