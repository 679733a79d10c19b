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
import { EMBEDDED_IPV4_FORMS } from "./_helpers/embedded_ipv4.ts";

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

Deno.test("IPv6 forms that carry an IPv4 address are judged by that address, or refused", () => {
  const cases: [string, string][] = [
    // IPv4-compatible (deprecated): refused whatever it carries, also when
    // written dotted (which ipaddr.js would read as IPv4-mapped).
    ["::a00:1", "private"],
    ["::808:808", "private"],
    ["::10.0.0.1", "private"],
    ["::8.8.8.8", "private"],
    // IPv4-mapped: the socket reaches the IPv4 address itself.
    ["::ffff:a00:1", "private"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:808:808", "public"],
    ["::ffff:8.8.8.8", "public"],
    // IPv4-translated (RFC 6145)
    ["::ffff:0:a00:1", "private"],
    ["::ffff:0:7f00:1", "private"],
    ["::ffff:0:808:808", "public"],
    // 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
    ["2002:a00:1::1", "private"],
    ["2002:7f00:1::", "private"],
    ["2002:a9fe:a9fe::1", "private"],
    ["2002:c0a8:101::", "private"],
    ["2002:808:808::1", "public"],
    // Teredo: server, then the client inverted; both must be public.
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"], // client 10.0.0.1
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "private"], // client 127.0.0.1
    ["2001:0:a00:1:8000:63bf:f7f7:f7f7", "private"], // server 10.0.0.1
    ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "public"],
    // NAT64 well-known prefix (RFC 6052)
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "private"],
    ["64:ff9b::808:808", "public"],
    // NAT64 local-use prefix (RFC 8215): refused whatever it carries.
    ["64:ff9b:1::a00:1", "private"],
    ["64:ff9b:1::808:808", "private"],
    ["64:ff9b:1:ffff::808:808", "private"],
    // Other special-purpose IPv6 ranges
    ["fec0::1", "private"],
    ["2001:db8::1", "private"],
    ["100::1", "private"],
    ["ff02::1", "private"],
    ["2a00:1450:4001:82a::200e", "public"],
  ];
  for (const [ip, expected] of cases) {
    assert.equal(classifyAddress(ip), expected, ip);
  }
  // Only canonical IP literals are classified (what resolvers and URLs
  // give); anything else is not an address, and a resolver answer that is
  // not an address is refused.
  for (
    const notAnAddress of [
      "010.0.0.1",
      "0x7f.1",
      "2130706433",
      "::ffff:010.0.0.1",
    ]
  ) {
    assert.equal(classifyAddress(notAnAddress), null, notAnAddress);
  }
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

Deno.test("in production plain http to a name is refused by the https rule before any DNS lookup, even a name resolving to a private address", async () => {
  const looked: string[] = [];
  const resolve = (host: string) => {
    looked.push(host);
    return Promise.resolve(
      host === "internal.example" ? ["10.0.0.5"] : ["93.184.215.14"],
    );
  };
  for (
    const url of ["http://internal.example/a.mp4", "http://cdn.example/a.mp4"]
  ) {
    await assert.rejects(
      safeFetch(url, { allowLoopback: false, resolve }),
      (e: unknown) =>
        e instanceof UnsafeUrlError && e.kind === "target" &&
        e.message === "Only https URLs are fetched",
      url,
    );
  }
  assert.deepEqual(looked, [], "no name was looked up");
  // An address needs no lookup: it is still told what it points to.
  await assert.rejects(
    safeFetch("http://10.0.0.1/a.mp4", { allowLoopback: false, resolve }),
    /points to a private or reserved address/,
  );
});

Deno.test("a host resolving to an IPv6 address that carries a private IPv4 address is refused before any connection", async () => {
  for (const { form, refused, allowed } of EMBEDDED_IPV4_FORMS) {
    const fetched: string[] = [];
    const fetchSpy: typeof fetch = (input) => {
      fetched.push(String(input));
      return Promise.resolve(new Response("x"));
    };
    for (
      const url of [
        "https://media.example.com/a.mp4",
        `https://[${refused}]/a.mp4`,
      ]
    ) {
      await assert.rejects(
        safeFetch(url, {
          allowLoopback: true,
          resolve: () => Promise.resolve([refused]),
          fetch: fetchSpy,
        }),
        (e: unknown) =>
          e instanceof UnsafeUrlError && e.kind === "target" &&
          /points to a private or reserved address/.test(e.message),
        `${form}: ${url}`,
      );
    }
    assert.deepEqual(fetched, [], form);
    if (allowed) {
      // The same form carrying a public address is fetched.
      const { response } = await safeFetch("https://media.example.com/a.mp4", {
        allowLoopback: false,
        resolve: () => Promise.resolve([allowed]),
        fetch: fetchSpy,
      });
      assert.equal(await response.text(), "x");
      assert.deepEqual(fetched, ["https://media.example.com/a.mp4"], form);
    }
  }
});

Deno.test("redirects are re-checked: to private addresses refused, more than 3 refused, a Location that is no URL refused", async () => {
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
    // A Location that is not a URL is the source's fault, refused like
    // any bad redirect, not an error of PM3K's own.
    await assert.rejects(
      safeFetch(`${source.origin}/to-no-url`, opts),
      (e: unknown) =>
        e instanceof UnsafeUrlError && e.kind === "redirects" &&
        /redirected to something that is not a URL/.test(e.message),
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

Deno.test("the connection goes to the checked address: a name only the checking resolver knows is reached, resolved once", async () => {
  const source = await startSourceServer();
  try {
    const port = new URL(source.origin).port;
    const asked: string[] = [];
    const resolve = (host: string) => {
      asked.push(host);
      return Promise.resolve(["127.0.0.1"]);
    };
    // No DNS server knows this name: a second, independent lookup (what
    // fetch() would do) fails, so only the checked answer can reach it.
    const { response, url } = await safeFetch(
      `http://pinned.pm3k.test:${port}/video.mp4`,
      { allowLoopback: true, resolve },
    );
    assert.equal(response.status, 200);
    assert.equal(url.hostname, "pinned.pm3k.test");
    assert.ok((await response.arrayBuffer()).byteLength > 1000);
    assert.deepEqual(asked, ["pinned.pm3k.test"]);
  } finally {
    await source.close();
  }
});

Deno.test("a name that rebinds to loopback after passing the check never reaches loopback", async () => {
  const source = await startSourceServer();
  try {
    const port = new URL(source.origin).port;
    let calls = 0;
    // First a public address (unreachable here), then loopback.
    const resolve = () =>
      Promise.resolve(calls++ === 0 ? ["93.184.215.14"] : ["127.0.0.1"]);
    await assert.rejects(
      safeFetch(`https://rebind.pm3k.test:${port}/video.mp4`, {
        allowLoopback: false,
        resolve,
        timeoutMs: 500,
      }),
      FetchFailedError,
    );
    assert.equal(calls, 1, "the name is resolved once, for the check");
    assert.deepEqual(source.hits, []);
  } finally {
    await source.close();
  }
});

Deno.test("https to a pinned address still verifies the certificate against the host name", async () => {
  const fixtures = new URL("./fixtures/", import.meta.url);
  // The server's certificate names pinned.pm3k.test, issued by a test CA
  // the client trusts (a self-signed CA used as the server's own
  // certificate is refused by Deno's TLS, whatever the name).
  const cert = await Deno.readTextFile(new URL("pinned-tls.crt", fixtures));
  const key = await Deno.readTextFile(new URL("pinned-tls.key", fixtures));
  const ca = await Deno.readTextFile(new URL("pinned-tls-ca.crt", fixtures));
  const seen: string[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", cert, key, onListen: () => {} },
    (req) => {
      seen.push(req.headers.get("host") ?? "");
      return new Response("over tls");
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  const resolve = () => Promise.resolve(["127.0.0.1"]);
  try {
    const ok = await safeFetch(`https://pinned.pm3k.test:${port}/`, {
      allowLoopback: true,
      resolve,
      caCerts: [ca],
    });
    assert.equal(await ok.response.text(), "over tls");
    assert.deepEqual(seen, [`pinned.pm3k.test:${port}`]);
    // Same address, a name the certificate does not cover: refused.
    await assert.rejects(
      safeFetch(`https://other.pm3k.test:${port}/`, {
        allowLoopback: true,
        resolve,
        caCerts: [ca],
      }),
      (e: unknown) =>
        e instanceof FetchFailedError && /certificate|altnames/i.test(
          `${e.message} ${(e.cause as Error)?.message}`,
        ),
    );
    assert.equal(seen.length, 1);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a body that trickles forever is cut at the total deadline", async () => {
  const source = await startSourceServer();
  try {
    const started = performance.now();
    const { response } = await safeFetch(`${source.origin}/trickle.mp4`, {
      allowLoopback: true,
      idleTimeoutMs: 5_000,
      totalTimeoutMs: 600,
    });
    await assert.rejects(
      response.arrayBuffer(),
      (e: unknown) => /longer than allowed/.test(String(e)),
    );
    const took = performance.now() - started;
    assert.ok(took >= 550 && took < 3_000, `cut after ${took} ms`);
  } finally {
    await source.close();
  }
});
