/**
 * `deno task audit-check` (docs/tiktok-audit.md#checking-before-you-submit):
 * what TikTok's review fetches, fetched over loopback from a running PM3K
 * that its TikTok's hosts make a rehearsal (the simulator, so http is taken
 * and said so). Each thing TikTok would not find fails with what to fix;
 * the media file the check writes is deleted again.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { loadConfig } from "../lib/config.ts";
import { checkAppReview } from "../lib/tiktok_app/app_review_check.ts";
import type {
  ReviewCheckOptions,
  ReviewCheckResult,
} from "../lib/tiktok_app/app_review_check.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { SIGN_INS_PER_MINUTE } from "../lib/auth/sign_in_rate_limit.ts";
import {
  afterPostProblems,
  cannotPostProblems,
  composerProblems,
  composerStepProblems,
  renderComposerFields,
  SIMULATED_CREATORS,
} from "../lib/tiktok_app/composer_check.tsx";
import type { ComposerChoices } from "../lib/tiktok_app/composer_check.tsx";
import { apiClientFor } from "./_helpers/api_client.ts";
import { directPost, posterFor } from "./_helpers/posting_setup.ts";
import { startLoopbackSite } from "./_helpers/loopback_site.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import { CREATOR_INFO_FRESH_MS } from "../lib/posting/creator_info_cache.ts";
import { BRANDED_CONTENT_URL } from "../lib/tiktok/tiktok_policies.ts";

const SITE = {
  OPERATOR_NAME: "Example & Sons Ltd",
  CONTACT_EMAIL: "privacy@pm3k.example",
  TIKTOK_SITE_VERIFICATION:
    "tiktokAbC.txt=tiktok-developers-site-verification=AbC",
};

/**
 * The variables the check runs with beside the PM3K at `url`: its TikTok
 * (the simulator) and its address.
 */
function checkVariables(url: string): Record<string, string> {
  const sim = `${url}/_sandbox/tiktok`;
  return {
    TIKTOK_CLIENT_KEY: "pm3k_sandbox_client",
    TIKTOK_CLIENT_SECRET: "pm3k_sandbox_secret",
    TIKTOK_AUTH_BASE_URL: sim,
    TIKTOK_API_BASE_URL: sim,
    SECRET_KEY: "0123456789abcdef0123456789abcdef",
    PUBLIC_BASE_URL: url,
    // The server checked runs in the sandbox, where post stats are on
    // (video.list asked for); the check must ask for the same scopes.
    TIKTOK_POST_STATS: "on",
  };
}

/** The check as the CLI runs it beside `server`, with `env` as its variables. */
async function audit(
  server: TestServer,
  env: Record<string, string>,
  timeoutMs?: number,
  apiKey?: string,
  more: Pick<ReviewCheckOptions, "filesVerification"> = {},
): Promise<Record<string, ReviewCheckResult>> {
  const mediaKey = `tmp/pm3k-audit-check-${crypto.randomUUID()}.txt`;
  const results = await checkAppReview({
    config: loadConfig({ ...checkVariables(server.url), ...env }),
    storage: server.deps.storage,
    mediaKey,
    timeoutMs,
    apiKey,
    ...more,
  });
  assert.equal(await server.deps.storage.head(mediaKey), null, "deleted");
  return Object.fromEntries(results.map((r) => [r.name, r]));
}

/** {@link audit} once beside a PM3K started with `serverEnv`, closed after. */
async function auditBeside(
  serverEnv: Record<string, string>,
  env: Record<string, string>,
): Promise<Record<string, ReviewCheckResult>> {
  const server = await startTestServer({ env: serverEnv });
  try {
    return await audit(server, env);
  } finally {
    await server.close();
  }
}

Deno.test("audit-check: the website's title must carry the check's SERVICE_NAME, the name the portal's app must have", async () => {
  const server = await startTestServer({
    env: { ...SITE, SERVICE_NAME: "Acme & Poster" },
  });
  try {
    const same = await audit(server, {
      ...SITE,
      SERVICE_NAME: "Acme & Poster",
    });
    assert.deepEqual(same["service name"], {
      name: "service name",
      outcome: "ok",
      detail:
        `the pages call the service "Acme & Poster" (SERVICE_NAME): your app's name in TikTok's developer portal must be the same`,
    });
    // The check run without the server's SERVICE_NAME (PM3K by default).
    const other = await audit(server, SITE);
    assert.equal(other["service name"].outcome, "fail");
    assert.equal(
      other["service name"].detail,
      `${server.url}/ is titled "Acme &amp; Poster: post to TikTok from automation", not after SERVICE_NAME "PM3K": the server there runs with another SERVICE_NAME than set here; run this check with the server's variables`,
    );
    // Nothing answers: the website's own line fails, this one says so.
    const elsewhere = await audit(server, {
      ...SITE,
      PUBLIC_BASE_URL: `${server.url}`.replace(/:\d+$/, ":9"),
      FILES_BASE_URL: `${server.url}/files`,
    });
    assert.equal(elsewhere["website URL"].outcome, "fail");
    assert.equal(elsewhere["service name"].outcome, "note");
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a PM3K ready for TikTok's review passes every check, http noted as a rehearsal's", async () => {
  // Ready: named as the owner's app, not after the software.
  const named = { ...SITE, SERVICE_NAME: "Example Poster" };
  const got = await auditBeside(named, named);
  assert.deepEqual(
    Object.fromEntries(
      Object.entries(got).map(([name, r]) => [name, r.outcome]),
    ),
    {
      "https addresses": "note",
      "website URL": "ok",
      "service name": "ok",
      "Terms of Service URL": "ok",
      "Privacy Policy URL": "ok",
      "TikTok's signature file": "ok",
      "redirect URI": "ok",
      "sign-in": "ok",
      // The check's variables ask for video.list, as the sandbox does.
      "post stats": "note",
      "webhook callback URL": "ok",
      "media at FILES_BASE_URL": "ok",
      "posting screen": "ok",
      // Without AUDIT_CHECK_API_KEY these two did not run: said, not left
      // out, or a public test account would pass unseen.
      "server's composer": "note",
      "test account's permissions": "note",
    },
    JSON.stringify(got, null, 1),
  );
  assert.match(got["https addresses"].detail, /taken for a rehearsal/);
  assert.match(
    got["server's composer"].detail,
    /^not checked: set AUDIT_CHECK_API_KEY to an API key of your signed-in test account .* whether the account looks public/,
  );
  assert.match(
    got["test account's permissions"].detail,
    /^not checked: set AUDIT_CHECK_API_KEY .* withheld a permission at sign-in/,
  );
  assert.equal(
    got["Privacy Policy URL"].detail,
    "200, names Example & Sons Ltd and privacy@pm3k.example",
  );
});

Deno.test("audit-check: SERVICE_NAME left at the software's name is a note saying to set the app's own", async () => {
  const got = await auditBeside(SITE, SITE);
  assert.deepEqual(got["service name"], {
    name: "service name",
    outcome: "note",
    detail:
      `the pages call the service "PM3K", the software's own name and SERVICE_NAME's default: TikTok's reviewer compares the app's name in the developer portal with the website's, and your app needs a name of your own; set SERVICE_NAME to it on the server and here (docs/tiktok-audit.md#the-service-name)`,
  });
});

Deno.test("audit-check: the posting-screen line renders the composer for a public and a private creator, not only the setting", async () => {
  const server = await startTestServer({ env: SITE });
  try {
    const unaudited = await audit(server, SITE);
    assert.equal(unaudited["posting screen"].outcome, "ok");
    assert.equal(
      unaudited["posting screen"].detail,
      `PM3K's composer, rendered here with TIKTOK_APP_AUDITED=false for a video and a photo post of a simulated public and a simulated private TikTok account, names the creator and shows the avatar from creator_info, has "Who can view this post" offer "Only me" alone, saying why, with nothing chosen and the post button waiting for a choice; comments, Duet and Stitch unticked under TikTok's names, greyed with the reason beside them where creator_info turns them off, and for photos comments alone; "Disclose post content" so named and off, and turned on, TikTok's sentence holding the button until "Your brand" ("Promotional content") or "Branded content" ("Paid partnership", "Only me" closed, TikTok's Branded Content Policy added to the consent line) is ticked; the chosen video or photos shown in a preview above the post button; TikTok's Music Usage Confirmation linked above the post button; a video longer than creator_info's max_video_post_duration_sec said so and refused; when creator_info says the account cannot post now, an alert saying so, with TikTok's reason and to try again later, and the post button held; once a post is sent, that processing can take a few minutes and where its progress shows, and once a draft is sent, to open the notification in the TikTok app to finish it. The server's own composer is shown only to a signed-in creator and is not seen from here: it offers the same when it runs this version of PM3K with TIKTOK_APP_AUDITED=false (deno task audit-check:page reads this version's page as served to a signed-in simulated creator, in headless Chromium); set AUDIT_CHECK_API_KEY to an API key of your signed-in test account to ask the server too`,
    );
    // Without a key the server is not asked: no line claims to have seen
    // it, and a note says it was not.
    assert.equal(unaudited["server's composer"].outcome, "note");
    assert.match(unaudited["server's composer"].detail, /^not checked: /);
    const audited = await audit(server, {
      ...SITE,
      TIKTOK_APP_AUDITED: "true",
    });
    assert.equal(audited["posting screen"].outcome, "note");
    assert.match(
      audited["posting screen"].detail,
      /^PM3K's composer, rendered here with TIKTOK_APP_AUDITED=true .* offer each account's own privacy options, with nothing chosen.*Until TikTok's Direct Post audit passes, TikTok keeps every post private, so the review's demo must run with TIKTOK_APP_AUDITED=false/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: after a draft is sent, the composer must say to open TikTok's notification, as TikTok asks of apps", () => {
  assert.deepEqual(afterPostProblems(), []);
  // A composer that says of a draft only what it says of a post.
  const silent = afterPostProblems((_drafts, processing) =>
    `<p>Sent to TikTok. Processing ${processing}.</p><p>Its progress shows under Your posts.</p>`
  );
  assert.deepEqual(silent, [
    "once a draft is sent, nothing says to open the notification in the TikTok app to finish it",
  ]);
  // One that says nothing once a post is sent.
  assert.deepEqual(afterPostProblems(() => "<p>Done.</p>"), [
    "once a post is sent, nothing says processing can take a few minutes",
    "once a post is sent, nothing says where its progress shows",
    "once a draft is sent, nothing says to open the notification in the TikTok app to finish it",
  ]);
});

Deno.test("audit-check: a creator who cannot post now must be told so in an alert, with TikTok's reason, the button held", () => {
  assert.deepEqual(cannotPostProblems(), []);
  // A composer that goes on as if nothing were wrong.
  assert.deepEqual(
    cannotPostProblems(() =>
      '<form><button type="submit" data-testid="post-submit">Post now</button></form>'
    ),
    [
      "when creator_info refuses the account (spam_risk_too_many_posts), no alert says the account cannot post now",
      "when creator_info refuses the account (spam_risk_too_many_posts), the post button still takes a post",
      "when creator_info answers available: false, no alert says the account cannot post now",
      "when creator_info answers available: false, the post button still takes a post",
    ],
  );
  // One that stops but says neither why nor when to come back.
  assert.deepEqual(
    cannotPostProblems(() =>
      '<p role="alert">Posting is not possible.</p><button disabled data-testid="post-submit">Post now</button>'
    ),
    [
      "when creator_info refuses the account (spam_risk_too_many_posts), the alert does not give TikTok's reason",
      "when creator_info refuses the account (spam_risk_too_many_posts), the alert does not say to try again later",
      "when creator_info answers available: false, the alert does not say to try again later",
    ],
  );
});

Deno.test("audit-check: the composer's HTML is read as a reviewer sees it: a default, a ticked box, codes, no consent fail", () => {
  const [publicAccount, privateAccount] = SIMULATED_CREATORS;
  for (const audited of [false, true]) {
    for (const { info } of SIMULATED_CREATORS) {
      for (const mode of ["video", "photo"] as const) {
        assert.deepEqual(
          composerProblems(
            renderComposerFields(info, audited, mode),
            info,
            audited,
            mode,
          ),
          [],
        );
      }
    }
  }
  // The creator named from creator_info, not the account's own name.
  const html0 = renderComposerFields(publicAccount.info, true);
  assert.deepEqual(
    composerProblems(
      html0.replace("Audit Public (@audit.public)", "The account's own name"),
      publicAccount.info,
      true,
    ),
    [
      `the creator line says "Posting to The account's own name on TikTok", not "Posting to Audit Public (@audit.public) on TikTok" from creator_info`,
    ],
  );
  // A photo post takes comments only: Duet and Stitch offered are named.
  const photo = renderComposerFields(privateAccount.info, true, "photo");
  assert.doesNotMatch(photo, /post-allow-duet/);
  assert.deepEqual(
    composerProblems(
      renderComposerFields(privateAccount.info, true, "video"),
      privateAccount.info,
      true,
      "photo",
    ),
    [
      'a photo post offers "Allow duet"',
      'a photo post offers "Allow stitch"',
      "the preview shows no photo: the photos are not seen",
    ],
  );
  const html = renderComposerFields(publicAccount.info, true);
  const problems = (doctored: string, audited = true) =>
    composerProblems(doctored, publicAccount.info, audited);
  assert.deepEqual(
    problems(
      html.replace(
        "<option selected value disabled>",
        "<option value disabled>",
      )
        .replace(
          '<option value="SELF_ONLY">',
          '<option selected value="SELF_ONLY">',
        ),
    ),
    ['"Who can view this post" starts with Only me chosen: TikTok wants no default'],
  );
  assert.deepEqual(
    problems(html.replace(">Everyone<", ">PUBLIC_TO_EVERYONE<")),
    [`"Who can view this post" shows TikTok's codes (PUBLIC_TO_EVERYONE), not its words`],
  );
  assert.deepEqual(
    problems(html, false),
    [
      '"Who can view this post" offers PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY, not SELF_ONLY',
      `no notice says why "Only me" alone is offered`,
    ],
  );
  const duet = /<input([^>]*data-testid="post-allow-duet")/;
  assert.match(html, duet);
  assert.deepEqual(
    problems(html.replace(duet, "<input checked$1")),
    ['"Allow duet" starts ticked: TikTok wants it off'],
  );
  const comment =
    /<input([^>]*) disabled([^>]*data-testid="post-allow-comment")/;
  assert.match(html, comment);
  assert.deepEqual(
    problems(html.replace(comment, "<input$1$2")),
    ['"Allow comment" is not greyed though creator_info turns it off'],
  );
  assert.deepEqual(
    problems(html.replaceAll("music-usage-confirmation", "elsewhere")),
    [
      "the consent line above the button does not link TikTok's Music Usage Confirmation",
    ],
  );
  // Branded content's policy named with nothing disclosed: the words a
  // reviewer reads are TikTok's for the music alone.
  const consent = /(data-testid="post-declaration">By posting, [^<]*)/;
  assert.match(html, consent);
  assert.deepEqual(
    problems(
      html.replace(
        consent,
        `$1<a href="${BRANDED_CONTENT_URL}">Branded Content Policy</a> and `,
      ),
    ),
    [
      `with nothing disclosed, the consent line says "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.", not "By posting, you agree to TikTok's Music Usage Confirmation."`,
    ],
  );
  assert.deepEqual(
    problems(html.replace(/<button([^>]*) disabled/, "<button$1")),
    ["the post button does not wait for a privacy to be chosen"],
  );
  // The private account offers followers, not everyone, in TikTok's words.
  assert.match(
    renderComposerFields(privateAccount.info, true),
    />Followers</,
  );
});

Deno.test("audit-check: the posting screen must preview the content before the button: none, another video, under the button or no photo fail", () => {
  const [{ info }] = SIMULATED_CREATORS;
  const preview =
    /<div class="preview" data-testid="post-preview">[\s\S]*?<\/div>/;
  for (const mode of ["video", "photo"] as const) {
    const html = renderComposerFields(info, false, mode);
    assert.deepEqual(composerProblems(html, info, false, mode), []);
    const shown = html.match(preview)![0];
    assert.deepEqual(
      composerProblems(html.replace(shown, ""), info, false, mode),
      ["no preview shows the content before it is posted"],
    );
    assert.deepEqual(
      composerProblems(
        html.replace(shown, "").replace("</form>", `${shown}</form>`),
        info,
        false,
        mode,
      ),
      [
        "the preview is under the post button: TikTok wants it seen before posting",
      ],
    );
  }
  const video = renderComposerFields(info, false, "video");
  assert.deepEqual(
    composerProblems(
      video.replace(
        /(<video[^>]*src=")[^"]*"/,
        '$1https://files.example/other.mp4"',
      ),
      info,
      false,
    ),
    [
      "the preview plays https://files.example/other.mp4, not the chosen video https://files.example/video.mp4",
    ],
  );
  const photo = renderComposerFields(info, false, "photo");
  assert.deepEqual(
    composerProblems(
      photo.replace(/<img[^>]*alt="Photo 1"[^>]*>/, ""),
      info,
      false,
      "photo",
    ),
    ["the preview shows no photo: the photos are not seen"],
  );
});

Deno.test("audit-check: the consent line must come before the post button, as TikTok's guidelines place it", () => {
  for (const { info } of SIMULATED_CREATORS) {
    for (const mode of ["video", "photo"] as const) {
      const html = renderComposerFields(info, false, mode);
      const line = /<p [^>]*data-testid="post-declaration">[\s\S]*?<\/p>/;
      const consent = html.match(line)![0];
      // As rendered, read first: above the button.
      assert.ok(
        html.indexOf(consent) < html.indexOf('data-testid="post-submit"'),
      );
      assert.deepEqual(composerProblems(html, info, false, mode), []);
      // The same words and link, but after the button: consent asked for
      // once the click is made.
      assert.deepEqual(
        composerProblems(
          html.replace(consent, "").replace("</form>", `${consent}</form>`),
          info,
          false,
          mode,
        ),
        [
          "the consent line is under the post button: TikTok wants it before the button",
        ],
      );
    }
  }
});

Deno.test("audit-check: the toggles must carry TikTok's names, and a greyed one its reason beside it, each wrong one named", () => {
  const [publicAccount, privateAccount] = SIMULATED_CREATORS;
  const html = renderComposerFields(publicAccount.info, true);
  const problems = (doctored: string) =>
    composerProblems(doctored, publicAccount.info, true);
  // The names TikTok gives, as the composer renders them.
  for (
    const label of [
      "> Allow comments</label>",
      "> Allow Duet</label>",
      "> Allow Stitch</label>",
      "> Disclose post content</label>",
    ]
  ) {
    assert.ok(html.includes(label), label);
  }
  // TikTok's own "Allow Comment" passes too.
  assert.deepEqual(
    problems(html.replace("> Allow comments<", "> Allow Comment<")),
    [],
  );
  assert.deepEqual(
    problems(
      html.replace("> Allow comments<", "> Allow replies<")
        .replace("> Allow Duet<", "> Allow remixes<")
        .replace("> Allow Stitch<", "> Stitch<"),
    ),
    [
      `the comment box says "Allow replies", not TikTok's "Allow Comment"`,
      `the duet box says "Allow remixes", not TikTok's "Allow Duet"`,
      `the stitch box says "Stitch", not TikTok's "Allow Stitch"`,
    ],
  );
  assert.deepEqual(
    problems(html.replace("> Disclose post content<", "> Paid promotion<")),
    [`the disclosure toggle says "Paid promotion", not TikTok's "Disclose post content"`],
  );
  // Comments greyed (creator_info turns them off): the reason goes beside.
  const reason =
    /<p class="reason" id="allow-comment-reason">Turned off in this account's TikTok settings.<\/p>/;
  assert.match(html, reason);
  const noReason = [`"Allow comment" is greyed with no reason beside it`];
  assert.deepEqual(problems(html.replace(reason, "")), noReason);
  assert.deepEqual(
    problems(
      html.replace(reason, '<p class="reason" id="allow-comment-reason"></p>'),
    ),
    noReason,
  );
  // Said, but not beside the box: under the post button.
  const away = html.match(reason)![0];
  assert.deepEqual(
    problems(html.replace(reason, "").replace("</form>", `${away}</form>`)),
    noReason,
  );
  // Said beside it, but not tied to the box (aria-describedby).
  assert.deepEqual(
    problems(html.replace(' aria-describedby="allow-comment-reason"', "")),
    noReason,
  );
  // The private account's Duet and Stitch, greyed, each need theirs.
  const privateHtml = renderComposerFields(privateAccount.info, true);
  assert.deepEqual(
    composerProblems(
      privateHtml.replace(
        /<p class="reason" id="allow-(duet|stitch)-reason">[^<]*<\/p>/g,
        "",
      ),
      privateAccount.info,
      true,
    ),
    [
      `"Allow duet" is greyed with no reason beside it`,
      `"Allow stitch" is greyed with no reason beside it`,
    ],
  );
  // After the reviewer's steps: "Your brand", "Branded content", and
  // "Branded content" greyed with "Only me" chosen.
  const steps = (
    doctor: (html: string, c: Partial<ComposerChoices>) => string,
  ) =>
    composerStepProblems(
      (choices) =>
        doctor(
          renderComposerFields(publicAccount.info, true, "video", choices),
          choices,
        ),
      publicAccount.info,
      true,
      "video",
    );
  assert.deepEqual(steps((h) => h), []);
  assert.deepEqual(
    steps((h) =>
      h.replace("> Your brand<", "> Own products<").replace(
        "> Branded content<",
        "> Sponsored<",
      )
    ),
    [
      `with "Disclose post content" on, a box says "Own products", not TikTok's "Your brand"`,
      `with "Disclose post content" on, a box says "Sponsored", not TikTok's "Branded content"`,
    ],
  );
  assert.deepEqual(
    steps((h, c) =>
      c.privacy === "SELF_ONLY"
        ? h.replace(' aria-describedby="post-ad-private-hint"', "")
        : h
    ),
    [`with "Only me" chosen, "Branded content" is greyed with no reason beside it`],
  );
});

Deno.test("audit-check: a greyed toggle's reason must be in its own row, not elsewhere in its section", () => {
  const [publicAccount] = SIMULATED_CREATORS;
  const hint =
    /<p class="reason" id="post-ad-private-hint" data-testid="post-ad-private-hint">[^<]*<\/p>/;
  /** The disclosure section's reason moved to `where` (or left alone). */
  const steps = (move?: (html: string, reason: string) => string) =>
    composerStepProblems(
      (choices) => {
        const html = renderComposerFields(
          publicAccount.info,
          true,
          "video",
          choices,
        );
        const reason = html.match(hint)?.[0];
        return move && reason && choices.privacy === "SELF_ONLY"
          ? move(html.replace(reason, ""), reason)
          : html;
      },
      publicAccount.info,
      true,
      "video",
    );
  // The composer puts it under "Branded content", in the box's own row.
  assert.deepEqual(steps(), []);
  const branded = renderComposerFields(publicAccount.info, true, "video", {
    privacy: "SELF_ONLY",
    disclose: true,
  });
  assert.match(
    branded,
    /<div class="toggle-row"><label><input[^>]*data-testid="post-ad_branded_content"\/> Branded content<\/label>(<p class="reason">[^<]*<\/p>)?<p class="reason" id="post-ad-private-hint"[^>]*>[^<]*<\/p><\/div>/,
  );
  const greyedAway = [
    `with "Only me" chosen, "Branded content" is greyed with no reason beside it`,
  ];
  // Elsewhere in the section, tied to the box all the same: at its end,
  // under TikTok's sentence (where the composer once had it) …
  assert.deepEqual(
    steps((h, reason) =>
      h.replace(/<\/fieldset>(?![\s\S]*<\/fieldset>)/, `${reason}</fieldset>`)
    ),
    greyedAway,
  );
  // … or under "Disclose post content", beside another toggle.
  assert.deepEqual(
    steps((h, reason) =>
      h.replace(
        /(data-testid="post-is_ad"\/> Disclose post content<\/label>)/,
        `$1${reason}`,
      )
    ),
    greyedAway,
  );
  // A photo post's one interaction box: its reason at the end of its
  // section, out of its row, is not beside it either.
  const photo = renderComposerFields(publicAccount.info, true, "photo");
  const comment = /<p class="reason" id="allow-comment-reason">[^<]*<\/p>/;
  const away = photo.match(comment)![0];
  assert.deepEqual(
    composerProblems(
      photo.replace(comment, "").replace(
        /<\/div><\/fieldset>/,
        `</div>${away}</fieldset>`,
      ),
      publicAccount.info,
      true,
      "photo",
    ),
    [`"Allow comment" is greyed with no reason beside it`],
  );
  assert.deepEqual(
    composerProblems(photo, publicAccount.info, true, "photo"),
    [],
  );
});

Deno.test("audit-check: the reviewer's steps are read too: the disclosure's labels, sentences and consent, a video too long, each wrong one named", () => {
  for (const audited of [false, true]) {
    for (const { info } of SIMULATED_CREATORS) {
      for (const mode of ["video", "photo"] as const) {
        assert.deepEqual(
          composerStepProblems(
            (choices) => renderComposerFields(info, audited, mode, choices),
            info,
            audited,
            mode,
          ),
          [],
          `${info.creatorUsername} ${mode} audited=${audited}`,
        );
      }
    }
  }
  const [publicAccount] = SIMULATED_CREATORS;
  /** The composer rendered at each step, `doctor`ed where `when` holds. */
  const doctored = (
    when: (c: Partial<ComposerChoices>) => boolean,
    doctor: (html: string) => string,
    audited = true,
  ) =>
    composerStepProblems(
      (choices) => {
        const html = renderComposerFields(
          publicAccount.info,
          audited,
          "video",
          choices,
        );
        return when(choices) ? doctor(html) : html;
      },
      publicAccount.info,
      audited,
      "video",
    );
  const branded = (c: Partial<ComposerChoices>) => c.brandedContent === true;
  // The consent line with branded content names the Music Usage alone.
  assert.deepEqual(
    doctored(
      branded,
      (h) =>
        h.replace(
          /<a [^>]*bc-policy[^>]*>Branded Content Policy<\/a> and /,
          "",
        ),
    ),
    [
      `with "Branded content" ticked, the consent line says "By posting, you agree to TikTok's Music Usage Confirmation.", not "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation." with both pages linked`,
    ],
  );
  // "Only me" left open to branded content.
  assert.deepEqual(
    doctored(
      branded,
      (h) =>
        h.replace(
          '<option value="SELF_ONLY" disabled>',
          '<option value="SELF_ONLY">',
        ),
    ),
    [`with "Branded content" ticked, "Only me" can still be chosen: branded content cannot be private`],
  );
  // The label TikTok will add, wrong for "Your brand".
  assert.deepEqual(
    doctored(
      (c) => c.yourBrand === true,
      (h) => h.replace("Promotional content", "Paid partnership"),
    ),
    [
      `with "Your brand" ticked, the composer says "Your video will be labeled as 'Paid partnership'.", not "Your video will be labeled as 'Promotional content'."`,
    ],
  );
  // Both ticked: branded content's label wins, as TikTok labels it.
  assert.deepEqual(
    doctored(
      (c) => c.yourBrand === true && c.brandedContent === true,
      (h) => h.replace("Paid partnership", "Promotional content"),
    ),
    [
      `with "Your brand" and "Branded content" ticked, the composer says "Your video will be labeled as 'Promotional content'.", not "Your video will be labeled as 'Paid partnership'."`,
    ],
  );
  // Disclosure on, neither box ticked: TikTok's sentence and a waiting button.
  const missing = (c: Partial<ComposerChoices>) =>
    c.disclose === true && !c.yourBrand && !c.brandedContent &&
    c.privacy !== "SELF_ONLY";
  assert.deepEqual(
    doctored(missing, (h) =>
      h.replace(
        "You need to indicate if your content promotes yourself, a third party, or both.",
        "Choose one.",
      ).replace(/<button([^>]*) disabled/, "<button$1")),
    [
      `with "Disclose post content" on and neither box ticked, the composer says "Choose one.", not "You need to indicate if your content promotes yourself, a third party, or both."`,
      `with "Disclose post content" on and neither box ticked, the post button does not wait, described by TikTok's sentence`,
    ],
  );
  // "Branded content" left open with "Only me" chosen.
  assert.deepEqual(
    doctored(
      (c) => c.privacy === "SELF_ONLY" && c.disclose === true,
      (h) =>
        h.replace(
          /<input([^>]*) disabled([^>]*data-testid="post-ad_branded_content")/,
          "<input$1$2",
        ),
    ),
    [`with "Only me" chosen, "Branded content" can still be ticked: branded content cannot be private`],
  );
  // A video longer than creator_info's max_video_post_duration_sec.
  assert.deepEqual(
    doctored(
      (c) => (c.seconds ?? 0) > publicAccount.info.maxVideoPostDurationSec,
      (h) =>
        h.replace(/<p[^>]*data-testid="post-too-long"[^>]*>[^<]*<\/p>/, "")
          .replace(/<button([^>]*) disabled/, "<button$1"),
    ),
    [
      `a video of 301 s, longer than creator_info's 300 s, is not said too long: "The video lasts 301 s; this TikTok account may post at most 300 s." is missing`,
      "a video of 301 s, longer than creator_info's 300 s, can be posted: the post button does not wait, described by why",
    ],
  );
});

Deno.test("audit-check: with AUDIT_CHECK_API_KEY the server's own composer source is asked, and its TIKTOK_APP_AUDITED compared", async () => {
  // The sandbox server runs as audited unless told: the check's false differs.
  const audited = await startTestServer({ env: SITE });
  try {
    const me = await apiClientFor(audited, "auditpublic");
    const got = await audit(audited, SITE, undefined, me.key);
    assert.equal(got["server's composer"].outcome, "fail");
    assert.equal(
      got["server's composer"].detail,
      `the server at PUBLIC_BASE_URL runs with TIKTOK_APP_AUDITED=true, not false as set here: its composer offers every privacy the creator's TikTok settings allow; run this check with the server's variables`,
    );
    assert.match(got["posting screen"].detail, /the line below\)$/);
    const wrongKey = await audit(audited, SITE, undefined, "pm3k_wrong");
    assert.equal(wrongKey["server's composer"].outcome, "fail");
    assert.match(
      wrongKey["server's composer"].detail,
      /answered 401 \(\w+\) with AUDIT_CHECK_API_KEY: the key is not one of this server's/,
    );
  } finally {
    await audited.close();
  }
  const env = { ...SITE, TIKTOK_APP_AUDITED: "false" };
  const unaudited = await startTestServer({ env });
  try {
    const me = await posterFor(unaudited, "auditprivate");
    // The test account an unaudited app's demo needs: a private one.
    await me.sandbox({ private_account: true });
    const got = await audit(unaudited, env, undefined, me.key);
    assert.equal(got["server's composer"].outcome, "ok");
    assert.match(
      got["server's composer"].detail,
      /^the server gives its composer for .+ \(@auditprivate\): "Who can view this post" lists "Only me" \(TIKTOK_APP_AUDITED=false\); comments open, .*videos up to \d+ s$/,
    );
  } finally {
    await unaudited.close();
  }
});

Deno.test("audit-check: an OPERATOR_NAME with > is found as Preact writes it (unescaped)", async () => {
  // Preact escapes &, < and " in text, never >.
  const env = { ...SITE, OPERATOR_NAME: "Tom > Jerry & Co" };
  const got = await auditBeside(env, env);
  assert.equal(
    got["Privacy Policy URL"].outcome,
    "ok",
    got["Privacy Policy URL"].detail,
  );
  assert.equal(got["Terms of Service URL"].outcome, "ok");
});

Deno.test("audit-check on S3: a file written to the bucket is read back at FILES_BASE_URL, then deleted", async () => {
  const s3 = await startS3rver();
  try {
    const env = { ...s3.env, ...SITE };
    const got = await auditBeside(env, env);
    assert.equal(got["media at FILES_BASE_URL"].outcome, "ok");
    // The bucket is a URL property of its own, which the check cannot see.
    assert.equal(got["media URL prefix"]?.outcome, "note");
    assert.match(
      got["media URL prefix"].detail,
      /^http:\/\/.*\/ is not under http:\/\/127\.0\.0\.1:\d+\/, so it must be verified in the TikTok portal as a URL property of its own \(TikTok's signature file put in the bucket at that prefix, or the domain by DNS\), or TikTok refuses to pull photos from it \(url_ownership_unverified\)/,
    );
    assert.match(
      got["media at FILES_BASE_URL"].detail,
      /^a file written to the bucket was served at http:\/\/.*\/tmp\/pm3k-audit-check-/,
    );
  } finally {
    await s3.close();
  }
});

Deno.test("audit-check on S3: given TikTok's file for FILES_BASE_URL/, it is fetched there from the bucket, ok when it matches", async () => {
  const s3 = await startS3rver({ publicRead: true });
  const env = { ...s3.env, ...SITE };
  const server = await startTestServer({ env });
  const fileName = "tiktokFiLeS1.txt";
  const content = "tiktok-developers-site-verification=FiLeS1";
  const filesVerification = { fileName, content };
  try {
    // Not in the bucket yet: the reviewer's pull would be refused.
    const missing = await audit(server, env, undefined, undefined, {
      filesVerification,
    });
    assert.equal(missing["media URL prefix"].outcome, "fail");
    assert.match(
      missing["media URL prefix"].detail,
      new RegExp(
        `^http://.*/${fileName} answered 404: TikTok's signature file for the URL prefix http://.*/ is not in the bucket there; put it in the bucket as the object ${fileName}, public like the media, then verify the prefix in the TikTok portal`,
      ),
    );
    await server.deps.storage.put(
      fileName,
      new TextEncoder().encode(`${content}\n`),
      { contentType: "text/plain" },
    );
    const got = await audit(server, env, undefined, undefined, {
      filesVerification,
    });
    assert.equal(got["media URL prefix"].outcome, "ok");
    assert.match(
      got["media URL prefix"].detail,
      new RegExp(
        `^TikTok's signature file for http://.*/ is served at http://.*/${fileName}: verify that URL prefix in the TikTok portal with it \\(this check cannot see the portal\\)$`,
      ),
    );
    // Other content (another prefix's file) fails, naming it.
    const other = await audit(server, env, undefined, undefined, {
      filesVerification: {
        fileName,
        content: "tiktok-developers-site-verification=Other",
      },
    });
    assert.equal(other["media URL prefix"].outcome, "fail");
    assert.match(
      other["media URL prefix"].detail,
      /answered 200 with other content/,
    );
    // Without it, the note says how to have it checked.
    const unset = await audit(server, env);
    assert.equal(unset["media URL prefix"].outcome, "note");
    assert.match(
      unset["media URL prefix"].detail,
      /give TikTok's file for it as AUDIT_CHECK_FILES_VERIFICATION=<file name>=<content> to have this check fetch it there/,
    );
  } finally {
    await server.deps.storage.delete(fileName).catch(() => {});
    await server.close();
    await s3.close();
  }
});

Deno.test("audit-check: the rehearsal on a bucket notes what docs/tiktok-audit.md says it notes, each", async () => {
  // The rehearsal's operator, as the page's step 1 runs it: a bucket, no
  // TIKTOK_SITE_VERIFICATION yet.
  const s3 = await startS3rver({ publicRead: true });
  const env = {
    ...s3.env,
    OPERATOR_NAME: SITE.OPERATOR_NAME,
    CONTACT_EMAIL: SITE.CONTACT_EMAIL,
  };
  try {
    const got = Object.values(await auditBeside(env, env));
    assert.deepEqual(got.filter((r) => r.outcome === "fail"), []);
    const page = await Deno.readTextFile(
      new URL("../docs/tiktok-audit.md", import.meta.url),
    );
    const said = page.match(/Check it as TikTok's review would[^]*?\n\n/)
      ?.[0].replace(/\s+/g, " ");
    assert.ok(said, "the rehearsal's check paragraph");
    // What the paragraph must say of each note the check gives.
    const words: Record<string, RegExp> = {
      "https addresses": /http is taken/,
      "TikTok's signature file": /TIKTOK_SITE_VERIFICATION. the signature file/,
      "media URL prefix": /on a bucket, its .FILES_BASE_URL\/. is a URL prefix/,
      "post stats": /with .TIKTOK_POST_STATS=on., the demo cannot show counts/,
      "service name":
        /without .SERVICE_NAME., that the pages carry the software's name/,
      "server's composer":
        /without .AUDIT_CHECK_API_KEY., the server's composer and the test account's permissions are not checked/,
      "test account's permissions":
        /without .AUDIT_CHECK_API_KEY., the server's composer and the test account's permissions are not checked/,
    };
    const notes = got.filter((r) => r.outcome === "note").map((r) => r.name);
    assert.deepEqual(notes.sort(), Object.keys(words).sort());
    for (const name of notes) assert.match(said, words[name], name);
  } finally {
    await s3.close();
  }
});

Deno.test("audit-check: what TikTok would not find fails, saying what to fix", async () => {
  // The running server has no operator named and no signature file.
  const server = await startTestServer();
  try {
    const got = await audit(server, {
      ...SITE,
      TIKTOK_SITE_VERIFICATION:
        "tiktokXyZ.txt=tiktok-developers-site-verification=XyZ",
    });
    assert.equal(got["Privacy Policy URL"].outcome, "fail");
    assert.match(
      got["Privacy Policy URL"].detail,
      /\/privacy does not name Example & Sons Ltd or privacy@pm3k\.example: the server there runs with other OPERATOR_NAME or CONTACT_EMAIL than set here; restart it with these$/,
    );
    assert.equal(got["TikTok's signature file"].outcome, "fail");
    assert.match(
      got["TikTok's signature file"].detail,
      /\/tiktokXyZ\.txt answered 404: the server there does not serve TIKTOK_SITE_VERIFICATION as set here/,
    );
    // Variables unset here: said as what to set.
    const bare = await audit(server, {});
    assert.match(
      bare["Terms of Service URL"].detail,
      /^OPERATOR_NAME and CONTACT_EMAIL are not set here, so with these variables PM3K's page names no operator and no contact: set OPERATOR_NAME and CONTACT_EMAIL on the server and here/,
    );
    assert.equal(bare["TikTok's signature file"].outcome, "note");
    const noName = await audit(server, { CONTACT_EMAIL: SITE.CONTACT_EMAIL });
    assert.match(
      noName["Privacy Policy URL"].detail,
      /^OPERATOR_NAME is not set here, so with these variables PM3K's page names no operator: set OPERATOR_NAME on the server and here/,
    );
    // An operator's own policy page that is not there.
    const own = await audit(server, {
      PRIVACY_POLICY_URL: `${server.url}/legal/privacy`,
    });
    assert.equal(own["Privacy Policy URL"].outcome, "fail");
    assert.match(
      own["Privacy Policy URL"].detail,
      /\/legal\/privacy answered 404 .*TikTok's reviewer must find the Privacy Policy there/,
    );
    // The website links PM3K's /privacy, not the operator's page.
    assert.match(
      own["website URL"].detail,
      /the website does not link .*\/legal\/privacy: TikTok wants the policies linked from it \(a server run with other PRIVACY_POLICY_URL or TERMS_URL than set here links others/,
    );
    // PUBLIC_BASE_URL is not where this server is: nothing answers there.
    const elsewhere = await audit(server, {
      PUBLIC_BASE_URL: `${server.url}`.replace(/:\d+$/, ":9"),
      FILES_BASE_URL: `${server.url}/files`,
    });
    assert.equal(elsewhere["website URL"].outcome, "fail");
    assert.equal(elsewhere["redirect URI"].outcome, "fail");
    assert.equal(elsewhere["media at FILES_BASE_URL"].outcome, "ok");
    // It says where and why (fetch blocks port 9), not a bare "fetch failed".
    assert.match(
      elsewhere["redirect URI"].detail,
      /^http:\/\/[^ ]+:9\/auth\/callback could not be reached \(.+\): no server answers there: start it, or set PUBLIC_BASE_URL to the address it is reached at$/i,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a server run with another TIKTOK_CLIENT_SECRET than the check's fails the webhook line, as it would refuse TikTok's events", async () => {
  const server = await startTestServer({ env: SITE });
  try {
    const same = await audit(server, SITE);
    assert.deepEqual(same["webhook callback URL"], {
      name: "webhook callback URL",
      outcome: "ok",
      detail:
        "refuses an unsigned event (401) and takes one signed with TIKTOK_CLIENT_SECRET (200)",
    });
    // The signed delivery is no event: nothing is recorded for the server
    // to work on.
    const events = await Array.fromAsync(
      server.kv.list({ prefix: ["tiktok_events"] }),
    );
    assert.deepEqual(events, []);
    // The check given another app's secret (a TikTok Sandbox's and its
    // Production app's differ): the server refuses what TikTok signs.
    const other = await audit(server, {
      ...SITE,
      TIKTOK_CLIENT_SECRET: "another_apps_secret",
    });
    assert.equal(other["webhook callback URL"].outcome, "fail");
    assert.equal(
      other["webhook callback URL"].detail,
      `${server.url}/webhooks/tiktok refused (401) an event signed with TIKTOK_CLIENT_SECRET as set here: "The TikTok-Signature header does not sign this body." TikTok signs its events with its app's client secret, and the server there checks them with another TIKTOK_CLIENT_SECRET than set here: if this one is the app's, the server refuses every one of TikTok's events and TikTok refuses its sign-ins (invalid_client); run this check with the server's variables, and give both the client secret of the TikTok app whose TIKTOK_CLIENT_KEY they use`,
    );
    // The server's clock 10 minutes ahead of this machine's.
    server.clock.advance(10 * 60_000);
    const late = await audit(server, SITE);
    assert.equal(late["webhook callback URL"].outcome, "fail");
    assert.match(
      late["webhook callback URL"].detail,
      /: "The TikTok-Signature timestamp is more than 5 minutes from our clock\." this machine's clock and the server's differ by more than 5 minutes/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a server run with another PUBLIC_BASE_URL or TikTok app than the check's fails sign-in, naming what it sends", async () => {
  // The server's PUBLIC_BASE_URL is http://127.0.0.1:<port>.
  const server = await startTestServer({ env: SITE });
  try {
    const ok = await audit(server, SITE);
    assert.equal(ok["sign-in"].outcome, "ok", ok["sign-in"].detail);
    assert.match(
      ok["sign-in"].detail,
      /^sends sign-in to http:\/\/127\.0\.0\.1:\d+\/_sandbox\/tiktok with client key pm3k_sandbox_client, redirect URI http:\/\/127\.0\.0\.1:\d+\/auth\/callback and scopes user\.info\.basic,video\.publish,video\.upload,video\.list \(each must be added to the app in TikTok's portal\)$/,
    );
    // The same server reached by another name: every page answers, but the
    // redirect URI it sends is not the one the check would have registered.
    const renamed = await audit(server, {
      ...SITE,
      PUBLIC_BASE_URL: server.url.replace("127.0.0.1", "localhost"),
    });
    assert.equal(renamed["redirect URI"].outcome, "ok");
    assert.equal(renamed["sign-in"].outcome, "fail");
    assert.match(
      renamed["sign-in"].detail,
      /sends the redirect URI http:\/\/127\.0\.0\.1:\d+\/auth\/callback, not http:\/\/localhost:\d+\/auth\/callback: it runs with another PUBLIC_BASE_URL than set here/,
    );
    const otherApp = await audit(server, {
      ...SITE,
      TIKTOK_CLIENT_KEY: "another_app",
    });
    assert.equal(otherApp["sign-in"].outcome, "fail");
    assert.match(
      otherApp["sign-in"].detail,
      /signs in with TIKTOK_CLIENT_KEY pm3k_sandbox_client, not another_app as set here/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a server asking TikTok for other scopes than the check's (TIKTOK_POST_STATS) fails sign-in, naming them", async () => {
  // TikTok refuses a sign-in asking for a scope the app lacks: a server run
  // with TIKTOK_POST_STATS=on asks for video.list, which an app reviewed
  // without the Display API does not have.
  const off = await auditBeside(SITE, { ...SITE, TIKTOK_POST_STATS: "off" });
  assert.equal(off["sign-in"].outcome, "fail");
  assert.match(
    off["sign-in"].detail,
    /^the server at PUBLIC_BASE_URL asks TikTok for the scopes user\.info\.basic,video\.publish,video\.upload,video\.list, not user\.info\.basic,video\.publish,video\.upload as set here: it runs with another TIKTOK_POST_STATS/,
  );
  const statsOff = await startTestServer({
    env: { ...SITE, TIKTOK_POST_STATS: "off" },
  });
  try {
    const on = await audit(statsOff, SITE);
    assert.equal(on["sign-in"].outcome, "fail");
    assert.match(
      on["sign-in"].detail,
      /asks TikTok for the scopes user\.info\.basic,video\.publish,video\.upload, not user\.info\.basic,video\.publish,video\.upload,video\.list as set here/,
    );
    const same = await audit(statsOff, { ...SITE, TIKTOK_POST_STATS: "off" });
    assert.equal(same["sign-in"].outcome, "ok", same["sign-in"].detail);
    assert.match(
      same["sign-in"].detail,
      /and scopes user\.info\.basic,video\.publish,video\.upload \(/,
    );
  } finally {
    await statsOff.close();
  }
});

Deno.test("audit-check: PM3K's sign-in limit reached from this machine says to wait a minute, not that PUBLIC_BASE_URL is wrong", async () => {
  const server = await startTestServer({ env: SITE });
  try {
    // A busy rehearsal: this address starts the minute's sign-ins.
    for (let i = 0; i < SIGN_INS_PER_MINUTE; i++) {
      const res = await fetch(`${server.url}/auth/login`, {
        redirect: "manual",
      });
      await res.body?.cancel();
      assert.equal(res.status, 302);
    }
    const got = await audit(server, SITE);
    assert.equal(got["sign-in"].outcome, "fail");
    assert.equal(
      got["sign-in"].detail,
      `${server.url}/auth/login answered 429: this machine's address started more than ${SIGN_INS_PER_MINUTE} sign-ins this minute, PM3K's limit per address (docs/accounts.md#sign-in-with-tiktok); run the check again in a minute`,
    );
    // The next minute, it passes.
    server.clock.advance(60_000);
    const later = await audit(server, SITE);
    assert.equal(later["sign-in"].outcome, "ok", later["sign-in"].detail);
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a stopped server fails each check naming its address and the connection refused", async () => {
  const server = await startTestServer({ env: SITE });
  const url = server.url;
  await server.close();
  const results = await checkAppReview({
    config: loadConfig({ ...checkVariables(url), ...SITE }),
    // Local disk: the check only fetches FILES_BASE_URL.
    storage: server.deps.storage,
    mediaKey: "tmp/pm3k-audit-check-stopped.txt",
  });
  // The service name is read from the website's answer: noted unchecked.
  assert.deepEqual(results.find((r) => r.name === "service name"), {
    name: "service name",
    outcome: "note",
    detail: "not checked: the website could not be read (above)",
  });
  // What the check reads from its own variables, not fetched.
  const fetched = results.filter((r) =>
    r.name !== "https addresses" && r.name !== "service name" &&
    r.name !== "posting screen" &&
    // Without AUDIT_CHECK_API_KEY: notes that they did not run.
    r.name !== "server's composer" && r.name !== "test account's permissions" &&
    r.name !== "post stats"
  );
  assert.equal(fetched.length, 8);
  for (const r of fetched) {
    assert.equal(r.outcome, "fail", r.name);
    assert.ok(r.detail.startsWith(`${url}/`), `${r.name}: ${r.detail}`);
    assert.match(r.detail, /could not be reached \(.*refused/i, r.name);
    assert.doesNotMatch(r.detail, /fetch failed/, r.name);
  }
});

/** What an operator's own policy page (TERMS_URL, PRIVACY_POLICY_URL) is expected to give in one line of the check. */
interface PolicyLine {
  outcome?: ReviewCheckResult["outcome"];
  /** The whole line (then its name and outcome too), or a pattern of it. */
  detail: string | RegExp;
  /** What the line must not say. */
  not?: RegExp;
}

Deno.test("audit-check: an operator's own policy pages, a row a case: redirected, TikTok named or not, endless, unreadable, not HTTP", async () => {
  const server = await startTestServer({ env: SITE });
  const chunk = new Uint8Array(1 << 20).fill(60);
  let sent = 0;
  const html = (body: string, type = "text/html; charset=utf-8") =>
    new Response(`<!doctype html>${body}`, {
      headers: { "content-type": type },
    });
  const to = (location: string) =>
    new Response(null, { status: 302, headers: { location } });
  // The operator's site, one path a case; anything else is not there.
  const site = startLoopbackSite((req) => {
    switch (new URL(req.url).pathname) {
      // An http → https-like move, then the page: a browser follows it.
      case "/old-privacy":
        return Response.redirect(new URL("/privacy-policy", req.url), 301);
      case "/privacy-policy":
        return html("<p>Our policy for TikTok</p>");
      // A company-wide policy that never names TikTok, TikTok named only in
      // a script (drawn by JavaScript: no reviewer reads it there), and a
      // policy saying what the app does with TikTok.
      case "/company-privacy":
        return html(
          "<title>Policy</title><p>We keep your order history for 6 years.</p>",
        );
      case "/script-terms":
        return html(
          '<title>Policy</title><div id="app"></div><script>render("TikTok terms")</script>',
        );
      case "/app-privacy":
        return html(
          "<title>Policy</title><p>When you sign in with <b>TikTok</b> we keep your open_id.</p>",
        );
      // Hostile or broken: an endless HTML page, a redirect loop, redirects
      // to other schemes or to no address, a body that lies about its
      // encoding, a redirect with an endless body (followed, its body not
      // read) to a media type in capitals.
      case "/endless":
        return new Response(
          new ReadableStream({
            pull(c) {
              sent += chunk.length;
              c.enqueue(chunk);
            },
          }),
          { headers: { "content-type": "text/html; charset=utf-8" } },
        );
      case "/loop":
        return Response.redirect(new URL("/loop", req.url), 302);
      case "/to-file":
        return to("file:///etc/passwd");
      case "/to-data":
        return to("data:text/html,hi");
      case "/to-nothing":
        return to("http://[::1");
      case "/chatty":
        return new Response(
          new ReadableStream({
            pull: (c) => c.enqueue(new Uint8Array(1 << 20).fill(60)),
          }),
          { status: 302, headers: { location: "/capitals" } },
        );
      case "/capitals":
        return html("<p>Our terms for TikTok</p>", "Text/HTML; Charset=UTF-8");
      case "/gzip":
        return new Response("not gzip", {
          headers: { "content-type": "text/html", "content-encoding": "gzip" },
        });
      default:
        return new Response("nothing here", { status: 404 });
    }
  });
  // An https server reached as http (the operator left out the s), and a
  // port whose service answers no HTTP.
  const tls = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
    cert: await Deno.readTextFile(
      new URL("./fixtures/pinned-tls.crt", import.meta.url),
    ),
    key: await Deno.readTextFile(
      new URL("./fixtures/pinned-tls.key", import.meta.url),
    ),
  }, () => new Response("<p>terms</p>"));
  const other = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const conn of other) {
      await conn.write(new TextEncoder().encode("SSH-2.0-OpenSSH_9.6\r\n"))
        .catch(() => {});
      conn.close();
    }
  })();
  const base = site.base;
  const T = "Terms of Service URL";
  const P = "Privacy Policy URL";
  const ownOk = "200 (the operator's own page), mentions TikTok";
  /** A redirect a browser cannot follow, terms after an endless redirect. */
  const unfollowable = (path: string, why: string) => ({
    env: { TERMS_URL: `${base}/chatty`, PRIVACY_POLICY_URL: `${base}${path}` },
    lines: {
      // Text/HTML, after a redirect with an endless body.
      [T]: { outcome: "ok", detail: ownOk },
      [P]: {
        outcome: "fail",
        detail: new RegExp(
          `^${base}${path} redirects to ${why}: make PRIVACY_POLICY_URL name the page itself`,
        ),
      },
    } as Record<string, PolicyLine>,
  });
  const notHttp = (variable: string) => ({
    outcome: "fail" as const,
    detail: new RegExp(
      `^http://127\\.0\\.0\\.1:\\d+/\\w+ took the connection but gave no valid HTTP answer \\(.+\\): another service, or https, listens there; make ${variable} name the scheme and port`,
    ),
    not: /start it/,
  });
  const cases: {
    name: string;
    env: { TERMS_URL?: string; PRIVACY_POLICY_URL?: string };
    timeoutMs?: number;
    lines: Record<string, PolicyLine>;
    /** Checks of the row beyond its lines, given how long the check took. */
    also?: (ms: number) => void;
  }[] = [
    {
      name: "redirected, as a reviewer's browser follows it",
      env: { PRIVACY_POLICY_URL: `${base}/old-privacy` },
      lines: {
        [P]: { outcome: "ok", detail: ownOk },
        "https addresses": {
          detail:
            /so http is taken for a rehearsal \(http:\/\/127\.0\.0\.1:\d+, http:\/\/127\.0\.0\.1:\d+\/files\)/,
        },
      },
    },
    {
      name: "TikTok never mentioned, or only in a script: a note",
      env: {
        PRIVACY_POLICY_URL: `${base}/company-privacy`,
        TERMS_URL: `${base}/script-terms`,
      },
      lines: {
        [P]: {
          outcome: "note",
          detail:
            `${base}/company-privacy answered 200 (the operator's own page) but its text never mentions TikTok: TikTok's reviewer reads it as the privacy policy of an app that signs creators in with TikTok and posts to TikTok for them, and PM3K's own page says what it keeps from TikTok and sends to it; say so on that page, or unset PRIVACY_POLICY_URL to link PM3K's own. Text drawn by JavaScript is not read here (docs/tiktok-audit.md#checking-before-you-submit)`,
        },
        [T]: {
          outcome: "note",
          detail:
            /\/script-terms answered 200 \(the operator's own page\) but its text never mentions TikTok: TikTok's reviewer reads it as the terms of service of an app .* unset TERMS_URL to link PM3K's own\./,
        },
      },
    },
    {
      name: "TikTok mentioned; PM3K's own terms beside it",
      env: { PRIVACY_POLICY_URL: `${base}/app-privacy` },
      lines: {
        [P]: { outcome: "ok", detail: ownOk },
        // PM3K's own pages say what they keep from TikTok: ok, as before.
        [T]: { outcome: "ok", detail: /./ },
      },
    },
    {
      name: "endless, or a redirect loop: failed at once",
      env: {
        TERMS_URL: `${base}/endless`,
        PRIVACY_POLICY_URL: `${base}/loop`,
      },
      timeoutMs: 20_000,
      lines: {
        [T]: {
          outcome: "fail",
          detail:
            /^http:\/\/127\.0\.0\.1:\d+\/endless answered more than 5 MB: .*TERMS_URL/,
        },
        [P]: {
          outcome: "fail",
          detail:
            /^http:\/\/127\.0\.0\.1:\d+\/loop redirects more than 20 times .*PRIVACY_POLICY_URL/,
          not: /PUBLIC_BASE_URL/,
        },
      },
      also: (ms) => {
        assert.ok(ms < 10_000, "not read to the timeout");
        assert.ok(sent < 64 << 20, `stopped reading (${sent} bytes sent)`);
      },
    },
    {
      name: "redirected to a file: address",
      ...unfollowable(
        "/to-file",
        '"file:///etc/passwd", .*\\(not http or https\\)',
      ),
    },
    {
      name: "redirected to a data: address",
      ...unfollowable(
        "/to-data",
        '"data:text/html,hi", .*\\(not http or https\\)',
      ),
    },
    {
      name: "redirected to no address",
      ...unfollowable("/to-nothing", '"http://\\[::1", .*\\(not an address\\)'),
    },
    {
      name: "a page that cannot be read, not 'no server answers'",
      env: { TERMS_URL: `${base}/chatty`, PRIVACY_POLICY_URL: `${base}/gzip` },
      lines: {
        [P]: {
          outcome: "fail",
          detail:
            /\/gzip answered 200, but its page could not be read \(.+\): .*PRIVACY_POLICY_URL/,
          not: /no server answers|could not be reached/,
        },
      },
    },
    {
      name: "an https server as http, a service that is not HTTP",
      env: {
        TERMS_URL: `http://127.0.0.1:${tls.addr.port}/terms`,
        PRIVACY_POLICY_URL: `http://127.0.0.1:${
          (other.addr as Deno.NetAddr).port
        }/privacy`,
      },
      lines: { [T]: notHttp("TERMS_URL"), [P]: notHttp("PRIVACY_POLICY_URL") },
    },
  ];
  try {
    for (const { name, env, timeoutMs, lines, also } of cases) {
      const started = performance.now();
      const got = await audit(server, { ...SITE, ...env }, timeoutMs);
      also?.(performance.now() - started);
      for (const [line, { outcome, detail, not }] of Object.entries(lines)) {
        const at = `${name}: ${line}: ${got[line].detail}`;
        if (typeof detail === "string") {
          assert.deepEqual(got[line], { name: line, outcome, detail }, at);
        } else {
          if (outcome) assert.equal(got[line].outcome, outcome, at);
          assert.match(got[line].detail, detail, at);
        }
        if (not) assert.doesNotMatch(got[line].detail, not, at);
      }
    }
  } finally {
    other.close();
    await serving.catch(() => {});
    await tls.shutdown();
    await site.close();
    await server.close();
  }
});

Deno.test("audit-check: a server run with PRIVACY_POLICY_URL or TERMS_URL the check lacks says the variables differ", async () => {
  const terms = "https://legal.example/terms";
  const got = await auditBeside({ ...SITE, TERMS_URL: terms }, SITE);
  assert.equal(got["Terms of Service URL"].outcome, "fail");
  assert.match(
    got["Terms of Service URL"].detail,
    /\/terms answered 302 \(to https:\/\/legal\.example\/terms\) .*without a redirect; PM3K redirects it only when TERMS_URL is set, so the server there runs with TERMS_URL, unlike here: run this check with the server's variables$/,
  );
  assert.match(
    got["website URL"].detail,
    /the website does not link http:\/\/127\.0\.0\.1:\d+\/terms: TikTok wants the policies linked from it \(a server run with other PRIVACY_POLICY_URL or TERMS_URL than set here links others: run this check with the server's variables\)$/,
  );
  // PM3K's own privacy page answers as it should.
  assert.equal(got["Privacy Policy URL"].outcome, "ok");
});

Deno.test("audit-check: an href that is no address links nothing, as in a browser; a sign-in redirect to no address says so", async () => {
  const server = await startTestServer({ env: SITE });
  // A site at PUBLIC_BASE_URL whose start page has a broken link beside
  // both policies, and whose sign-in start redirects to no address, then
  // to a javascript: URL.
  let script = false;
  const site = startLoopbackSite(
    (req) => {
      const { pathname, origin } = new URL(req.url);
      if (pathname === "/") {
        return new Response(
          `<a href="http://[broken">x</a><a href="${origin}/terms">t</a><a href="${origin}/privacy">p</a>`,
          { headers: { "content-type": "text/html" } },
        );
      }
      if (pathname === "/auth/login") {
        return new Response(null, {
          status: 302,
          headers: { location: script ? "javascript:alert(1)" : "http://[::1" },
        });
      }
      return new Response("nothing here", { status: 404 });
    },
  );
  try {
    const base = site.base;
    const got = await audit(server, {
      ...SITE,
      PUBLIC_BASE_URL: base,
      FILES_BASE_URL: `${server.url}/files`,
    });
    assert.equal(got["website URL"].outcome, "ok", got["website URL"].detail);
    assert.equal(got["sign-in"].outcome, "fail");
    assert.equal(
      got["sign-in"].detail,
      `${base}/auth/login redirects to "http://[::1", which is no address, not PM3K's redirect to TikTok's authorize page: PUBLIC_BASE_URL must be the address this server is reached at`,
    );
    // Not "sends sign-in to nullalert(1)": the origin and path of no http URL.
    script = true;
    const scripted = await audit(server, {
      ...SITE,
      PUBLIC_BASE_URL: base,
      FILES_BASE_URL: `${server.url}/files`,
    });
    assert.equal(
      scripted["sign-in"].detail,
      `${base}/auth/login redirects to "javascript:alert(1)", which is no http or https address, not PM3K's redirect to TikTok's authorize page: PUBLIC_BASE_URL must be the address this server is reached at`,
    );
  } finally {
    await site.close();
    await server.close();
  }
});

Deno.test("audit-check: a signature file served with a final newline (a CDN, an editor) still matches", async () => {
  const server = await startTestServer();
  const site = startLoopbackSite(
    (req) =>
      new URL(req.url).pathname === "/tiktokAbC.txt"
        ? new Response("tiktok-developers-site-verification=AbC\n")
        : new Response("nothing here", { status: 404 }),
  );
  try {
    const got = await audit(server, {
      ...SITE,
      PUBLIC_BASE_URL: site.base,
      FILES_BASE_URL: `${server.url}/files`,
    });
    assert.equal(got["TikTok's signature file"].outcome, "ok");
  } finally {
    await site.close();
    await server.close();
  }
});

Deno.test("audit-check: with TikTok's own hosts, http addresses fail", async () => {
  const got = await auditBeside({}, {
    TIKTOK_AUTH_BASE_URL: "https://www.tiktok.com",
    TIKTOK_API_BASE_URL: "https://open.tiktokapis.com",
  });
  assert.equal(got["https addresses"].outcome, "fail");
  assert.match(
    got["https addresses"].detail,
    /^PUBLIC_BASE_URL \(http:\/\/.*\) is not https: TikTok registers only https redirect URIs/,
  );
});

Deno.test("audit-check: a site that never answers fails each check after the timeout, not hanging", async () => {
  const server = await startTestServer();
  // Takes connections and never answers.
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  try {
    const url = `http://127.0.0.1:${(silent.addr as Deno.NetAddr).port}`;
    const got = await audit(server, { PUBLIC_BASE_URL: url }, 200);
    for (
      const name of ["website URL", "redirect URI", "webhook callback URL"]
    ) {
      assert.equal(got[name].outcome, "fail", name);
      assert.match(got[name].detail, /timed out|aborted|timeout/i, name);
    }
  } finally {
    silent.close();
    await accepting.catch(() => {});
    for (const conn of held) conn.close();
    await server.close();
  }
});

Deno.test("audit-check refuses to run on the sandbox, exit 2 in one line pointing at the rehearsal", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/audit_check.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { DATA_DIR: await Deno.makeTempDir({ prefix: "pm3k-audit-" }) },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 2);
  const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
  assert.deepEqual(lines.length, 1, lines.join("\n"));
  assert.match(lines[0], /^Nothing to check: this is the TikTok sandbox/);
  // An owner trying it on the quick start's server, with no TikTok app
  // yet, is pointed at the rehearsal, which needs none.
  assert.match(
    lines[0],
    /without a TikTok app yet, rehearse against PM3K's simulator: docs\/tiktok-audit\.md#a-rehearsal-against-the-simulator$/,
  );
});

Deno.test("audit-check's command refuses a badly written AUDIT_CHECK_FILES_VERIFICATION with exit 2, naming it, before fetching", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/audit_check.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: {
      ...SITE,
      DATA_DIR: await Deno.makeTempDir({ prefix: "pm3k-audit-" }),
      // Nothing listens on port 9: a check that fetched would say so.
      ...checkVariables("http://127.0.0.1:9"),
      AUDIT_CHECK_FILES_VERIFICATION: "tiktok-developers-site-verification=X",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 2);
  assert.equal(new TextDecoder().decode(out.stdout), "");
  const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
  assert.deepEqual(lines, [
    "AUDIT_CHECK_FILES_VERIFICATION must be the file name and content TikTok gives, as <file name>=<content>, such as tiktokAbC123.txt=tiktok-developers-site-verification=AbC123",
  ]);
});

Deno.test("audit-check's command reads AUDIT_CHECK_API_KEY, as pasted with a newline, and asks the server's composer", async () => {
  const env = { ...SITE, TIKTOK_APP_AUDITED: "false" };
  const server = await startTestServer({ env });
  try {
    const me = await posterFor(server, "auditcli");
    await me.sandbox({ private_account: true });
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tasks/audit_check.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      env: {
        ...env,
        DATA_DIR: await Deno.makeTempDir({ prefix: "pm3k-audit-" }),
        ...checkVariables(server.url),
        AUDIT_CHECK_API_KEY: ` ${me.key}\n`,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
    assert.match(
      stdout,
      /^ok {3}posting screen: PM3K's composer, rendered here/m,
    );
    assert.match(
      stdout,
      /^ok {3}server's composer: the server gives its composer for .* \(@auditcli\): "Who can view this post" lists "Only me"/m,
    );
    assert.match(
      stdout,
      /^ok {3}test account's permissions: .* granted every scope sign-in asks for: user\.info\.basic, video\.publish, video\.upload/m,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: an unaudited app asking for video.list gets a note that the demo cannot show counts; audited or without it, none", async () => {
  const server = await startTestServer({ env: SITE });
  try {
    const unaudited = await audit(server, SITE);
    assert.equal(unaudited["post stats"].outcome, "note");
    assert.match(
      unaudited["post stats"].detail,
      /^sign-in asks for video\.list \(TIKTOK_POST_STATS=on\), and TikTok's reviewers ask to see each scope asked for in use; .* so your demo can show the posts page but no views or likes: say so in the submission, or review without it /,
    );
    const audited = await audit(server, {
      ...SITE,
      TIKTOK_APP_AUDITED: "true",
    });
    assert.equal(audited["post stats"], undefined);
    // Without video.list sign-in differs from the sandbox server's (its
    // own line fails); no note on post stats.
    const without = await audit(server, { ...SITE, TIKTOK_POST_STATS: "off" });
    assert.equal(without["post stats"], undefined);
    assert.equal(without["sign-in"].outcome, "fail");
  } finally {
    await server.close();
  }
});

Deno.test("audit-check's command without AUDIT_CHECK_API_KEY says what it did not check, and its last line counts the notes", async () => {
  const server = await startTestServer({ env: SITE });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tasks/audit_check.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      env: {
        ...SITE,
        DATA_DIR: await Deno.makeTempDir({ prefix: "pm3k-audit-" }),
        ...checkVariables(server.url),
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
    const lines = stdout.trim().split("\n");
    const notes = lines.filter((l) => l.startsWith("note "));
    assert.match(stdout, /^note server's composer: not checked: /m);
    assert.match(stdout, /^note test account's permissions: not checked: /m);
    // "Nothing failed" alone read as ready, with the notes above unread.
    assert.equal(
      lines.at(-1),
      `Nothing TikTok fetches failed; ${notes.length} notes above say what this check could not see or did not check: read them before you submit.`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a test account that withheld the drafts permission at sign-in fails, naming it and how to grant it", async () => {
  const env = { ...SITE, TIKTOK_APP_AUDITED: "false" };
  const server = await startTestServer({ env });
  try {
    const me = await posterFor(server, "nodrafts", "monthly", [
      "video.upload",
    ]);
    await me.sandbox({ private_account: true });
    const got = await audit(server, env, undefined, me.key);
    assert.equal(got["test account's permissions"].outcome, "fail");
    assert.equal(
      got["test account's permissions"].detail,
      "Nodrafts withheld video.upload (send posts to your TikTok drafts) on TikTok's consent screen, so the demo cannot show it; sign the test account out of PM3K, sign in again and allow every permission TikTok lists, then run the check again",
    );
    // Its composer line still passes: the account itself is fine.
    assert.equal(got["server's composer"].outcome, "ok");
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a test account TikTok takes no post from now is named with the server's words and TikTok's code, as its composer says", async () => {
  const env = { ...SITE, TIKTOK_APP_AUDITED: "false" };
  const server = await startTestServer({ env });
  try {
    const me = await posterFor(server, "capped");
    // TikTok's daily cap of posts made through apps, before any creator_info.
    await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
    const got = await audit(server, env, undefined, me.key);
    assert.equal(got["server's composer"].outcome, "fail");
    assert.equal(
      got["server's composer"].detail,
      `${server.url}/api/tiktok/creator_info answered 502 (tiktok_error, TikTok's spam_risk_too_many_posts) with AUDIT_CHECK_API_KEY: "This TikTok account reached TikTok's daily limit of posts made through apps. Try again tomorrow."; the composer says the same and takes no post from this account, so no demo can be recorded with it now (the code is explained in docs/api.md)`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: unaudited, a test account that looks public gets a note on the server's composer line, as TikTok refuses its posts", async () => {
  const env = { ...SITE, TIKTOK_APP_AUDITED: "false" };
  const server = await startTestServer({ env });
  try {
    // A simulated creator is public until made private, as a new TikTok
    // account is: creator_info leaves its Duet and Stitch open.
    const me = await posterFor(server, "auditpublic");
    const got = await audit(server, env, undefined, me.key);
    // A note, not a failure: that a private account's Duet and Stitch are
    // off is TikTok's documentation, not proved against TikTok here.
    assert.equal(got["server's composer"].outcome, "note");
    assert.match(
      got["server's composer"].detail,
      /^the server gives its composer for Auditpublic \(@auditpublic\): .*\. The TikTok account of AUDIT_CHECK_API_KEY looks public: its creator_info leaves Duet and Stitch open, .* \(tiktok_unaudited_private_only\), so no demo could be recorded with it; if it is public, make it private /,
    );
    // What the demo would meet: TikTok refuses the post.
    const video = await me.uploadVideo();
    const refused = await directPost(me, {
      source_url: video,
      title: "rehearsal",
      privacy: "SELF_ONLY",
    });
    assert.equal(refused.status, 403);
    assert.equal(
      (await refused.json()).error,
      "tiktok_unaudited_private_only",
    );
    // Made private, then the composer opened (it asks TikTok afresh and
    // renews the copy an API key is answered): the line passes.
    await me.sandbox({ private_account: true });
    server.clock.advance(CREATOR_INFO_FRESH_MS);
    const renewed = await visit(
      me.jar,
      `${server.url}/api/tiktok/creator_info`,
    );
    assert.equal((await renewed.json()).duet_disabled, true);
    const again = await audit(server, env, undefined, me.key);
    assert.equal(
      again["server's composer"].outcome,
      "ok",
      again["server's composer"].detail,
    );
  } finally {
    await server.close();
  }
});

Deno.test("audit-check: a 200 at the composer's source that is not PM3K's answer fails naming it, not with a script error", async () => {
  const server = await startTestServer({ env: SITE });
  // Something else at PUBLIC_BASE_URL (a proxy's catch-all) answering JSON.
  const other = startLoopbackSite(
    () => Response.json({ ok: true }),
  );
  try {
    const url = other.base;
    const got = await audit(
      server,
      { ...SITE, PUBLIC_BASE_URL: url },
      undefined,
      "k",
    );
    assert.equal(got["server's composer"].outcome, "fail");
    assert.equal(
      got["server's composer"].detail,
      `${url}/api/tiktok/creator_info answered 200 with AUDIT_CHECK_API_KEY: not PM3K's answer naming the creator's privacy options: PUBLIC_BASE_URL must be the address this server is reached at`,
    );
  } finally {
    await other.close();
    await server.close();
  }
});
