/**
 * The account's default privacy (docs/posting.md#fields): saved from the
 * dashboard's settings form, shown by GET /api/me, and used by a post made
 * through the API that names no privacy, against the TikTok simulator. The
 * form refuses what it does not know, and an unaudited app takes only
 * SELF_ONLY.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor, publishAtTikTok } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { postForm, signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import type { CookieJar } from "./_helpers/cookie_jar.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";

/** The settings form, posted as the page of `openId` would post it. */
async function saveDefault(
  server: TestServer,
  jar: CookieJar,
  openId: string,
  fields: Record<string, string>,
): Promise<{ status: number; location: string | null; text: string }> {
  const res = await postForm(server, jar, "/dashboard/default_privacy", {
    account: openId,
    ...fields,
  });
  return {
    status: res.status,
    location: res.headers.get("location"),
    text: await res.text(),
  };
}

async function defaultOf(me: Poster): Promise<unknown> {
  return (await assertJsonOk(await me.call("GET", "/api/me"))).default_privacy;
}

/** A post through the API that names no privacy: what TikTok was sent. */
async function postedPrivacy(
  server: TestServer,
  me: Poster,
  title: string,
): Promise<string> {
  const body = await assertJsonOk(
    await me.call("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title,
    }),
  );
  return (await publishAtTikTok(server, body.publish_id)).privacyLevel;
}

Deno.test("default privacy: saved in settings, shown by /api/me, and sent to TikTok for a post that names none", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "dp_owner");
    assert.equal(await defaultOf(me), "PUBLIC_TO_EVERYONE");
    assert.equal(
      await postedPrivacy(server, me, "before"),
      "PUBLIC_TO_EVERYONE",
    );

    const { jar } = await signIn(server, "dp_owner");
    const saved = await saveDefault(server, jar, me.openId, {
      privacy: "SELF_ONLY",
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, "/dashboard/settings?saved=default_privacy");
    assert.equal(await defaultOf(me), "SELF_ONLY");

    const page = await (await visit(
      jar,
      `${server.url}/dashboard/settings?saved=default_privacy`,
    )).text();
    assert.match(page, /data-testid="default-privacy-saved"[^>]*>[^<]*Saved/);
    assert.match(page, /<option value="SELF_ONLY" selected[^>]*>Only me/);

    // An hour on, as the posting limits want.
    server.clock.set(server.clock.now() + 61 * 60_000);
    assert.equal(await postedPrivacy(server, me, "after"), "SELF_ONLY");
    // A post that names its privacy keeps it.
    server.clock.set(server.clock.now() + 61 * 60_000);
    const named = await assertJsonOk(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "named",
        privacy: "MUTUAL_FOLLOW_FRIENDS",
      }),
    );
    assert.equal(
      (await publishAtTikTok(server, named.publish_id)).privacyLevel,
      "MUTUAL_FOLLOW_FRIENDS",
    );
  } finally {
    await server.close();
  }
});

Deno.test("default privacy: the form refuses an unknown level, an unknown field, another account's page and a cross-site post, and changes nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "dp_refusals");
    const { jar } = await signIn(server, "dp_refusals");
    const unknownLevel = await saveDefault(server, jar, me.openId, {
      privacy: "EVERYONE",
    });
    assert.equal(unknownLevel.status, 400);
    assert.match(unknownLevel.text, /Everyone, Friends, Followers or Only me/);
    const unknownField = await saveDefault(server, jar, me.openId, {
      privacy: "SELF_ONLY",
      privacy_level: "SELF_ONLY",
    });
    assert.equal(unknownField.status, 400);
    const stale = await saveDefault(server, jar, "someone-else", {
      privacy: "SELF_ONLY",
    });
    assert.equal(stale.status, 409);
    const crossSite = await postForm(
      server,
      jar,
      "/dashboard/default_privacy",
      { account: me.openId, privacy: "SELF_ONLY" },
      "https://evil.example",
    );
    await crossSite.body?.cancel();
    assert.equal(crossSite.status, 403);
    assert.equal(await defaultOf(me), "PUBLIC_TO_EVERYONE");
  } finally {
    await server.close();
  }
});

Deno.test("default privacy: an unaudited app takes only Only me, which then lets a post that names no privacy through", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, "dp_unaudited");
    await me.sandbox({ private_account: true });
    const { jar } = await signIn(server, "dp_unaudited");
    const settings = await (await visit(
      jar,
      `${server.url}/dashboard/settings`,
    )).text();
    // Only "Only me" is offered, and the page says a post naming no
    // privacy is refused until it is saved.
    assert.deepEqual(
      [...settings.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]),
      ["SELF_ONLY"],
    );
    assert.match(settings, /data-testid="default-privacy-refused"/);

    const refused = await saveDefault(server, jar, me.openId, {
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /audit/);
    assert.equal(await defaultOf(me), "PUBLIC_TO_EVERYONE");
    const before = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "no privacy named",
    });
    assert.equal(before.body.error, "privacy_unaudited_app");

    const saved = await saveDefault(server, jar, me.openId, {
      privacy: "SELF_ONLY",
    });
    assert.equal(saved.status, 303);
    assert.equal(
      await postedPrivacy(server, me, "no privacy named"),
      "SELF_ONLY",
    );
    const after = await (await visit(
      jar,
      `${server.url}/dashboard/settings`,
    )).text();
    assert.doesNotMatch(after, /data-testid="default-privacy-refused"/);
  } finally {
    await server.close();
  }
});
