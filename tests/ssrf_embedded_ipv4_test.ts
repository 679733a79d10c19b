/**
 * Every outbound fetch of a user's URL refuses an IPv6 address that carries
 * a private, loopback or link-local IPv4 address (IPv4-compatible, mapped,
 * translated, 6to4, Teredo, NAT64 and its local-use prefix;
 * docs/media.md#server-side-fetches): a webhook URL through the API and at
 * delivery, an ingest source, a domain's verification file. None of them
 * gets a request, and each says why with its documented error.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { EMBEDDED_IPV4_FORMS, hostOf } from "./_helpers/embedded_ipv4.ts";
import {
  attemptDelivery,
  emitWebhook,
  setWebhook,
} from "../lib/webhooks/webhooks.ts";
import { verifyDomain } from "../lib/domains/domains.ts";
import { ingestExternalUrl } from "../lib/media/ingest.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { AppError } from "../lib/errors.ts";
import type { SafeFetchOptions } from "../lib/net/safe_fetch.ts";
import type { AppDeps } from "../lib/runtime/app_deps.ts";

const PUBLIC_ADDRESS = "93.184.216.34";

/**
 * Fetch options for a name that resolves to `answer.current`; any request
 * that gets past the checks is counted and answered with `body`.
 */
function fakeNetwork(body = "ok") {
  const answer = { current: [PUBLIC_ADDRESS] };
  const requests: string[] = [];
  const fetchOptions: Partial<SafeFetchOptions> = {
    resolve: () => Promise.resolve(answer.current),
    fetch: (input) => {
      requests.push(String(input));
      return Promise.resolve(new Response(body));
    },
  };
  return { answer, requests, fetchOptions };
}

Deno.test("a webhook URL at an IPv6 address carrying a private IPv4 address is refused by the API; one carrying a public address is accepted", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "hook_embedded_v4");
    for (const { form, refused, allowed } of EMBEDDED_IPV4_FORMS) {
      const r = await me.json("PUT", "/api/webhook", {
        url: `https://[${refused}]/pm3k`,
      });
      assert.equal(r.status, 400, form);
      assert.equal(r.body.error, "bad_request", form);
      assert.equal(
        r.body.message,
        `This webhook URL cannot be used: the host ${
          hostOf(refused)
        } points to a private or reserved address.`,
        form,
      );
      if (allowed) {
        const ok = await me.json("PUT", "/api/webhook", {
          url: `https://[${allowed}]/pm3k`,
        });
        assert.equal(ok.status, 200, `${form}: ${JSON.stringify(ok.body)}`);
      }
    }
  } finally {
    await server.close();
  }
});

Deno.test("a webhook host that comes to resolve to an IPv6 address carrying a private IPv4 address gets no request; the log says why", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "hook_dns_embedded_v4");
    const net = fakeNetwork();
    const deps: AppDeps = {
      ...server.deps,
      allowLoopback: false,
      fetchOptions: net.fetchOptions,
    };
    await setWebhook(deps, me.openId, "https://hooks.customer.example/pm3k");
    const send = async () => {
      server.clock.advance(1_000);
      const d = await emitWebhook(deps, me.openId, "test", { n: 1 });
      return (await attemptDelivery(deps, me.openId, d!.id))!;
    };
    // Control: resolving to a public address, the event is delivered.
    assert.equal((await send()).state, "delivered");
    assert.equal(net.requests.length, 1);
    for (const { form, refused } of EMBEDDED_IPV4_FORMS) {
      net.answer.current = [refused];
      const d = await send();
      assert.deepEqual([d.state, d.attempts], ["failed", 1], form);
      assert.match(
        String(d.lastError),
        /hooks\.customer\.example points to a private or reserved address/,
        form,
      );
    }
    assert.equal(net.requests.length, 1, "only the control was sent");
  } finally {
    await server.close();
  }
});

/** A domain verified through the API's records, its name resolving as the test says. */
async function verifiedDomain(server: TestServer, me: ApiClient) {
  const added = await me.json("POST", "/api/domains", {
    domain: "media.example.com",
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  const net = fakeNetwork(String(added.body.file_content));
  const deps: AppDeps = {
    ...server.deps,
    allowLoopback: false,
    fetchOptions: net.fetchOptions,
  };
  const verified = await verifyDomain(deps, me.openId, "media.example.com");
  assert.ok(verified.verifiedAt, "verified while it resolves publicly");
  assert.deepEqual(net.requests, [
    "https://media.example.com/pm3k-verify.txt",
  ]);
  return { net, deps };
}

Deno.test("a domain resolving to an IPv6 address carrying a private IPv4 address fails verification with the reason, and its file is not fetched", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "domain_embedded_v4");
    const { net, deps } = await verifiedDomain(server, me);
    for (const { form, refused } of EMBEDDED_IPV4_FORMS) {
      net.answer.current = [refused];
      await assert.rejects(
        verifyDomain(deps, me.openId, "media.example.com"),
        (e: unknown) =>
          e instanceof AppError && e.code === "domain_verification_failed" &&
          e.extra?.reason ===
            "The host media.example.com points to a private or reserved address",
        form,
      );
    }
    assert.equal(net.requests.length, 1, "only the first, public check");
  } finally {
    await server.close();
  }
});

Deno.test("an ingest source resolving to an IPv6 address carrying a private IPv4 address is proxy_error, and nothing is fetched", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "ingest_embedded_v4");
    const { net, deps } = await verifiedDomain(server, me);
    const account = (await getAccount(server.deps, me.openId))!;
    for (const { form, refused } of EMBEDDED_IPV4_FORMS) {
      net.answer.current = [refused];
      await assert.rejects(
        ingestExternalUrl(
          deps,
          account,
          "https://media.example.com/clip.mp4",
          "video",
        ),
        (e: unknown) =>
          e instanceof AppError && e.code === "proxy_error" &&
          e.message.startsWith(
            "Could not fetch the source: The host media.example.com points to a private or reserved address.",
          ),
        form,
      );
    }
    assert.equal(net.requests.length, 1, "only the domain check");
  } finally {
    await server.close();
  }
});
