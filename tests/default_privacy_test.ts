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
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { CREATOR_INFO_TTL_MS } from "../lib/posting/creator_info_cache.ts";

const HOUR = 3600_000;
const iso = (t: number) => new Date(t).toISOString();
/** What a refusal of a privacy the post never sent adds. */
const NAMES_THE_DEFAULT =
  /This post names no privacy: (\w+) is the account's default \(the dashboard's Settings, "Privacy of posts from automations"\); send "privacy", or change the default\.$/;

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

/** A test server whose TikTok app has not passed TikTok's audit. */
function startUnaudited(): Promise<TestServer> {
  return startTestServer({ env: { TIKTOK_APP_AUDITED: "false" } });
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
    assert.equal(
      saved.location,
      "/dashboard/settings?saved=default_privacy#default-privacy-saved",
    );
    assert.equal(await defaultOf(me), "SELF_ONLY");

    const page = await (await visit(
      jar,
      `${server.url}/dashboard/settings?saved=default_privacy`,
    )).text();
    assert.match(
      page,
      /role="status" data-reannounce[^>]*data-testid="default-privacy-saved"[^>]*>[^<]*Saved/,
    );
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
    assert.match(unknownField.text, /does not know privacy_level/);
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

Deno.test("default privacy: an unaudited app offers only Only me and says plainly, not as an error, that posts naming no privacy are refused until it is saved", async () => {
  const server = await startUnaudited();
  try {
    const me = await posterFor(server, "dp_unaudited");
    await me.sandbox({ private_account: true });
    const { jar } = await signIn(server, "dp_unaudited");
    const settings = await (await visit(
      jar,
      `${server.url}/dashboard/settings`,
    )).text();
    // Only "Only me" is offered, and the page says plainly, with no red
    // error, that a post naming no privacy is refused until it is saved.
    assert.deepEqual(
      [...settings.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]),
      ["SELF_ONLY"],
    );
    assert.doesNotMatch(settings, /data-testid="default-privacy-refused"/);
    assert.match(
      settings,
      /data-testid="default-privacy-now">Everyone<\/strong>\./,
    );
    assert.match(
      settings,
      /class="notice"[^>]*data-testid="default-privacy-until-audit"[^>]*>Until this app passes TikTok's audit, a post from an automation is refused unless it names <code>&quot;privacy&quot;: &quot;SELF_ONLY&quot;<\/code> or this default is Only me\./,
    );

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
    assert.doesNotMatch(after, /data-testid="default-privacy-until-audit"/);
    assert.match(
      after,
      /data-testid="default-privacy-now">Only me<\/strong>\./,
    );
  } finally {
    await server.close();
  }
});

Deno.test("default privacy: a refusal of the default says the post named none and where the default is set; one of a privacy sent does not", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "dp_refused_default");
    // A private TikTok account offers no PUBLIC_TO_EVERYONE: the initial
    // default is refused.
    await me.sandbox({ private_account: true });
    const video = await me.uploadVideo();
    const none = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "names none",
      }),
      400,
      "bad_request",
    );
    assert.match(String(none.message), /^privacy PUBLIC_TO_EVERYONE is not/);
    assert.equal(
      NAMES_THE_DEFAULT.exec(String(none.message))?.[1],
      "PUBLIC_TO_EVERYONE",
    );
    assert.ok(Array.isArray(none.allowed_privacy));
    const sent = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "names it",
        privacy: "PUBLIC_TO_EVERYONE",
      }),
      400,
      "bad_request",
    );
    assert.equal(
      sent.message,
      "privacy PUBLIC_TO_EVERYONE is not allowed for this TikTok account; allowed: FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY.",
    );

    // Branded content is never SELF_ONLY, whether sent or the default.
    const { jar } = await signIn(server, "dp_refused_default");
    await saveDefault(server, jar, me.openId, { privacy: "SELF_ONLY" });
    const branded = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "branded, names none",
        is_ad: true,
        ad_branded_content: true,
      }),
      400,
      "bad_request",
    );
    assert.equal(
      NAMES_THE_DEFAULT.exec(String(branded.message))?.[1],
      "SELF_ONLY",
    );
  } finally {
    await server.close();
  }
});

Deno.test("default privacy: with an unaudited app, the refusal of a default other than Only me says it is the default", async () => {
  const server = await startUnaudited();
  try {
    const me = await posterFor(server, "dp_unaudited_note");
    const video = await me.uploadVideo();
    const none = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "names none",
      }),
      400,
      "privacy_unaudited_app",
    );
    assert.equal(
      NAMES_THE_DEFAULT.exec(String(none.message))?.[1],
      "PUBLIC_TO_EVERYONE",
    );
    const sent = await assertJsonError(
      await me.call("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "names it",
        privacy: "PUBLIC_TO_EVERYONE",
      }),
      400,
      "privacy_unaudited_app",
    );
    assert.doesNotMatch(String(sent.message), /names no privacy/);
  } finally {
    await server.close();
  }
});

Deno.test("default privacy: a scheduled post that names none takes the account's default when it runs, not when it was made", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "dp_jobs");
    const { jar } = await signIn(server, "dp_jobs");
    const schedule = async (runAt: number, title: string) =>
      await assertJsonOk(
        await me.call("POST", "/api/jobs", {
          kind: "tiktok",
          run_at: iso(runAt),
          source_url: await me.uploadVideo(),
          title,
        }),
      );
    const first = server.clock.now() + 2 * HOUR;
    const kept = await schedule(first, "made while public");
    const refused = await schedule(first + 2 * HOUR, "made while public too");

    // Changed after both were made: the first runs with the new default.
    await saveDefault(server, jar, me.openId, { privacy: "SELF_ONLY" });
    server.clock.set(first);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
    const ran = await assertJsonOk(
      await me.call("GET", `/api/jobs/${kept.job_id}`),
    );
    assert.equal(
      (await publishAtTikTok(server, ran.publish_id)).privacyLevel,
      "SELF_ONLY",
    );

    // A default the creator does not offer fails such a job at its run,
    // saying the privacy is the account's default.
    await saveDefault(server, jar, me.openId, {
      privacy: "FOLLOWER_OF_CREATOR",
    });
    server.clock.set(first + 2 * HOUR);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 0,
      failed: 1,
    });
    const failed = await assertJsonOk(
      await me.call("GET", `/api/jobs/${refused.job_id}`),
    );
    const error = failed.error as { code: string; message: string };
    assert.equal(error.code, "bad_request");
    assert.equal(
      NAMES_THE_DEFAULT.exec(error.message)?.[1],
      "FOLLOWER_OF_CREATOR",
    );
  } finally {
    await server.close();
  }
});

/** The values of the settings page's default privacy options. */
function offeredLevels(page: string): string[] {
  const select = page.match(
    /<select id="default-privacy-select"[\s\S]*?<\/select>/,
  );
  assert.ok(select, "the default privacy select");
  return [...select[0].matchAll(/<option value="(\w+)"/g)].map((m) => m[1]);
}

Deno.test("default privacy: an audited app offers the creator's own privacy options, and says when the default is not among them", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "dp_options");
    const { jar } = await signIn(server, "dp_options");
    const settingsPage = async () =>
      await (await visit(jar, `${server.url}/dashboard/settings`)).text();
    // A public account offers no FOLLOWER_OF_CREATOR (the simulator's
    // creator_info, as TikTok's).
    const open = await settingsPage();
    assert.deepEqual(offeredLevels(open), [
      "PUBLIC_TO_EVERYONE",
      "MUTUAL_FOLLOW_FRIENDS",
      "SELF_ONLY",
    ]);
    assert.doesNotMatch(open, /data-testid="default-privacy-refused"/);
    assert.doesNotMatch(open, /data-testid="default-privacy-until-audit"/);

    // A private one offers no PUBLIC_TO_EVERYONE: the default saved is
    // said not to be offered, and what the creator has is.
    await me.sandbox({ private_account: true });
    server.clock.advance(CREATOR_INFO_TTL_MS + 1);
    const closed = await settingsPage();
    assert.deepEqual(offeredLevels(closed), [
      "MUTUAL_FOLLOW_FRIENDS",
      "FOLLOWER_OF_CREATOR",
      "SELF_ONLY",
    ]);
    assert.match(
      closed,
      /data-testid="default-privacy-now">Everyone<\/strong>, which your TikTok account does not offer\./,
    );
    assert.match(closed, /data-testid="default-privacy-refused"/);
  } finally {
    await server.close();
  }
});
