/**
 * The Privacy Policy and Terms of Service pages TikTok's app review asks
 * for (docs/accounts.md#privacy-policy-and-terms): their figures come from
 * the code and settings, every page's footer links them, and an operator's
 * own pages replace them.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { postForm, signIn } from "./_helpers/sandbox_sign_in.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { SIGN_IN_ATTEMPT_TTL_MS } from "../lib/auth/sign_in.ts";
import { NOTICE_KEPT_MS } from "../lib/site/notice_kept.ts";
import { PLAN_IDS, PLANS, POSTING_LIMITS } from "../lib/plans.ts";
import { DELIVERY_LOG_SIZE } from "../lib/webhooks/webhooks.ts";
import { spokenDuration } from "../lib/site/spoken_duration.ts";
import { loadConfig } from "../lib/config.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { EVENT_KEPT_MS } from "../lib/tiktok_webhooks/tiktok_event_intake.ts";
import { directPost, posterFor } from "./_helpers/posting_setup.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { decryptText } from "../lib/crypto/token_cipher.ts";
import { TIKTOK_SCOPES } from "../lib/tiktok/tiktok_scopes.ts";
import { eventsApplied, revokeAtTikTok } from "./_helpers/tiktok_events.ts";

/** The page's text, tags dropped and white space folded. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

async function page(
  server: TestServer,
  path: string,
  cookie?: string,
): Promise<{ res: Response; html: string }> {
  const res = await fetch(`${server.url}${path}`, {
    redirect: "manual",
    headers: cookie ? { Cookie: cookie } : {},
  });
  return { res, html: await res.text() };
}

/** The footer's links, in order. */
function footerLinks(html: string): string[] {
  const footer = html.match(/<footer[^>]*>(.*?)<\/footer>/s);
  assert.ok(footer, "the page has the site footer");
  return [...footer[1].matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((
    m,
  ) => `${m[2]} ${m[1]}`);
}

Deno.test("the privacy policy lists what is kept for as long as the code and settings keep it", async () => {
  const server = await startTestServer({ env: { SESSION_TTL_HOURS: "48" } });
  try {
    const { res, html } = await page(server, "/privacy");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(html, /<title>Privacy Policy – PM3K<\/title>/);
    assert.doesNotMatch(html, /<script/, "a page without islands ships none");
    const text = textOf(html);
    // SESSION_TTL_HOURS=48, not the 14-day default.
    assert.match(text, /48 hours, or until you sign out/);
    for (const id of PLAN_IDS) {
      const kept = spokenDuration(PLANS[id].storageTtlHours * 3600_000);
      assert.ok(
        text.includes(`${kept} (${PLANS[id].name})`),
        `the ${id} plan's file time is named: ${kept}`,
      );
    }
    assert.match(text, /30 days after the post is made/);
    assert.match(text, /counted to limit sign-in attempts 2 minutes/);
    assert.match(text, /Fingerprints \(hashes\)[^]*? 12 months/);
    assert.match(text, new RegExp(`the last ${DELIVERY_LOG_SIZE} deliveries`));
    // How to have it all deleted, without writing to anyone.
    assert.match(
      text,
      /Delete your account from PM3K on the dashboard's Settings page/,
    );
    // The embedded default keeps files on its own disk.
    assert.match(text, /kept on this server's own disk/);
    // Without OPERATOR_NAME or CONTACT_EMAIL it says so rather than invent one.
    assert.match(text, /is run by the operator of this server\./);
    assert.doesNotMatch(html, /mailto:/);
  } finally {
    await server.close();
  }
});

Deno.test("both policy pages name the operator and link the contact address from the settings", async () => {
  const server = await startTestServer({
    env: {
      OPERATOR_NAME: "Maya Studio Ltd",
      CONTACT_EMAIL: "privacy@maya.example",
    },
  });
  try {
    for (const path of ["/privacy", "/terms"]) {
      const { res, html } = await page(server, path);
      assert.equal(res.status, 200, path);
      assert.match(textOf(html), /run by Maya Studio Ltd\./, path);
      assert.match(
        html,
        /<a href="mailto:privacy@maya.example" data-testid="policy-contact">privacy@maya.example<\/a>/,
        path,
      );
    }
    const terms = textOf((await page(server, "/terms")).html);
    assert.match(
      terms,
      new RegExp(
        `at most ${POSTING_LIMITS.postsPerDay} posts a day and ${POSTING_LIMITS.postsPerHour} an hour`,
      ),
    );
    assert.match(terms, /Music Usage Confirmation/);
  } finally {
    await server.close();
  }
});

Deno.test("the home page and the Terms refuse the same video link or upload for 12 months, not the same video: a re-upload is a new link", async () => {
  const server = await startTestServer();
  try {
    // The fingerprint is the link, size and ETag (docs/posting.md#duplicates).
    for (const path of ["/", "/terms"]) {
      const text = textOf((await page(server, path)).html);
      assert.match(
        text,
        /the same video link or upload posted at most once and no caption used twice on an account within 12 months \(uploading a file again makes a new link\)/,
        path,
      );
      assert.doesNotMatch(text, /no video or caption used twice/, path);
    }
  } finally {
    await server.close();
  }
});

Deno.test("the start page names the operator and links the contact address, as the policy pages do", async () => {
  const server = await startTestServer({
    env: {
      OPERATOR_NAME: "Maya Studio Ltd",
      CONTACT_EMAIL: "privacy@maya.example",
    },
  });
  try {
    const { res, html } = await page(server, "/");
    assert.equal(res.status, 200);
    assert.match(
      textOf(html),
      new RegExp(`PM3K at ${server.url} is run by Maya Studio Ltd\\.`),
    );
    assert.match(
      html,
      /<a href="mailto:privacy@maya.example" data-testid="policy-contact">privacy@maya.example<\/a>/,
    );
  } finally {
    await server.close();
  }
  // Unset, it says who runs it without inventing a name or an address,
  // and names the service and the operator once each.
  const bare = await startTestServer();
  try {
    const { html } = await page(bare, "/");
    const said = textOf(
      html.match(/<p data-testid="home-operator">[^]*?<\/p>/)?.[0] ?? "",
    ).trim();
    assert.equal(
      said,
      `PM3K at ${bare.url} is run by the operator of this server. Write to them through the address where you found this service.`,
    );
    assert.doesNotMatch(html, /mailto:/);
  } finally {
    await bare.close();
  }
  // A name without an address: named once, not again as the contact.
  const named = await startTestServer({
    env: { OPERATOR_NAME: "Maya Studio Ltd" },
  });
  try {
    const { html } = await page(named, "/");
    assert.match(
      textOf(html),
      /is run by Maya Studio Ltd\. Write to them through the address where you found this service\./,
    );
  } finally {
    await named.close();
  }
});

Deno.test("in the sandbox, the start page tells whoever runs the server how to name themselves there; with both set, or in production, it does not", async () => {
  const hint =
    /You run this server\? Set OPERATOR_NAME and CONTACT_EMAIL[^.]*\(docs\/configuration\.md\)\./;
  const bare = await startTestServer();
  try {
    const { html } = await page(bare, "/");
    assert.match(textOf(html), hint);
    assert.match(html, /data-testid="home-operator-hint"/);
  } finally {
    await bare.close();
  }
  // One missing is still missing: the hint names both, as the log does.
  const half = await startTestServer({ env: { OPERATOR_NAME: "Maya Studio" } });
  try {
    assert.match(textOf((await page(half, "/")).html), hint);
  } finally {
    await half.close();
  }
  const named = await startTestServer({
    env: { OPERATOR_NAME: "Maya Studio", CONTACT_EMAIL: "hi@maya.example" },
  });
  try {
    const { html } = await page(named, "/");
    assert.doesNotMatch(textOf(html), /You run this server/);
  } finally {
    await named.close();
  }
  // Production visitors are the public: the start log warns the operator.
  const prod = await startTestServer({
    env: {
      TIKTOK_CLIENT_KEY: "prod_client",
      TIKTOK_CLIENT_SECRET: "prod_secret",
      SECRET_KEY: "0123456789abcdef0123456789abcdef",
    },
  });
  try {
    const { res, html } = await page(prod, "/");
    assert.equal(res.status, 200);
    assert.doesNotMatch(textOf(html), /You run this server/);
    assert.doesNotMatch(html, /Sandbox:/, "the server runs in production");
  } finally {
    await prod.close();
  }
});

Deno.test("the terms end an account only in the ways PM3K has: deletion from Settings or by the operator", async () => {
  const server = await startTestServer();
  try {
    const terms = textOf((await page(server, "/terms")).html);
    assert.match(
      terms,
      /delete your account on the dashboard's Settings page, which deletes what PM3K keeps for it and revokes PM3K's access in TikTok/,
    );
    // The operator's one tool is `deno task admin delete-account`: PM3K
    // has no suspension, so the terms promise none.
    assert.match(terms, /The operator may delete an account used against/);
    assert.doesNotMatch(terms, /suspend/i);
  } finally {
    await server.close();
  }
});

Deno.test("the start page says what each permission sign-in asks TikTok for is for", async () => {
  const server = await startTestServer();
  try {
    const text = textOf((await page(server, "/")).html);
    const said: Record<string, RegExp> = {
      "user.info.basic": /read your basic profile \(your name and avatar\)/,
      "video.publish": /to post videos and photos for you/,
      "video.upload": /to send them to your TikTok drafts/,
      "video.list": /to read the views and likes of your public videos/,
    };
    for (const scope of TIKTOK_SCOPES) assert.match(text, said[scope], scope);
    // Personal OneDrive links (1drv.ms) have no download form PM3K knows
    // (docs/media.md#share-links): only work or school ones work.
    assert.match(text, /OneDrive for work or school share link works/);
  } finally {
    await server.close();
  }
  // Post stats off: sign-in asks for no video.list, and the page says none.
  const off = await startTestServer({ env: { TIKTOK_POST_STATS: "off" } });
  try {
    const text = textOf((await page(off, "/")).html);
    assert.match(text, /to send them to your TikTok drafts; you may withhold/);
    assert.doesNotMatch(text, /views and likes/);
  } finally {
    await off.close();
  }
});

Deno.test("the privacy policy names views and likes, and asks for them, only when sign-in asks TikTok for video.list", async () => {
  // The sandbox asks for video.list (post stats on): the page says so.
  const on = await startTestServer();
  try {
    const text = textOf((await page(on, "/privacy")).html);
    assert.match(
      text,
      /views, likes, comments and shares, from TikTok's video\.list/,
    );
    assert.match(
      text,
      /upload videos and photos; and, to show them to you, for the views and likes of your public videos\./,
    );
  } finally {
    await on.close();
  }
  // Post stats off (the default with the real TikTok, as while reviewed):
  // no video.list is asked for, so none of it is kept or asked for.
  const off = await startTestServer({ env: { TIKTOK_POST_STATS: "off" } });
  try {
    const text = textOf((await page(off, "/privacy")).html);
    assert.doesNotMatch(text, /video\.list|views|likes/);
    assert.match(text, /to publish and upload videos and photos\. /);
  } finally {
    await off.close();
  }
});

Deno.test("every page's footer links the privacy policy and the terms, signed in or not", async () => {
  const server = await startTestServer();
  try {
    const expected = [
      "Privacy Policy /privacy",
      "Terms of Service /terms",
      "API docs /docs",
    ];
    for (const path of ["/", "/docs/guide", "/privacy", "/terms"]) {
      assert.deepEqual(footerLinks((await page(server, path)).html), expected);
    }
    const { jar } = await signIn(server, "footer_reader", "free");
    for (const path of ["/dashboard", "/dashboard/settings"]) {
      const { res, html } = await page(server, path, jar.header());
      assert.equal(res.status, 200, path);
      assert.deepEqual(footerLinks(html), expected, path);
    }
    // An unknown page's 404 keeps the shell, and the links.
    const missing = await page(server, "/no-such-page");
    assert.equal(missing.res.status, 404);
    assert.deepEqual(footerLinks(missing.html), expected);
  } finally {
    await server.close();
  }
});

Deno.test("with PRIVACY_POLICY_URL and TERMS_URL the footer links the operator's pages and /privacy and /terms send visitors there", async () => {
  const privacy = "https://maya.example/legal/privacy";
  const terms = "https://maya.example/legal/terms";
  const server = await startTestServer({
    env: { PRIVACY_POLICY_URL: privacy, TERMS_URL: terms },
  });
  try {
    assert.deepEqual(footerLinks((await page(server, "/")).html), [
      `Privacy Policy ${privacy}`,
      `Terms of Service ${terms}`,
      "API docs /docs",
    ]);
    for (const [path, to] of [["/privacy", privacy], ["/terms", terms]]) {
      const { res } = await page(server, path);
      assert.equal(res.status, 302, path);
      assert.equal(res.headers.get("location"), to, path);
    }
  } finally {
    await server.close();
  }
});

Deno.test("a contact address or policy URL that is not one is refused at start, naming the variable", () => {
  assert.throws(
    () => loadConfig({ CONTACT_EMAIL: "privacy at maya" }),
    {
      name: "ConfigError",
      message:
        "Invalid configuration: CONTACT_EMAIL is invalid: must be one email address, such as privacy@example.com",
    },
  );
  assert.throws(
    () => loadConfig({ TERMS_URL: "maya.example/terms" }),
    {
      name: "ConfigError",
      message: /^Invalid configuration: TERMS_URL is invalid: must be a full/,
    },
  );
});

Deno.test("the privacy policy says an expired API key's hash is kept until the key is regenerated, as the server keeps it to answer key_expired", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "policy_key_expiry", "free");
    const account = (await getTyped(server.kv, keys.account(me.openId))).value!;
    server.clock.set(account.apiKeyExpiresAt! + 3600_000);
    const expired = await me.call("GET", "/api/me");
    assert.equal(expired.status, 401);
    assert.equal((await expired.json()).error, "key_expired");
    // Its hash is still kept, past the key's expiry.
    const hash = (await getTyped(server.kv, keys.account(me.openId))).value!
      .apiKeyHash!;
    assert.ok((await getTyped(server.kv, keys.apiKeyByHash(hash))).value);

    const text = textOf((await page(server, "/privacy")).html);
    assert.doesNotMatch(text, /until it is regenerated or expires/);
    assert.match(
      text,
      /only a hash of it[^]*? until it is regenerated or revoked, or the account is deleted/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the privacy policy lists TikTok's events about an account for as long as they are kept", async () => {
  const server = await startTestServer();
  try {
    const text = textOf((await page(server, "/privacy")).html);
    assert.match(
      text,
      new RegExp(
        `Events TikTok sends[^]*? ${spokenDuration(EVENT_KEPT_MS)}`,
      ),
    );
    // A file's name and where it was fetched from are kept with it.
    assert.match(text, /its name, the address it was fetched from/);
  } finally {
    await server.close();
  }
});

Deno.test("the privacy policy names every cookie the dashboard sets: the sign-in state and the notices holding an account's name", async () => {
  const server = await startTestServer();
  try {
    // A sign-in sets its state cookie; a deletion a notice with the name.
    const login = await fetch(`${server.url}/auth/login`, {
      redirect: "manual",
    });
    await login.body?.cancel();
    const state = login.headers.getSetCookie().find((c) =>
      c.startsWith("pm3k_oauth_state=")
    );
    assert.ok(state, login.headers.getSetCookie().join("\n"));
    assert.match(state, new RegExp(`Max-Age=${SIGN_IN_ATTEMPT_TTL_MS / 1000}`));
    const me = await apiClientFor(server, "policy_cookies", "free");
    const deleted = await postForm(
      server,
      me.jar,
      "/dashboard/delete_account",
      { [PAGE_ACCOUNT_FIELD]: me.openId },
    );
    await deleted.body?.cancel();
    const notice = deleted.headers.getSetCookie().find((c) =>
      c.startsWith("pm3k_deleted=")
    );
    assert.ok(notice, deleted.headers.getSetCookie().join("\n"));
    assert.match(notice, new RegExp(`Max-Age=${NOTICE_KEPT_MS / 1000}`));

    const text = textOf((await page(server, "/privacy")).html);
    assert.match(
      text,
      new RegExp(
        `the sign-in's random state, for ${
          spokenDuration(SIGN_IN_ATTEMPT_TTL_MS)
        }`,
      ),
    );
    assert.match(
      text,
      new RegExp(
        `the name of an account just signed out or deleted, for ${
          spokenDuration(NOTICE_KEPT_MS)
        }`,
      ),
    );
  } finally {
    await server.close();
  }
});

Deno.test("the privacy policy names the TikTok handle kept on the account, from TikTok's creator info", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "policy_handle", "monthly");
    const info = await me.call("GET", "/api/tiktok/creator_info");
    await info.body?.cancel();
    assert.equal(info.status, 200);
    const account = (await getTyped(server.kv, keys.account(me.openId))).value!;
    assert.ok(account.tiktokUsername, "the handle is kept on the account");

    const text = textOf((await page(server, "/privacy")).html);
    assert.match(
      text,
      /your TikTok handle \(username\), from TikTok's creator info/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the privacy policy names the default privacy of automations' posts kept on the account", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "policy_default_privacy", "monthly");
    const saved = await postForm(server, me.jar, "/dashboard/default_privacy", {
      [PAGE_ACCOUNT_FIELD]: me.openId,
      privacy: "SELF_ONLY",
    });
    await saved.body?.cancel();
    assert.equal(saved.status, 303);
    const account = (await getTyped(server.kv, keys.account(me.openId))).value!;
    assert.equal(account.defaultPrivacy, "SELF_ONLY", "kept on the account");

    const text = textOf((await page(server, "/privacy")).html);
    assert.match(
      text,
      /who can view the posts of your automations, when you choose it in Settings/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the privacy policy says an account stays after TikTok access is removed, and that the operator deletes it on request", async () => {
  const server = await startTestServer({
    env: {
      OPERATOR_NAME: "Maya Studio Ltd",
      CONTACT_EMAIL: "ops@maya.example",
      SANDBOX_WEBHOOKS: "on",
    },
  });
  try {
    const me = await signIn(server, "policy_revoked", "free");
    await revokeAtTikTok(server, me.openId);
    // TikTok's authorization.removed disconnects the account; its record,
    // and so what the page lists, stays until someone deletes it.
    await eventsApplied(server);
    const kept = (await getTyped(server.kv, keys.account(me.openId))).value;
    assert.ok(kept?.disconnectedAt, "disconnected, and still kept");

    const text = textOf((await page(server, "/privacy")).html);
    assert.match(
      text,
      /What it keeps for your account stays, for the times above, until you delete the account/,
    );
    // One who can no longer sign in has the operator's delete-account.
    assert.match(
      text,
      /to have your account deleted when you cannot sign in \(after removing PM3K's access in TikTok, say\), write to ops@maya\.example : the operator deletes it/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("what the privacy policy says of the logs holds: posts, jobs and failed publishes leave no caption and no TikTok token in them", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "policy_logs");
    const captions = [
      "Harbour lights privacy probe A1",
      "Market morning privacy probe B2",
      "Old town walk privacy probe C3",
    ];
    // A post, a scheduled post run by the runner, and a publish that fails.
    await assertJsonOk(
      await directPost(me, {
        source_url: await me.uploadVideo(),
        title: captions[0],
      }),
    );
    const runAt = server.clock.now() + 2 * 3600_000;
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: captions[1],
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    server.clock.set(runAt);
    assert.deepEqual(
      await runDueJobs(server.deps, { horizonMs: 0 }),
      { posted: 1, failed: 0 },
    );
    server.clock.advance(3600_000);
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    const failing = await directPost(me, {
      source_url: await me.uploadVideo(),
      title: captions[2],
    });
    assert.equal(failing.status, 200);
    const publishId = (await failing.json()).publish_id;
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    const status = await me.json("POST", "/api/tiktok/status", {
      publish_id: publishId,
    });
    assert.equal(status.body.state, "failed", JSON.stringify(status.body));

    const grant = (await getTyped(server.kv, keys.account(me.openId))).value!
      .tiktok!;
    const secrets = [
      ...captions,
      await decryptText(server.deps.tokenKey, grant.accessToken),
      await decryptText(server.deps.tokenKey, grant.refreshToken),
    ];
    const logged = JSON.stringify(server.logs);
    assert.ok(logged.includes(me.openId), "the logs name the account");
    for (const secret of secrets) {
      assert.ok(!logged.includes(secret), `not in the logs: ${secret}`);
    }
    const text = textOf((await page(server, "/privacy")).html);
    assert.match(text, /never a caption or a TikTok token/);
  } finally {
    await server.close();
  }
});

Deno.test("in the sandbox, Settings' plan card gives whoever runs the server the admin command changing this account's plan", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "plan_runner", "free");
    const { html } = await page(server, "/dashboard/settings", jar.header());
    const card = textOf(html.slice(
      html.indexOf('data-testid="plan-card"'),
      html.indexOf("</section>", html.indexOf('data-testid="plan-card"')),
    ));
    assert.match(card, /To change your plan, ask the operator/);
    const command = card.match(
      /You run this server\? deno task admin set-plan (sbx-[\w-]+) monthly/,
    );
    assert.ok(command, card);
    // The account's own open_id, as "ID for support" shows it.
    assert.match(html, new RegExp(`ID for support[^]*${command[1]}`));
  } finally {
    await server.close();
  }
});

Deno.test("Settings' plan card says who changes a plan and how to write to them, as the policy pages name them", async () => {
  const server = await startTestServer({
    env: {
      OPERATOR_NAME: "Maya Studio Ltd",
      CONTACT_EMAIL: "ops@maya.example",
    },
  });
  try {
    const { jar } = await signIn(server, "plan_asker", "free");
    const { html } = await page(
      server,
      "/dashboard/settings",
      jar.header(),
    );
    const card = html.slice(
      html.indexOf('data-testid="plan-card"'),
      html.indexOf("</section>", html.indexOf('data-testid="plan-card"')),
    );
    assert.match(
      textOf(card),
      /To change your plan, write to Maya Studio Ltd: ops@maya\.example \./,
    );
    assert.match(card, /<a href="mailto:ops@maya.example"/);
  } finally {
    await server.close();
  }
});
