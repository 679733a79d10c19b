/**
 * API keys: issue, regenerate (old key revoked at once), revoke, expiry by
 * plan on an injectable clock, hash-only storage, plan required first.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  issueKeyFromDashboard,
  signIn,
  visit,
} from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { PLANS } from "../lib/plans.ts";

const DAY = 24 * 3600_000;

function me(url: string, key: string) {
  return fetch(`${url}/api/me`, {
    headers: { Authorization: `Bearer ${key}` },
  });
}

Deno.test("a key answers /api/me with the account, its expiry by plan and the TikTok permissions granted", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "key_owner", "annual");
    const issued = await issueKeyFromDashboard(server, jar);
    assert.equal(issued.status, 200);
    const key = String(issued.body.api_key);
    assert.match(key, /^pm3k_[A-Za-z0-9_-]{43}$/);
    const body = await assertJsonOk(await me(server.url, key));
    assert.deepEqual(Object.keys(body).sort(), [
      "default_privacy",
      "display_name",
      "key_expires_at",
      "ok",
      "open_id",
      "plan",
      "tiktok_scopes",
    ]);
    assert.equal(body.open_id, openId);
    assert.equal(body.display_name, "Key Owner");
    assert.equal(body.plan, "annual");
    assert.equal(body.default_privacy, "PUBLIC_TO_EVERYONE");
    // Everything the sandbox's consent screen granted, as TikTok said it.
    assert.deepEqual(body.tiktok_scopes, [
      "user.info.basic",
      "video.publish",
      "video.upload",
      "video.list",
    ]);
    assert.equal(
      Date.parse(String(body.key_expires_at)),
      server.clock.now() + PLANS.annual.apiKeyLifetimeDays * DAY,
    );
    assert.equal(body.key_expires_at, issued.body.expires_at);
  } finally {
    await server.close();
  }
});

Deno.test("regenerating a key revokes the old one at once", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "regen_user", "free");
    const first = String(
      (await issueKeyFromDashboard(server, jar)).body.api_key,
    );
    const second = String(
      (await issueKeyFromDashboard(server, jar)).body.api_key,
    );
    assert.notEqual(first, second);
    await assertJsonError(await me(server.url, first), 401, "unauthorized");
    await assertJsonOk(await me(server.url, second));
  } finally {
    await server.close();
  }
});

Deno.test("revoking a key from the dashboard makes it unknown", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "revoke_user", "free");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const res = await visit(jar, `${server.url}/dashboard/api_key`, {
      method: "DELETE",
      headers: { Accept: "application/json", Origin: server.url },
    });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await assertJsonError(await me(server.url, key), 401, "unauthorized");
  } finally {
    await server.close();
  }
});

Deno.test("a key past its plan lifetime answers 401 key_expired", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "expiry_user", "free");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    server.clock.advance(PLANS.free.apiKeyLifetimeDays * DAY - 1000);
    await assertJsonOk(await me(server.url, key));
    server.clock.advance(1000);
    const body = await assertJsonError(
      await me(server.url, key),
      401,
      "key_expired",
    );
    assert.equal(typeof body.expired_at, "string");
  } finally {
    await server.close();
  }
});

Deno.test("KV keeps only the SHA-256 of a key, never the key", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "hash_user", "monthly");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    let hashFound = false;
    const digest = Array.from(
      new Uint8Array(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)),
      ),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    for await (const entry of server.kv.list({ prefix: [] })) {
      const dump = JSON.stringify(
        entry,
        (_k, v) => typeof v === "bigint" ? String(v) : v,
      );
      assert.ok(!dump.includes(key), `plain key stored under ${entry.key}`);
      if (dump.includes(digest)) hashFound = true;
    }
    assert.ok(hashFound, "the hash is stored");
  } finally {
    await server.close();
  }
});

Deno.test("a key cannot be issued before a plan is chosen", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "no_plan_user");
    const issued = await issueKeyFromDashboard(server, jar);
    assert.equal(issued.status, 409);
    assert.equal(issued.body.error, "plan_required");
  } finally {
    await server.close();
  }
});

Deno.test("the dashboard key endpoint needs a session", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/dashboard/api_key`, {
      method: "POST",
      headers: { Accept: "application/json", Origin: server.url },
    });
    await assertJsonError(res, 401, "unauthorized");
  } finally {
    await server.close();
  }
});

Deno.test("a missing key and a malformed Authorization header are told apart, each 401 unauthorized", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "header_mistakes", "free");
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const meWith = (authorization?: string) =>
      fetch(`${server.url}/api/me`, {
        headers: authorization === undefined ? {} : { authorization },
      });
    const missing = await assertJsonError(await meWith(), 401, "unauthorized");
    assert.match(String(missing.message), /^Missing API key/);
    for (
      const header of [key, `Bearer: ${key}`, `Bearer ${key}, Bearer ${key}`]
    ) {
      const body = await assertJsonError(
        await meWith(header),
        401,
        "unauthorized",
      );
      assert.match(
        String(body.message),
        /^Malformed Authorization header: send "Authorization: Bearer <your key>"/,
        header,
      );
    }
    await assertJsonOk(await meWith(`bearer ${key}`));
    // The README's placeholder, or a key cut short: what a key looks like.
    for (const wrong of ["pm3k_...", key.slice(0, -1)]) {
      const body = await assertJsonError(
        await meWith(`Bearer ${wrong}`),
        401,
        "unauthorized",
      );
      assert.match(
        String(body.message),
        /^Malformed API key: an API key is pm3k_ followed by 43 letters, digits, - or _, as the dashboard's API key card shows it once/,
        wrong,
      );
    }
    const unknown = await assertJsonError(
      await meWith(`Bearer pm3k_${"A".repeat(43)}`),
      401,
      "unauthorized",
    );
    assert.match(
      String(unknown.message),
      /^Unknown or revoked API key: issuing a new key in the dashboard revokes the previous one/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("/api/me names only the TikTok permissions the creator granted: one withheld at sign-in is missing", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "no_drafts", "monthly", [
      "video.upload",
    ]);
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const body = await assertJsonOk(await me(server.url, key));
    assert.deepEqual(body.tiktok_scopes, [
      "user.info.basic",
      "video.publish",
      "video.list",
    ]);
  } finally {
    await server.close();
  }
});
