/** Custom domains: add, verify through the file at the root, list, delete. */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { writesContendedUnder } from "./_helpers/kv_write_hook.ts";
import { keys } from "../lib/kv_keys.ts";

Deno.test("a domain is verified by the token file at its root", async (t) => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const client = await apiClientFor(server, "domain_owner", "free");
    const added = await client.json("POST", "/api/domains", {
      domain: source.host,
    });
    assert.equal(added.status, 200);
    assert.equal(added.body.domain, source.host);
    assert.equal(added.body.verified, false);
    assert.equal(added.body.file_name, "pm3k-verify.txt");
    assert.equal(
      added.body.file_content,
      `pm3k-domain-verification=${added.body.token}`,
    );
    assert.equal(added.body.file_url, `${source.origin}/pm3k-verify.txt`);
    const path = `/api/domains/${encodeURIComponent(source.host)}`;

    await t.step("no file yet: the reason is given and recorded", async () => {
      const r = await client.json("POST", `${path}/verify`);
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "domain_verification_failed");
      assert.match(String(r.body.reason), /HTTP 404/);
      const list = await client.json("GET", "/api/domains");
      const d = (list.body.domains as Record<string, unknown>[])[0];
      assert.equal(d.verified, false);
      assert.match(String(d.last_error), /HTTP 404/);
    });
    await t.step("a file with other content", async () => {
      source.verifyText = "pm3k-domain-verification=someone-elses-token";
      const r = await client.json("POST", `${path}/verify`);
      assert.equal(r.body.error, "domain_verification_failed");
      assert.match(String(r.body.reason), /does not contain the expected text/);
    });
    await t.step("the right file verifies the domain", async () => {
      source.verifyText = String(added.body.file_content);
      const r = await client.json("POST", `${path}/verify`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.verified, true);
      assert.equal(r.body.last_error, null);
    });
    await t.step(
      "a failed re-check is reported but the domain stays verified",
      async () => {
        source.verifyText = null;
        const r = await client.json("POST", `${path}/verify`);
        assert.equal(r.status, 400);
        assert.equal(r.body.error, "domain_verification_failed");
        const list = await client.json("GET", "/api/domains");
        const d = (list.body.domains as Record<string, unknown>[])[0];
        assert.equal(d.verified, true);
        assert.match(String(d.last_error), /HTTP 404/);
        source.verifyText = String(added.body.file_content);
      },
    );
    await t.step("adding it again returns the same registration", async () => {
      const again = await client.json("POST", "/api/domains", {
        domain: `HTTP://${source.host}/`,
      });
      assert.equal(again.body.token, added.body.token);
      assert.equal(again.body.verified, true);
    });
    await t.step(
      "another account cannot see, verify or delete it",
      async () => {
        const other = await apiClientFor(server, "domain_other", "free");
        assert.deepEqual(
          (await other.json("GET", "/api/domains")).body.domains,
          [],
        );
        assert.equal((await other.json("POST", `${path}/verify`)).status, 404);
        assert.equal((await other.json("DELETE", path)).status, 404);
      },
    );
    await t.step("delete", async () => {
      const r = await client.json("DELETE", path);
      assert.equal(r.status, 200);
      assert.deepEqual(
        (await client.json("GET", "/api/domains")).body.domains,
        [],
      );
    });
    await t.step("bad names", async () => {
      for (
        const domain of [
          "not a domain",
          "exa mple.com",
          "-bad-.com",
          "localhost:99999999",
        ]
      ) {
        const r = await client.json("POST", "/api/domains", { domain });
        assert.equal(r.status, 400, domain);
        assert.equal(r.body.error, "bad_request");
      }
    });
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("outside sandbox mode, loopback and private domains are refused", async () => {
  const { normaliseDomain } = await import("../lib/domains/domains.ts");
  assert.equal(
    normaliseDomain("Media.Example.com.", false),
    "media.example.com",
  );
  assert.equal(
    normaliseDomain("https://media.example.com/path", false),
    "media.example.com",
  );
  assert.equal(
    normaliseDomain("bücher.example", false),
    "xn--bcher-kva.example",
  );
  for (
    const bad of [
      "127.0.0.1:8000",
      "localhost",
      "10.0.0.1",
    ]
  ) {
    assert.throws(
      () => normaliseDomain(bad, false),
      /not a (public )?domain name/,
      bad,
    );
  }
  // A port is named as the thing to take away.
  assert.throws(
    () => normaliseDomain("https://media.example.com:8443/", false),
    {
      message:
        '"https://media.example.com:8443/" names a port (:8443): give the domain alone (media.example.com); its files are fetched over https on the usual port.',
    },
  );
});

Deno.test("a verification file redirecting to something that is not a URL fails the check with its reason, not a 500", async () => {
  const server = await startTestServer();
  const host = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () =>
      new Response(null, { status: 302, headers: { Location: "http://[" } }),
  );
  try {
    const client = await apiClientFor(server, "domain_bad_redirect", "free");
    const domain = `127.0.0.1:${(host.addr as Deno.NetAddr).port}`;
    const added = await client.json("POST", "/api/domains", { domain });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const r = await client.json(
      "POST",
      `/api/domains/${encodeURIComponent(domain)}/verify`,
    );
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error, "domain_verification_failed");
    assert.match(String(r.body.reason), /not a URL/);
    const list = await client.json("GET", "/api/domains");
    const d = (list.body.domains as Record<string, unknown>[])[0];
    assert.deepEqual([d.verified, /not a URL/.test(String(d.last_error))], [
      false,
      true,
    ]);
  } finally {
    await host.shutdown();
    await server.close();
  }
});

Deno.test("a verification file with no body, cut off or garbled fails the check with its reason, not a 500", async () => {
  const server = await startTestServer();
  // Raw answers, as a broken host sends them (Deno.serve would fix them).
  const answers: Record<string, string> = {
    "no body (204)": "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n",
    "cut off": "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n" +
      "Connection: close\r\n\r\npm3k",
    "a broken chunk": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" +
      "Connection: close\r\n\r\nzz\r\nabc\r\n",
  };
  let answer = "";
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const conn of listener) {
      try {
        await conn.read(new Uint8Array(4096));
        await conn.write(new TextEncoder().encode(answer));
      } finally {
        conn.close();
      }
    }
  })();
  try {
    const client = await apiClientFor(server, "domain_broken_body", "free");
    const domain = `127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
    const added = await client.json("POST", "/api/domains", { domain });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    for (const [name, raw] of Object.entries(answers)) {
      answer = raw;
      const r = await client.json(
        "POST",
        `/api/domains/${encodeURIComponent(domain)}/verify`,
      );
      assert.equal(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "domain_verification_failed", name);
      const list = await client.json("GET", "/api/domains");
      const d = (list.body.domains as Record<string, unknown>[])[0];
      assert.equal(d.verified, false, name);
      assert.equal(d.last_error, r.body.reason, name);
    }
  } finally {
    listener.close();
    await serving.catch(() => {}); // the listener closed: its loop ends
    await server.close();
  }
});

Deno.test("thirty domains added at once keep the limit of 20: the rest are refused and not kept", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "domain_burst", "free");
    const answers = await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) =>
          client.json("POST", "/api/domains", { domain: `d${i}.example.com` }),
      ),
    );
    const added = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status !== 200);
    assert.equal(added.length, 20);
    for (const r of refused) {
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match(String(r.body.message), /At most 20 domains/);
    }
    const list = await client.json("GET", "/api/domains");
    assert.deepEqual(
      (list.body.domains as Record<string, unknown>[]).map((d) => d.domain)
        .sort(),
      added.map((r) => r.body.domain).sort(),
    );
  } finally {
    await server.close();
  }
});

Deno.test("Google Drive's, Dropbox's and SharePoint's hosts are refused as domains, naming the way that works", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "share_host_adder", "free");
    for (
      const domain of [
        "https://drive.google.com/file/d/FILE_ID/view",
        "www.dropbox.com",
        "dl.dropboxusercontent.com",
        "contoso-my.sharepoint.com",
      ]
    ) {
      const r = await client.json("POST", "/api/domains", { domain });
      assert.equal(r.status, 400, domain);
      assert.equal(r.body.error, "bad_request");
      assert.match(
        String(r.body.message),
        /cannot be verified\. Paste the file's share link into POST \/api\/uploads\/from_url/,
        domain,
      );
    }
    const list = await client.json("GET", "/api/domains");
    assert.deepEqual(list.body.domains, [], "nothing added");
    // A look-alike that is not theirs is taken.
    const other = await client.json("POST", "/api/domains", {
      domain: "media.notdropbox.com",
    });
    assert.equal(other.status, 200);
  } finally {
    await server.close();
  }
});

Deno.test("DELETE of a domain written another way (case, Unicode) removes it and answers the domain as it was kept", async () => {
  const server = await startTestServer();
  try {
    const client = await apiClientFor(server, "domain_forms", "monthly");
    for (
      const [added, path] of [
        ["Media.Example.com", "/api/domains/MEDIA.EXAMPLE.COM"],
        ["éxample.com", "/api/domains/%C3%89XAMPLE.com"],
      ]
    ) {
      const kept = await client.json("POST", "/api/domains", { domain: added });
      assert.equal(kept.status, 200, JSON.stringify(kept.body));
      const deleted = await client.json("DELETE", path);
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.deepEqual(deleted.body, {
        ok: true,
        deleted: true,
        domain: kept.body.domain,
      });
    }
    assert.deepEqual(
      (await client.json("GET", "/api/domains")).body.domains,
      [],
    );
  } finally {
    await server.close();
  }
});

Deno.test("a domain add whose check-and-set keeps losing answers 409 conflict after bounded tries and keeps nothing", async () => {
  const contention = writesContendedUnder(keys.domainsPrefix("x").slice(0, 1));
  const server = await startTestServer({ wrapKv: contention.wrapKv });
  try {
    const client = await apiClientFor(server, "domain_contended", "free");
    contention.on = true;
    const add = await client.call("POST", "/api/domains", {
      domain: "media.example.com",
    });
    const body = await assertJsonError(add, 409, "conflict");
    assert.match(String(body.message), /try again/);
    assert.equal(contention.lost, 30);
    contention.on = false;
    const list = await client.json("GET", "/api/domains");
    assert.deepEqual(list.body.domains, []);
  } finally {
    await server.close();
  }
});
