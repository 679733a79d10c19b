/**
 * POST /webhooks/tiktok: TikTok's signature is checked (bad, missing,
 * malformed, old or future ones answer 401 JSON and record nothing) over
 * the body's raw bytes, a valid event is answered 200 and applied after, a
 * redelivery is applied once, no session or API key is asked, and the body
 * has its own limit.
 */
import {
  GRANT_CLOCK_SKEW_MS,
  grantPredates,
} from "../lib/accounts/disconnect.ts";
import type { TikTokGrant } from "../lib/accounts/account_record.ts";
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { hookedPoster, posterFor } from "./_helpers/posting_setup.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import {
  emitted,
  eventsApplied,
  postTikTokEvent,
  tiktokEventBody,
} from "./_helpers/tiktok_events.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { signTikTokWebhook } from "../lib/tiktok/webhook_signature.ts";
import { SANDBOX_CLIENT_SECRET } from "../lib/config.ts";
import {
  MAX_TIKTOK_EVENT_BYTES,
  takeTikTokEvent,
} from "../lib/tiktok_webhooks/tiktok_event_intake.ts";
import {
  EVENT_LEASE_MS,
  EVENT_RETRY_FOR_MS,
  processDueTikTokEvents,
  processTikTokEvent,
} from "../lib/tiktok_webhooks/tiktok_event_processing.ts";
import { claimDue } from "../lib/runtime/claim_due.ts";
import { eraseAccount } from "../lib/erasure/account_erasure.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { entriesNaming } from "./_helpers/account_traces.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { hmacHex, tiktokSignedBytes } from "./_helpers/webhook_signature.ts";

/**
 * Records the signed event `body` as the route does before it answers 200
 * (nothing applies it yet); returns its id.
 */
async function recordAsTheRouteDoes(
  server: TestServer,
  body: string,
): Promise<string> {
  const intake = await takeTikTokEvent(
    server.deps,
    new TextEncoder().encode(body),
    signTikTokWebhook(
      SANDBOX_CLIENT_SECRET,
      body,
      Math.floor(server.clock.now() / 1000),
    ),
  );
  assert.equal(intake.kind, "recorded");
  return intake.kind === "recorded" ? intake.id : "";
}

/** No TikTok event is waiting for an attempt. */
async function assertNothingDue(server: TestServer): Promise<void> {
  assert.deepEqual(
    await listTyped(server.kv, keys.tiktokEventsDuePrefix()),
    [],
  );
}

/**
 * Claims the event `id` as another process's runner would, now: its
 * lease, or null when it is not due or someone else claimed it first.
 */
async function claimAsAnotherProcess(server: TestServer, id: string) {
  const entry = await getTyped(server.kv, keys.tiktokEvent(id));
  return await claimDue(server.kv, entry, {
    field: "nextAttemptAt",
    dueKey: (at) => keys.tiktokEventDue(at, id),
    now: server.clock.now(),
    leaseMs: EVENT_LEASE_MS,
  });
}

Deno.test("bad, missing, malformed, old and future signatures answer 401 JSON and record nothing", async () => {
  const server = await startTestServer();
  try {
    const body = tiktokEventBody("authorization.removed", "sbx-nobody", {
      reason: 1,
    });
    const now = Math.floor(server.clock.now() / 1000);
    const refusals: [string, Parameters<typeof postTikTokEvent>[2]][] = [
      ["another secret", { secret: "not_the_client_secret" }],
      ["no header", { signature: null }],
      ["empty header", { signature: "" }],
      ["no s", { signature: `t=${now}` }],
      ["not hex", { signature: `t=${now},s=${"z".repeat(64)}` }],
      ["301 s old", { t: now - 301 }],
      ["301 s ahead", { t: now + 301 }],
      [
        "another body",
        {
          signature: signTikTokWebhook(SANDBOX_CLIENT_SECRET, body + " ", now),
        },
      ],
    ];
    // Each refusal says what is wrong: a header not of TikTok's form is
    // not "a signature of another body".
    const said: Record<string, RegExp> = {
      "another secret": /does not sign this body/,
      "no header": /is missing/,
      "empty header": /is missing/,
      "no s": /not of the form t=<unix seconds>,s=<64 hex digits>/,
      "not hex": /not of the form t=<unix seconds>,s=<64 hex digits>/,
      "301 s old": /more than 5 minutes/,
      "301 s ahead": /more than 5 minutes/,
      "another body": /does not sign this body/,
    };
    for (const [why, options] of refusals) {
      const res = await postTikTokEvent(server, body, options);
      const error = await assertJsonError(res, 401, "unauthorized");
      assert.match(String(error.message), /TikTok-Signature/, why);
      assert.match(String(error.message), said[why], why);
    }
    await assertNothingDue(server);
    // The operator's log names the likely cause of a wrong signature.
    const refused = server.logs.filter((l) =>
      String(l.message).startsWith("refused a TikTok webhook delivery")
    );
    assert.equal(refused.length, refusals.length);
    assert.equal(
      refused.filter((l) =>
        /check TIKTOK_CLIENT_SECRET/.test(
          String(l.message),
        )
      ).length,
      2,
      "another secret, another body",
    );
    // Within the five minutes either way it is taken.
    for (const t of [now - 299, now + 299]) {
      const res = await postTikTokEvent(
        server,
        tiktokEventBody("post.publish.complete", "sbx-nobody", {
          publish_id: `v_pub_url~v2.${t}`,
        }),
        { t },
      );
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ok: true, duplicate: false });
    }
  } finally {
    await server.close();
  }
});

Deno.test("a redelivered event is answered 200 and applied once; no session, API key or Origin check applies", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "twice_removed");
    const body = tiktokEventBody("authorization.removed", me.openId, {
      reason: 1,
    });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/webhooks/tiktok`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: "https://open.tiktokapis.com",
          "TikTok-Signature": signTikTokWebhook(
            SANDBOX_CLIENT_SECRET,
            body,
            Math.floor(server.clock.now() / 1000) + i,
          ),
        },
        body,
      });
      answers.push([res.status, (await res.json()).duplicate]);
    }
    assert.deepEqual(answers, [[200, false], [200, true], [200, true]]);
    await eventsApplied(server);
    const account = (await getAccount(server.deps, me.openId))!;
    assert.equal(account.tiktokReauthRequired, true);
    assert.equal(account.disconnectReason, "authorization_removed");
    const sent = await emitted(server, me.openId, "account.disconnected");
    assert.equal(
      sent.length,
      1,
      "one account.disconnected for three deliveries",
    );
    assert.equal(sent[0].reason, "authorization_removed");
    assert.equal(sent[0].tiktok_reason, 1);
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a removal TikTok stamped before the creator signed in again changes nothing; a later one disconnects", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "signed_in_again");
    const grantedAt = (await getAccount(server.deps, me.openId))!.tiktok!
      .grantedAt!;
    assert.ok(grantedAt > 0, "sign-in records when the grant was made");
    // TikTok retries a delivery for 72 hours: this one is about the grant
    // the creator had six hours before signing in again.
    const stale = tiktokEventBody(
      "authorization.removed",
      me.openId,
      { reason: 1 },
      Math.floor(grantedAt / 1000) - 6 * 3600,
    );
    const res = await postTikTokEvent(server, stale);
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await eventsApplied(server);
    const kept = (await getAccount(server.deps, me.openId))!;
    assert.equal(kept.tiktokReauthRequired, undefined);
    assert.equal(kept.disconnectedAt, undefined);
    const records = await listTyped(server.kv, keys.tiktokEventsPrefix());
    assert.deepEqual(records.map((r) => r.value.outcome), ["superseded"]);
    assert.deepEqual(
      await emitted(server, me.openId, "account.disconnected"),
      [],
    );
    const ok = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    const fresh = tiktokEventBody(
      "authorization.removed",
      me.openId,
      { reason: 1 },
      Math.floor(server.clock.now() / 1000) + 60,
    );
    const again = await postTikTokEvent(server, fresh);
    assert.equal(again.status, 200);
    await again.body?.cancel();
    await eventsApplied(server);
    assert.equal(
      (await getAccount(server.deps, me.openId))!.disconnectReason,
      "authorization_removed",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a removal is about the grant there is unless stamped over a minute before its sign-in, or has no time", () => {
  const grantedAt = Date.parse("2026-12-03T10:00:00Z");
  const grant = { grantedAt } as TikTokGrant;
  const at = (ms: number) => Math.floor(ms / 1000);
  assert.equal(grantPredates(grant, at(grantedAt + 5_000)), true, "after");
  assert.equal(
    grantPredates(grant, at(grantedAt - 30_000)),
    true,
    "TikTok's clock may be behind ours",
  );
  assert.equal(
    grantPredates(grant, at(grantedAt - GRANT_CLOCK_SKEW_MS - 2_000)),
    false,
    "a removal from before the sign-in",
  );
  assert.equal(grantPredates(grant, 0), true, "no create_time");
  assert.equal(
    grantPredates({} as TikTokGrant, at(grantedAt - 3_600_000)),
    true,
    "a grant stored before grantedAt was kept",
  );
  assert.equal(grantPredates(null, at(grantedAt)), true, "no grant");
});

Deno.test("a signed body that is no event is answered 200 and dropped; an oversized body 413", async () => {
  const server = await startTestServer();
  try {
    const res = await postTikTokEvent(server, "not json at all");
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await assertNothingDue(server);
    assert.ok(
      server.logs.some((l) =>
        String(l.message).includes("not an event we can read")
      ),
    );
    const big = tiktokEventBody("post.publish.complete", "sbx-x", {
      publish_id: "x".repeat(MAX_TIKTOK_EVENT_BYTES),
    });
    await assertJsonError(
      await postTikTokEvent(server, big),
      413,
      "payload_too_large",
    );
  } finally {
    await server.close();
  }
});

Deno.test("events of no interest (older Video Kit events, unknown publishes after retries) are applied as nothing", async () => {
  const server = await startTestServer();
  try {
    for (
      const body of [
        tiktokEventBody("video.publish.completed", "sbx-x", { share_id: "s" }),
        tiktokEventBody("post.publish.complete", "sbx-x", {
          publish_id: "v_pub_url~v2.404",
        }),
      ]
    ) {
      const res = await postTikTokEvent(server, body);
      assert.equal(res.status, 200);
      await res.body?.cancel();
    }
    await waitUntil("both events tried once", async () => {
      const records = await listTyped(server.kv, keys.tiktokEventsPrefix());
      return records.length === 2 &&
        records.every((r) => r.value.attempts >= 1);
    });
    // The unknown publish is tried again (its init answer may still be on
    // the way), then dropped.
    server.clock.advance(EVENT_RETRY_FOR_MS + 60_000);
    await processDueTikTokEvents(server.deps);
    await assertNothingDue(server);
    const outcomes = (await listTyped(server.kv, keys.tiktokEventsPrefix()))
      .map((e) => [e.value.event, e.value.state, e.value.outcome]).sort();
    assert.deepEqual(outcomes, [
      ["post.publish.complete", "done", "post_unknown"],
      ["video.publish.completed", "done", "ignored"],
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("an event recorded by a process that died after its 200 is applied by the pm3k-tiktok-events cron, also after a claim it left", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "crash_removed");
    const body = tiktokEventBody("authorization.removed", me.openId, {
      reason: 5,
    });
    // What the route does before answering 200; the process then dies.
    const id = await recordAsTheRouteDoes(server, body);
    // Another process claims it and dies too: nothing happens before its
    // lease ends.
    assert.ok(await claimAsAnotherProcess(server, id));
    assert.equal(await processDueTikTokEvents(server.deps), 0);
    assert.notEqual(
      (await getAccount(server.deps, me.openId))!.tiktokReauthRequired,
      true,
    );
    server.clock.advance(EVENT_LEASE_MS + 1);
    assert.equal(await processDueTikTokEvents(server.deps), 1);
    const account = (await getAccount(server.deps, me.openId))!;
    assert.equal(account.disconnectReason, "authorization_removed");
    const record = (await getTyped(server.kv, keys.tiktokEvent(id))).value!;
    assert.deepEqual(
      [record.state, record.outcome, record.nextAttemptAt],
      ["done", "applied", null],
    );
    await assertNothingDue(server);
  } finally {
    await server.close();
  }
});

Deno.test("a signed body that is no event is answered 200 saying it was ignored, not as a new event", async () => {
  const server = await startTestServer();
  try {
    for (const body of ["not json at all", '{"hello":"world"}']) {
      const res = await postTikTokEvent(server, body);
      assert.equal(res.status, 200, "TikTok expects 200, or it redelivers");
      assert.deepEqual(await res.json(), {
        ok: true,
        ignored: "not_an_event",
      });
    }
    await assertNothingDue(server);
  } finally {
    await server.close();
  }
});

Deno.test("a signed body naming a field twice is no event: which one TikTok meant would be a guess, so nothing is applied", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "twice_named");
    const createTime = Math.floor(server.clock.now() / 1000);
    const bodies = [
      // JSON.parse keeps the last: this one would disconnect the account.
      `{"event":"post.publish.complete","event":"authorization.removed","create_time":${createTime},"user_openid":"${me.openId}","content":"{}"}`,
      // Twice inside content's JSON string.
      tiktokEventBody("post.publish.failed", me.openId, {}).replace(
        '"content":"{}"',
        '"content":"{\\"publish_id\\":\\"a\\",\\"publish_id\\":\\"b\\"}"',
      ),
    ];
    for (const body of bodies) {
      assert.match(body, /publish_id|"event".*"event"/);
      const res = await postTikTokEvent(server, body);
      assert.equal(res.status, 200, "TikTok expects 200, or it redelivers");
      assert.deepEqual(await res.json(), {
        ok: true,
        ignored: "not_an_event",
      }, body);
    }
    await assertNothingDue(server);
    await eventsApplied(server);
    assert.notEqual(
      (await getAccount(server.deps, me.openId))!.tiktokReauthRequired,
      true,
    );
  } finally {
    await server.close();
  }
});

Deno.test("every answer of the callback URL carries the API's security headers", async () => {
  const server = await startTestServer();
  try {
    const answers = [
      await postTikTokEvent(
        server,
        tiktokEventBody("post.publish.complete", "sbx-nobody", {
          publish_id: "v_pub_url~v2.headers",
        }),
      ),
      await postTikTokEvent(server, "{}", { signature: null }),
      await postTikTokEvent(server, "not an event"),
      await fetch(`${server.url}/webhooks/tiktok`),
      await fetch(`${server.url}/webhooks/other`, { method: "POST" }),
    ];
    for (const res of answers) {
      await res.body?.cancel();
      assert.equal(
        res.headers.get("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'",
        String(res.status),
      );
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    }
  } finally {
    await server.close();
  }
});

Deno.test("another method on the callback URL answers 405 JSON with Allow: POST; a path beside it 404 JSON", async () => {
  const server = await startTestServer();
  try {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const res = await fetch(`${server.url}/webhooks/tiktok`, {
        method,
        headers: { Accept: "text/html" },
      });
      const body = await assertJsonError(res, 405, "method_not_allowed");
      assert.equal(res.headers.get("allow"), "POST", method);
      assert.equal(body.allow, "POST");
    }
    const beside = await fetch(`${server.url}/webhooks/tik-tok`, {
      method: "POST",
      headers: { Accept: "text/html" },
      body: "{}",
    });
    await assertJsonError(beside, 404, "not_found");
  } finally {
    await server.close();
  }
});

/** `t.` then `bytes` signed by Web Crypto (not PM3K's signer). */
async function signBytes(bytes: Uint8Array, t: number): Promise<string> {
  const hex = await hmacHex(SANDBOX_CLIENT_SECRET, tiktokSignedBytes(t, bytes));
  return `t=${t},s=${hex}`;
}

Deno.test("the signature is checked over the raw bytes: a body with a BOM or a byte that is not UTF-8, signed as sent, is taken", async () => {
  const server = await startTestServer();
  try {
    const t = Math.floor(server.clock.now() / 1000);
    const post = (bytes: Uint8Array, signature: string) =>
      fetch(`${server.url}/webhooks/tiktok`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "TikTok-Signature": signature,
        },
        body: bytes as Uint8Array<ArrayBuffer>,
      });
    const enc = new TextEncoder();
    // A BOM before the JSON: decoding dropped it, so the text's HMAC was
    // not the one TikTok sent. Signed over the bytes, it is an event.
    const bom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...enc.encode(
        tiktokEventBody("post.publish.complete", "sbx-nobody", {
          publish_id: "v_pub_url~v2.bom",
        }),
      ),
    ]);
    const taken = await post(bom, await signBytes(bom, t));
    assert.equal(taken.status, 200);
    assert.deepEqual(await taken.json(), { ok: true, duplicate: false });
    assert.equal(
      (await listTyped(server.kv, keys.tiktokEventsDuePrefix())).length,
      1,
      "recorded",
    );
    // A 0xFF byte (never UTF-8): signed as sent, it is a signed body that
    // is not an event we can read, answered 200 as any such body.
    const [head, tail] = tiktokEventBody(
      "post.publish.complete",
      "sbx-nobody",
      {
        publish_id: "<id>",
      },
    ).split("<id>");
    const invalid = new Uint8Array([
      ...enc.encode(head),
      0xff,
      ...enc.encode(tail),
    ]);
    const ignored = await post(invalid, await signBytes(invalid, t));
    assert.equal(ignored.status, 200);
    assert.deepEqual(await ignored.json(), {
      ok: true,
      ignored: "not_an_event",
    });
    assert.ok(
      server.logs.some((l) =>
        l.message ===
          "a signed TikTok webhook delivery is not an event we can read" &&
        String(l.body).includes("\ufffd")
      ),
      "logged, the bad byte shown as U+FFFD",
    );
    // Signed over the decoded text instead, the bytes do not match.
    const decoded = new TextDecoder().decode(invalid);
    await assertJsonError(
      await post(invalid, await signBytes(enc.encode(decoded), t)),
      401,
      "unauthorized",
    );
    assert.equal(
      (await listTyped(server.kv, keys.tiktokEventsDuePrefix())).length,
      1,
      "only the BOM event recorded",
    );
  } finally {
    await server.close();
  }
});

/**
 * Records an event of `openId` naming a publish not known yet (tried
 * again later), as the intake does, and applies it with a KV on which
 * `meanwhile` runs right after the event's claim commits, before its
 * outcome is written: another process acting on the event in between.
 */
async function applyWhile(
  server: TestServer,
  openId: string,
  meanwhile: (id: string) => Promise<void>,
): Promise<string> {
  const body = tiktokEventBody("post.publish.complete", openId, {
    publish_id: "v_pub_url~v2.not_yet",
  });
  const id = await recordAsTheRouteDoes(server, body);
  let writes = 0;
  const kv = hookWritesUnder(
    server.kv,
    keys.tiktokEventsPrefix(),
    async (real) => {
      const answer = await real();
      // The first write is the claim: the other process acts after it.
      if (++writes === 1) await meanwhile(id);
      return answer;
    },
  );
  assert.equal(await processTikTokEvent({ ...server.deps, kv }, id), true);
  assert.equal(writes, 2, "the claim, then the outcome's commit");
  return id;
}

Deno.test("an event whose account is deleted while it is applied is not written back: nothing names the account after", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "event_erased_midway");
    await applyWhile(server, me.openId, async () => {
      assert.equal((await eraseAccount(server.deps, me.openId)).found, true);
      assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    });
    assert.deepEqual(
      await entriesNaming(server, [me.openId]),
      [],
      "the outcome's commit wrote nothing back",
    );
    assert.deepEqual(
      await listTyped(server.kv, keys.tiktokEventsPrefix()),
      [],
    );
    await assertNothingDue(server);
  } finally {
    await server.close();
  }
});

Deno.test("an event taken over by another process after its lease lapsed keeps that process's claim: the late outcome is not written over it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "event_taken_over");
    let takeover = 0;
    const id = await applyWhile(server, me.openId, async (id) => {
      // The first process is slow; past its lease a second one claims the
      // event and is still applying it.
      server.clock.advance(EVENT_LEASE_MS + 1);
      const claim = await claimAsAnotherProcess(server, id);
      assert.ok(claim, "the second process claims the lapsed event");
      takeover = claim.leaseAt;
    });
    const record = (await getTyped(server.kv, keys.tiktokEvent(id))).value!;
    assert.deepEqual(
      [record.state, record.attempts, record.nextAttemptAt],
      ["pending", 0, takeover],
      "the second process's claim stands",
    );
    assert.deepEqual(
      (await listTyped(server.kv, keys.tiktokEventsDuePrefix())).map((e) =>
        e.key
      ),
      [keys.tiktokEventDue(takeover, id)],
    );
  } finally {
    await server.close();
  }
});
