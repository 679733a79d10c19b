/**
 * `deno task audit-check`: what TikTok's app review and URL verification
 * will fetch from a deployed PM3K, fetched the same way over the network
 * before the owner submits (docs/tiktok-audit.md#checking-before-you-submit):
 * the website with its policy links and SERVICE_NAME, the two policies,
 * TikTok's signature file, the redirect URI, the sign-in start (the TikTok
 * app and redirect URI the server really sends), the webhook callback URL
 * and a media file at FILES_BASE_URL (written to the bucket and read back;
 * on local disk, PM3K's own answer there), each at the address the start-up
 * notice names (tiktok_app_notice.ts); then the composer's posting fields
 * rendered here as a reviewer sees them (composer_check.tsx), and, given the
 * test creator's API key, what the server gives its composer. Each check
 * says what failed and what to fix; the media file written is deleted again.
 * @module
 */
import { DEFAULT_SERVICE_NAME } from "../config.ts";
import type { Config } from "../config.ts";
import type { ObjectStorage } from "../storage/object_storage.ts";
import { tiktokAppNotice } from "./tiktok_app_notice.ts";
import type { TikTokAppConfig } from "./tiktok_app_notice.ts";
import { tiktokAddressWarning } from "./tiktok_address_warning.ts";
import { FETCH_TIMEOUT_MS, fetchAsReviewer } from "./review_fetch.ts";
import { SIGN_INS_PER_MINUTE } from "../auth/sign_in_rate_limit.ts";
import type { Fetched } from "./review_fetch.ts";
import {
  afterPostProblems,
  cannotPostProblems,
  composerProblems,
  composerStepProblems,
  renderComposerFields,
  SIMULATED_CREATORS,
} from "./composer_check.tsx";
import { privacyLabel } from "../../components/compose_rules.ts";
import { SCOPE_USES } from "../tiktok/tiktok_scopes.ts";
import { openOnPublicLooking } from "./account_looks_public.ts";
import {
  signTikTokWebhook,
  TIKTOK_SIGNATURE_HEADER,
} from "../tiktok/webhook_signature.ts";

/**
 * An answer's text as PM3K's JSON object, or null for anything else (a
 * proxy's HTML page, an empty body, JSON that is not an object): each check
 * then says what it got instead.
 */
function jsonOf(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : null;
  } catch {
    return null;
  }
}

/** One check's outcome: a `note` informs and fails nothing. */
export interface ReviewCheckResult {
  name: string;
  outcome: "ok" | "fail" | "note";
  detail: string;
}

export interface ReviewCheckOptions {
  config: TikTokAppConfig & Pick<Config, "tiktok">;
  storage: ObjectStorage;
  /** The key of the media file written to a bucket and deleted again. */
  mediaKey: string;
  fetch?: typeof fetch;
  /** How long each fetch may take (15 s unless given). */
  timeoutMs?: number;
  /**
   * An API key of the signed-in test creator (AUDIT_CHECK_API_KEY): the
   * server is then asked what its composer is given for that creator.
   */
  apiKey?: string;
  /**
   * TikTok's signature file for the `FILES_BASE_URL/` URL property, put in
   * the bucket by the owner (AUDIT_CHECK_FILES_VERIFICATION): fetched there
   * when FILES_BASE_URL is not under PUBLIC_BASE_URL.
   */
  filesVerification?: { fileName: string; content: string };
}

/**
 * Whether a page's text, as a reader sees it, names TikTok: scripts, styles
 * and tags left out, so a script or an address naming it is not a mention.
 */
function mentionsTikTok(html: string): boolean {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ");
  return /tik\s?tok/i.test(text);
}

/**
 * Text as Preact writes it into a page: `&`, `<` and `"` escaped, `>` left
 * as it is (preact-render-to-string's encodeEntities), so a name with `>`
 * is still found.
 */
function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll('"', "&quot;");
}

/** Runs every check in order; later checks still run after a failure. */
export async function checkAppReview(
  options: ReviewCheckOptions,
): Promise<ReviewCheckResult[]> {
  const { config, storage } = options;
  const notice = tiktokAppNotice(config);
  if (!notice) {
    throw new Error(
      "Nothing to check: this is the TikTok sandbox (no TIKTOK_CLIENT_KEY); run it with the production variables",
    );
  }
  const fetchImpl = options.fetch ?? fetch;
  const results: ReviewCheckResult[] = [];
  /** Runs one check: a string is ok, `{ note }` informs, a throw fails. */
  const check = async (
    name: string,
    run: () => Promise<string | { note: string }>,
  ) => {
    try {
      const said = await run();
      results.push(
        typeof said === "string"
          ? { name, outcome: "ok", detail: said }
          : { name, outcome: "note", detail: said.note },
      );
    } catch (error) {
      results.push({
        name,
        outcome: "fail",
        detail: (error as Error).message,
      });
    }
  };
  const expect: (ok: boolean, message: string) => asserts ok = (
    ok,
    message,
  ) => {
    if (!ok) throw new Error(message);
  };
  /** The variable that names `url`, for what to fix. */
  const variableOf = (url: string) => {
    // FILES_BASE_URL under PUBLIC_BASE_URL (local disk) follows it.
    const under = (base: string) => url.startsWith(`${base}/`);
    return under(config.filesBaseUrl) && !under(config.publicBaseUrl)
      ? "FILES_BASE_URL"
      : "PUBLIC_BASE_URL";
  };
  const get = (
    url: string,
    init: RequestInit = {},
    variable = variableOf(url),
  ): Promise<Fetched> =>
    fetchAsReviewer(fetchImpl, url, init, {
      timeoutMs: options.timeoutMs ?? FETCH_TIMEOUT_MS,
      variable,
    });
  /**
   * An HTML page answering 200. PM3K's own pages answer without a redirect;
   * an operator's own policy page may redirect (http to https, www), as a
   * reviewer's browser follows it.
   */
  const page = async (
    what: string,
    url: string,
    follow?: { variable: string },
    /** PM3K's own policy page: the variable that would replace it. */
    ownVariable?: string,
  ) => {
    const got = await get(
      url,
      follow ? { redirect: "follow" } : {},
      follow?.variable,
    );
    // PM3K's own /privacy or /terms redirects only when the server runs
    // with PRIVACY_POLICY_URL or TERMS_URL set: not the check's variables.
    // A redirect to the same host and path (a proxy's http to https) is
    // not that.
    const from = new URL(url);
    const to = got.location === null ? null : URL.parse(got.location, url);
    const replaced = ownVariable !== undefined && to !== null &&
        got.status >= 300 && got.status < 400 &&
        (to.host !== from.host || to.pathname !== from.pathname)
      ? `; PM3K redirects it only when ${ownVariable} is set, so the server there runs with ${ownVariable}, unlike here: run this check with the server's variables`
      : "";
    expect(
      got.status === 200 &&
        // A media type is case-insensitive: "Text/HTML" is HTML too.
        got.type.toLowerCase().startsWith("text/html"),
      `${url} answered ${got.status}${
        got.location ? ` (to ${got.location})` : ""
      } ${got.type}: TikTok's reviewer must find the ${what} there, an HTML page answering 200${
        follow ? "" : " without a redirect"
      }${replaced}`,
    );
    return got;
  };

  const refused = tiktokAddressWarning(config);
  const plain = [config.publicBaseUrl, config.filesBaseUrl].filter((u) =>
    !u.startsWith("https:")
  );
  if (refused) {
    results.push({
      name: "https addresses",
      outcome: "fail",
      detail: refused.message,
    });
  } else if (plain.length > 0) {
    results.push({
      name: "https addresses",
      outcome: "note",
      detail:
        `TikTok's hosts are not TikTok's (${config.tiktok.authBaseUrl}), so http is taken for a rehearsal (${
          plain.join(", ")
        }); TikTok itself needs https`,
    });
  } else {
    results.push({ name: "https addresses", outcome: "ok", detail: "https" });
  }

  let website: Fetched | null = null;
  await check("website URL", async () => {
    const got = await page("website", notice.website_url as string);
    website = got;
    const links = [notice.terms_of_service_url, notice.privacy_policy_url];
    // An href that is no address (`http://[bad`) links nothing, as in a
    // browser: it is passed over, not the check's failure.
    const hrefs = [...got.text.matchAll(/href="([^"]*)"/g)].flatMap((m) =>
      URL.parse(m[1].replaceAll("&amp;", "&"), notice.website_url as string)
        ?.href ?? []
    );
    const missing = links.filter((l) => !hrefs.includes(l as string));
    expect(
      missing.length === 0,
      `the website does not link ${
        missing.join(" and ")
      }: TikTok wants the policies linked from it (a server run with other PRIVACY_POLICY_URL or TERMS_URL than set here links others: run this check with the server's variables)`,
    );
    return "200, links both policies";
  });
  results.push(serviceNameCheck(
    config.site.serviceName,
    notice.website_url as string,
    website,
  ));
  for (
    const [name, url, own, variable] of [
      [
        "Terms of Service URL",
        notice.terms_of_service_url as string,
        config.site.termsUrl === null,
        "TERMS_URL",
      ],
      [
        "Privacy Policy URL",
        notice.privacy_policy_url as string,
        config.site.privacyPolicyUrl === null,
        "PRIVACY_POLICY_URL",
      ],
    ] as const
  ) {
    await check(name, async () => {
      const got = await page(
        name.replace(/ URL$/, ""),
        url,
        own ? undefined : { variable },
        own ? variable : undefined,
      );
      if (!own) {
        // The operator's own page is theirs to word, but one that never
        // names TikTok is not this app's policy as a reviewer reads it
        // (a company-wide page, a placeholder): a note, since TikTok states
        // no such rule (docs/tiktok-audit.md#checking-before-you-submit).
        if (mentionsTikTok(got.text)) {
          return "200 (the operator's own page), mentions TikTok";
        }
        return {
          note:
            `${url} answered 200 (the operator's own page) but its text never mentions TikTok: TikTok's reviewer reads it as the ${
              name.replace(/ URL$/, "").toLowerCase()
            } of an app that signs creators in with TikTok and posts to TikTok for them, and PM3K's own page says what it keeps from TikTok and sends to it; say so on that page, or unset ${variable} to link PM3K's own. Text drawn by JavaScript is not read here (docs/tiktok-audit.md#checking-before-you-submit)`,
        };
      }
      const { operatorName, contactEmail } = config.site;
      const unset = [
        ...(operatorName ? [] : ["OPERATOR_NAME"]),
        ...(contactEmail ? [] : ["CONTACT_EMAIL"]),
      ];
      expect(
        unset.length === 0,
        `${unset.join(" and ")} ${
          unset.length > 1 ? "are" : "is"
        } not set here, so with these variables PM3K's page names no ${
          unset.length > 1 ? "operator and no contact" : unset[0] ===
              "OPERATOR_NAME"
            ? "operator"
            : "contact"
        }: set ${
          unset.join(" and ")
        } on the server and here, so it says who runs the service and where to write`,
      );
      const text = got.text;
      const unnamed = [operatorName!, contactEmail!].filter((v) =>
        !text.includes(escapeHtml(v))
      );
      expect(
        unnamed.length === 0,
        `${url} does not name ${
          unnamed.join(" or ")
        }: the server there runs with other OPERATOR_NAME or CONTACT_EMAIL than set here; restart it with these`,
      );
      return `200, names ${operatorName} and ${contactEmail}`;
    });
  }

  const verification = config.tiktokSiteVerification;
  if (verification) {
    await check("TikTok's signature file", async () => {
      const url = notice.site_verification_file as string;
      const got = await get(url);
      expect(
        got.status === 200 &&
          // A CDN or editor may add a final newline; the token is the same.
          got.text.trim() === verification.content.trim(),
        `${url} answered ${got.status}${
          got.status === 200 ? " with other content" : ""
        }: the server there does not serve TIKTOK_SITE_VERIFICATION as set here; restart it (on Deno Deploy, deploy) with this value`,
      );
      return `served at ${url}`;
    });
  } else {
    results.push({
      name: "TikTok's signature file",
      outcome: "note",
      detail:
        `TIKTOK_SITE_VERIFICATION is not set: verify ${notice.site_url_prefix} by its domain's DNS in the TikTok portal, or set it to the file TikTok gives`,
    });
  }

  // FILES_BASE_URL/ outside PUBLIC_BASE_URL/ (a bucket) is a URL property
  // of its own, verified with a file of TikTok's put in the bucket or by
  // its domain's DNS, and without it TikTok refuses to pull photos
  // (url_ownership_unverified). The portal cannot be seen from here; the
  // file can, when the owner gives it.
  const mediaPrefix = notice.url_prefix as string;
  const bucketFile = options.filesVerification;
  const ownProperty = !mediaPrefix.startsWith(notice.site_url_prefix as string);
  if (ownProperty && bucketFile) {
    // Given the file TikTok gave for that prefix, fetched where TikTok's
    // Verify button fetches it (docs/tiktok-audit.md#checking-before-you-submit).
    await check("media URL prefix", async () => {
      const url = `${mediaPrefix}${bucketFile.fileName}`;
      const got = await get(url, {}, "FILES_BASE_URL");
      expect(
        got.status === 200 &&
          got.text.trim() === bucketFile.content.trim(),
        `${url} answered ${got.status}${
          got.status === 200 ? " with other content" : ""
        }: TikTok's signature file for the URL prefix ${mediaPrefix} is not in the bucket there; put it in the bucket as the object ${
          storage.keyFromPublicUrl(url) ?? bucketFile.fileName
        }, public like the media, then verify the prefix in the TikTok portal (docs/tiktok-audit.md#verifying-your-addresses-with-tiktok)`,
      );
      return `TikTok's signature file for ${mediaPrefix} is served at ${url}: verify that URL prefix in the TikTok portal with it (this check cannot see the portal)`;
    });
  } else if (ownProperty) {
    results.push({
      name: "media URL prefix",
      outcome: "note",
      detail:
        `${mediaPrefix} is not under ${notice.site_url_prefix}, so it must be verified in the TikTok portal as a URL property of its own (TikTok's signature file put in the bucket at that prefix, or the domain by DNS), or TikTok refuses to pull photos from it (url_ownership_unverified); this check cannot see the portal; give TikTok's file for it as AUDIT_CHECK_FILES_VERIFICATION=<file name>=<content> to have this check fetch it there (docs/tiktok-audit.md#verifying-your-addresses-with-tiktok)`,
    });
  }

  await check("redirect URI", async () => {
    const url = notice.redirect_uri as string;
    const got = await get(url);
    // PM3K's callback refuses a visit without TikTok's code and state with
    // 400; a 404, a proxy's redirect or refusal is not PM3K answering.
    expect(
      got.status === 400,
      `${url} answered ${got.status}${
        got.location ? ` (to ${got.location})` : ""
      }, not PM3K's 400 for a visit without TikTok's code: PM3K's sign-in callback is not served at PUBLIC_BASE_URL; PUBLIC_BASE_URL must be the address this server is reached at`,
    );
    return "answered 400 without TikTok's code, as it should";
  });

  await check("sign-in", async () => {
    // The server's own sign-in start names the TikTok app and the redirect
    // URI it really sends: run with another PUBLIC_BASE_URL or
    // TIKTOK_CLIENT_KEY than set here, every check above could pass for
    // addresses the server never sends. It stores one sign-in attempt,
    // which expires unused, as a reviewer's click would.
    let url = `${config.publicBaseUrl}/auth/login`;
    let got = await get(url);
    // Reached by another loopback name than its own PUBLIC_BASE_URL's, the
    // server first sends the browser there (lib/auth/loopback_name.ts):
    // followed, as a browser does, to the redirect URI it sends.
    const renamed = got.status === 302 && got.location !== null
      ? URL.parse(got.location, url)
      : null;
    if (renamed?.pathname === "/auth/login" && renamed.href !== url) {
      url = renamed.href;
      got = await get(url);
    }
    // PM3K's own limit on sign-ins started from one address: a busy
    // rehearsal, or the check run again and again, reaches it. The server
    // is the right one; only the minute is not.
    expect(
      got.status !== 429,
      `${url} answered 429: this machine's address started more than ${SIGN_INS_PER_MINUTE} sign-ins this minute, PM3K's limit per address (docs/accounts.md#sign-in-with-tiktok); run the check again in a minute`,
    );
    expect(
      got.status === 302 && got.location !== null,
      `${url} answered ${got.status}, not PM3K's redirect to TikTok's authorize page: PUBLIC_BASE_URL must be the address this server is reached at`,
    );
    const sent = URL.parse(got.location!, url);
    expect(
      sent !== null && /^https?:$/.test(sent.protocol),
      `${url} redirects to ${JSON.stringify(got.location)}, which is ${
        sent === null ? "no address" : "no http or https address"
      }, not PM3K's redirect to TikTok's authorize page: PUBLIC_BASE_URL must be the address this server is reached at`,
    );
    const authorize = config.tiktok.authBaseUrl;
    expect(
      sent.href.startsWith(`${authorize}/`),
      `the server at PUBLIC_BASE_URL sends sign-in to ${sent.origin}${sent.pathname}, not to TIKTOK_AUTH_BASE_URL as set here (${authorize}): it runs with other TikTok variables; run this check with the server's`,
    );
    const clientKey = sent.searchParams.get("client_key");
    expect(
      clientKey === config.tiktok.clientKey,
      `the server at PUBLIC_BASE_URL signs in with TIKTOK_CLIENT_KEY ${clientKey}, not ${config.tiktok.clientKey} as set here: it runs another TikTok app; run this check with the server's variables, and register the settings in the app it uses`,
    );
    const redirectUri = sent.searchParams.get("redirect_uri");
    expect(
      redirectUri === notice.redirect_uri,
      `the server at PUBLIC_BASE_URL sends the redirect URI ${redirectUri}, not ${notice.redirect_uri}: it runs with another PUBLIC_BASE_URL than set here; set both to the one address it is reached at, and register that in the app`,
    );
    // TikTok refuses a sign-in asking for a scope the app lacks
    // (docs/tiktok-audit.md#scopes-and-post-stats): the scopes the server
    // asks for are the ones to add in the portal, and a server run with
    // another TIKTOK_POST_STATS than set here asks for others.
    const scopes = (sent.searchParams.get("scope") ?? "").split(",")
      .map((s) => s.trim()).filter((s) => s !== "");
    const wanted = config.tiktok.scopes;
    const sameScopes = scopes.length === wanted.length &&
      wanted.every((s) => scopes.includes(s));
    expect(
      sameScopes,
      `the server at PUBLIC_BASE_URL asks TikTok for the scopes ${
        scopes.join(",") || "(none)"
      }, not ${
        wanted.join(",")
      } as set here: it runs with another TIKTOK_POST_STATS (video.list is asked for only with TIKTOK_POST_STATS=on); run this check with the server's variables, and give the app in TikTok's portal every scope the server asks for, since TikTok refuses a sign-in asking for one the app lacks`,
    );
    return `sends sign-in to ${authorize} with client key ${clientKey}, redirect URI ${redirectUri} and scopes ${
      scopes.join(",")
    } (each must be added to the app in TikTok's portal)`;
  });

  const stats = postStatsNote(config);
  if (stats) results.push(stats);

  await check("webhook callback URL", async () => {
    const url = notice.webhook_callback_url as string;
    const got = await get(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(
      got.status === 401,
      `${url} answered ${got.status} to an unsigned event, not 401: TikTok's events would not reach PM3K's check of their signature there`,
    );
    // TikTok signs its events with the app's client secret: one signed
    // with the check's must be taken, or the server's secret is another
    // (a TikTok Sandbox's and its Production app's differ), which no
    // other line sees. It is no event (no `event` field): the server
    // answers 200, logs it and records nothing.
    const body = JSON.stringify({
      pm3k_audit_check:
        "deno task audit-check: a delivery signed with TIKTOK_CLIENT_SECRET, not an event",
    });
    const signed = await get(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [TIKTOK_SIGNATURE_HEADER]: signTikTokWebhook(
          config.tiktok.clientSecret,
          body,
          Math.floor(Date.now() / 1000),
        ),
      },
      body,
    });
    if (signed.status !== 200) {
      // PM3K's own message; in anything else, the status alone is said.
      const said = jsonOf(signed.text)?.message;
      const words = typeof said === "string" ? ` "${said}"` : "";
      throw new Error(
        `${url} ${
          signed.status === 401 ? "refused" : "answered"
        } (${signed.status}) an event signed with TIKTOK_CLIENT_SECRET as set here:${words} ${
          signed.status !== 401
            ? "TikTok wants 200 for each event it sends"
            : /timestamp/.test(words)
            ? "this machine's clock and the server's differ by more than 5 minutes, and the server refuses TikTok's events by its own clock: set the clocks right (NTP)"
            : "TikTok signs its events with its app's client secret, and the server there checks them with another TIKTOK_CLIENT_SECRET than set here: if this one is the app's, the server refuses every one of TikTok's events and TikTok refuses its sign-ins (invalid_client); run this check with the server's variables, and give both the client secret of the TikTok app whose TIKTOK_CLIENT_KEY they use"
        }`,
      );
    }
    return "refuses an unsigned event (401) and takes one signed with TIKTOK_CLIENT_SECRET (200)";
  });

  await check("media at FILES_BASE_URL", async () => {
    if (storage.kind === "local") {
      // PM3K serves only recorded uploads from the disk: a file it does not
      // hold answers its own 404, which shows FILES_BASE_URL reaches it.
      const url = storage.publicUrl(options.mediaKey);
      const got = await get(url);
      const code = jsonOf(got.text)?.error;
      expect(
        got.status === 404 && code === "not_found",
        `${url} answered ${got.status}${
          got.location ? ` (to ${got.location})` : ""
        }, not PM3K's 404 for a file it does not hold: FILES_BASE_URL must reach this PM3K's /files, without redirects (TikTok follows none)`,
      );
      return `${config.filesBaseUrl} is served by this PM3K`;
    }
    const bytes = new TextEncoder().encode("pm3k audit check");
    await storage.put(options.mediaKey, bytes, {
      contentType: "text/plain",
    });
    const url = storage.publicUrl(options.mediaKey);
    try {
      const got = await get(url);
      expect(
        got.status === 200 && got.text === "pm3k audit check",
        `${url} answered ${got.status}${
          got.location ? ` (to ${got.location})` : ""
        }: TikTok pulls photos and videos from FILES_BASE_URL without following redirects, so a file written to the bucket must be served there`,
      );
    } finally {
      await storage.delete(options.mediaKey);
    }
    return `a file written to the bucket was served at ${url}`;
  });
  results.push(privacyOfferedCheck(config.tiktokAppAudited, options.apiKey));
  if (options.apiKey) {
    const apiKey = options.apiKey;
    const withKey = (url: string) =>
      get(url, { headers: { Authorization: `Bearer ${apiKey}` } });
    await check(
      "server's composer",
      () => serverComposerCheck(withKey, config),
    );
    await check(
      "test account's permissions",
      () => grantedScopesCheck(withKey, config),
    );
  } else {
    // Not run is said, not left out: without these lines an owner whose
    // test account is public, or withheld a permission, reads every line
    // ok and records a demo TikTok refuses
    // (docs/tiktok-audit.md#checking-before-you-submit).
    results.push(...notCheckedWithoutKey());
  }
  return results;
}

/**
 * Sign-in asks for video.list (TIKTOK_POST_STATS=on) while the app is
 * unaudited: TikTok's reviewers ask to see each scope asked for in use,
 * and the demo's posts, private, show no counts
 * (docs/tiktok-audit.md#scopes-and-post-stats). A note, as both ways
 * through are open; null when sign-in does not ask for it or the app is
 * audited.
 */
export function postStatsNote(
  config: Pick<Config, "tiktok" | "tiktokAppAudited">,
): ReviewCheckResult | null {
  if (config.tiktokAppAudited || !config.tiktok.scopes.includes("video.list")) {
    return null;
  }
  return {
    name: "post stats",
    outcome: "note",
    detail:
      "sign-in asks for video.list (TIKTOK_POST_STATS=on), and TikTok's reviewers ask to see each scope asked for in use; with TIKTOK_APP_AUDITED=false every post stays private and TikTok gives counts of public posts only, so your demo can show the posts page but no views or likes: say so in the submission, or review without it (TIKTOK_POST_STATS unset, Display API and video.list added to the app after the audit) (docs/tiktok-audit.md#scopes-and-post-stats)",
  };
}

/**
 * The two lines AUDIT_CHECK_API_KEY runs, as notes saying they did not
 * run, what each would have seen and how to run them.
 */
export function notCheckedWithoutKey(): ReviewCheckResult[] {
  const how =
    "set AUDIT_CHECK_API_KEY to an API key of your signed-in test account (its dashboard's Settings) and run the check again";
  return [
    {
      name: "server's composer",
      outcome: "note",
      detail:
        `not checked: ${how}, to ask the server at PUBLIC_BASE_URL what its composer offers that account (its TIKTOK_APP_AUDITED, "Only me" alone while unaudited) and whether the account looks public, which TikTok refuses every post of an unaudited app from (tiktok_unaudited_private_only)`,
    },
    {
      name: "test account's permissions",
      outcome: "note",
      detail:
        `not checked: ${how}, to see whether the test account withheld a permission at sign-in that the demo must show in use (video.upload for drafts)`,
    },
  ];
}

/**
 * audit-check's last line when nothing failed: how many notes are above,
 * since each says what the check could not see or did not check.
 */
export function allPassedSummary(results: ReviewCheckResult[]): string {
  const notes = results.filter((r) => r.outcome === "note").length;
  return notes === 0
    ? "Nothing TikTok fetches failed."
    : `Nothing TikTok fetches failed; ${notes} ${
      notes === 1 ? "note" : "notes"
    } above say what this check could not see or did not check: read ${
      notes === 1 ? "it" : "them"
    } before you submit.`;
}

/** The posting screen's failure: the composer, `how` rendered, and its problems. */
function notWhatReviewerSees(
  name: string,
  how: string,
  problems: string[],
): ReviewCheckResult {
  return {
    name,
    outcome: "fail",
    detail: `PM3K's composer, ${how}, is not what TikTok's reviewer must see: ${
      problems.join("; ")
    } (docs/dashboard.md#tiktok-audit-checklist)`,
  };
}

/**
 * What the posting screen offers a reviewer: PM3K's composer fields
 * rendered here for simulated creators with the check's
 * TIKTOK_APP_AUDITED, read as a reviewer's screen as it opens and after
 * each disclosure choice and a video too long, and for a creator
 * creator_info says cannot post now (composer_check.tsx).
 * TikTok's reviewer of an app not yet audited must see "Only me" alone
 * (docs/tiktok-audit.md#running-unaudited); the check cannot tell whether
 * the audit passed, so an audited server is a note, not a failure. The
 * server's own composer needs a signed-in creator: the line says it is
 * not seen.
 */
export function privacyOfferedCheck(
  audited: boolean,
  apiKey?: string,
): ReviewCheckResult {
  const name = "posting screen";
  const setting = `TIKTOK_APP_AUDITED=${audited}`;
  for (const { account, info } of SIMULATED_CREATORS) {
    for (const mode of ["video", "photo"] as const) {
      const problems = [
        ...composerProblems(
          renderComposerFields(info, audited, mode),
          info,
          audited,
          mode,
        ),
        // The reviewer's next steps: the disclosure, a video too long.
        ...composerStepProblems(
          (choices) => renderComposerFields(info, audited, mode, choices),
          info,
          audited,
          mode,
        ),
      ];
      if (problems.length === 0) continue;
      return notWhatReviewerSees(
        name,
        `rendered here with ${setting} for a ${mode} post of a simulated ${account} TikTok account`,
        problems,
      );
    }
  }
  // TikTok's point 1 for a creator who cannot post now, then point 6.
  const after = [...cannotPostProblems(), ...afterPostProblems()];
  if (after.length > 0) {
    return notWhatReviewerSees(name, "rendered here", after);
  }
  const seen =
    `PM3K's composer, rendered here with ${setting} for a video and a photo post of a simulated public and a simulated private TikTok account, names the creator and shows the avatar from creator_info, has "Who can view this post" offer ${
      audited
        ? "each account's own privacy options"
        : '"Only me" alone, saying why'
    }, with nothing chosen and the post button waiting for a choice; comments, Duet and Stitch unticked under TikTok's names, greyed with the reason beside them where creator_info turns them off, and for photos comments alone; "Disclose post content" so named and off, and turned on, TikTok's sentence holding the button until "Your brand" ("Promotional content") or "Branded content" ("Paid partnership", "Only me" closed, TikTok's Branded Content Policy added to the consent line) is ticked; the chosen video or photos shown in a preview above the post button; TikTok's Music Usage Confirmation linked above the post button; a video longer than creator_info's max_video_post_duration_sec said so and refused; when creator_info says the account cannot post now, an alert saying so, with TikTok's reason and to try again later, and the post button held; once a post is sent, that processing can take a few minutes and where its progress shows, and once a draft is sent, to open the notification in the TikTok app to finish it. The server's own composer is shown only to a signed-in creator and is not seen from here: it offers the same when it runs this version of PM3K with ${setting} (deno task audit-check:page reads this version's page as served to a signed-in simulated creator, in headless Chromium)${
      apiKey
        ? " (what the server gives it: the line below)"
        : "; set AUDIT_CHECK_API_KEY to an API key of your signed-in test account to ask the server too"
    }`;
  return audited
    ? {
      name,
      outcome: "note",
      detail:
        `${seen}. Until TikTok's Direct Post audit passes, TikTok keeps every post private, so the review's demo must run with TIKTOK_APP_AUDITED=false (docs/tiktok-audit.md#running-unaudited)`,
    }
    : { name, outcome: "ok", detail: seen };
}

/**
 * What the server at PUBLIC_BASE_URL gives its composer for the test
 * creator whose API key the check holds: `GET /api/tiktok/creator_info`,
 * the composer's own source (docs/posting.md#creator-info-and-posts), so
 * the server's TIKTOK_APP_AUDITED and the creator's real privacy options
 * are seen, not the check's. API keys are answered TikTok's answer kept
 * for 5 minutes (docs/posting.md#creator-info-and-posts); the composer asks TikTok afresh.
 */
async function serverComposerCheck(
  get: (url: string) => Promise<Fetched>,
  config: Pick<Config, "publicBaseUrl" | "tiktokAppAudited">,
): Promise<string | { note: string }> {
  const url = `${config.publicBaseUrl}/api/tiktok/creator_info`;
  const got = await get(url);
  const body = jsonOf(got.text);
  // PM3K's answer names the privacy options; a proxy's page does not.
  if (
    got.status !== 200 || body === null ||
    !Array.isArray(body.privacy_level_options)
  ) {
    const field = (name: string) =>
      typeof body?.[name] === "string" ? body[name] as string : null;
    const code = field("error");
    // TikTok refused creator_info (its daily cap, a ban, the app's 5
    // users): the server's words say which, as the composer shows them.
    const tiktokCode = field("tiktok_code");
    const message = field("message");
    throw new Error(
      `${url} answered ${got.status}${
        code ? ` (${code}${tiktokCode ? `, TikTok's ${tiktokCode}` : ""})` : ""
      } with AUDIT_CHECK_API_KEY: ${
        got.status === 401
          ? "the key is not one of this server's; give the API key on the dashboard's Settings page of your signed-in test account"
          : code && tiktokCode
          ? `${
            message ? `"${message}"; ` : ""
          }the composer says the same and takes no post from this account, so no demo can be recorded with it now (the code is explained in docs/api.md)`
          : code
          ? `the server could not say what its composer offers${
            message ? `: "${message}"` : ""
          }; the code is explained in docs/api.md`
          : "not PM3K's answer naming the creator's privacy options: PUBLIC_BASE_URL must be the address this server is reached at"
      }`,
    );
  }
  const audited = body.app_audited;
  if (audited !== config.tiktokAppAudited) {
    throw new Error(
      `the server at PUBLIC_BASE_URL runs with TIKTOK_APP_AUDITED=${audited}, not ${config.tiktokAppAudited} as set here: its composer offers ${
        audited
          ? "every privacy the creator's TikTok settings allow"
          : '"Only me" alone'
      }; run this check with the server's variables`,
    );
  }
  const who = `${body.creator_nickname ?? "the key's account"}${
    body.creator_username ? ` (@${body.creator_username})` : ""
  }`;
  if (body.available !== true) {
    throw new Error(
      `TikTok takes no post from ${who} now (its cooldown), so the composer shows no choices; run the check again later`,
    );
  }
  const options = (body.privacy_level_options as string[]).map(privacyLabel);
  if (!audited && options.length !== 1) {
    throw new Error(
      `the server gives its composer ${
        options.join(", ") || "no privacy"
      } for ${who}, not "Only me" alone as an app TikTok has not audited must`,
    );
  }
  const offered =
    `the server gives its composer for ${who}: "Who can view this post" lists ${
      options.map((o) => `"${o}"`).join(", ")
    } (TIKTOK_APP_AUDITED=${audited}); comments ${
      body.comment_disabled ? "turned off" : "open"
    }, Duet ${body.duet_disabled ? "turned off" : "open"} and Stitch ${
      body.stitch_disabled ? "turned off" : "open"
    } in the creator's TikTok settings; videos up to ${body.max_video_post_duration_sec} s`;
  // TikTok refuses every post of an unaudited app to a public account:
  // one that looks public (account_looks_public.ts) gets a note, never a
  // failure that would stop an owner whose private account TikTok answers
  // otherwise.
  const open = audited ? null : openOnPublicLooking(body);
  if (open) {
    return {
      note:
        `${offered}. The TikTok account of AUDIT_CHECK_API_KEY looks public: its creator_info leaves ${open} open, which TikTok's documentation says it turns off for a private account, and TikTok refuses every post of an app it has not audited to a public account (tiktok_unaudited_private_only), so no demo could be recorded with it; if it is public, make it private (TikTok app: Settings and privacy → Privacy → Private account), open Compose once (an API key is answered the creator_info PM3K keeps for 5 minutes, which opening the composer renews) and run the check again`,
    };
  }
  return offered;
}

/**
 * The scopes the test account of AUDIT_CHECK_API_KEY granted
 * (`GET /api/me`'s `tiktok_scopes`): a creator may withhold one of them at
 * sign-in (docs/accounts.md#sign-in-with-tiktok), and the review's demo
 * shows what each opens, so one withheld fails, naming it.
 */
async function grantedScopesCheck(
  get: (url: string) => Promise<Fetched>,
  config: Pick<Config, "publicBaseUrl" | "tiktok">,
): Promise<string> {
  const url = `${config.publicBaseUrl}/api/me`;
  const got = await get(url);
  const body = jsonOf(got.text);
  const granted = body?.tiktok_scopes;
  if (
    got.status !== 200 || !Array.isArray(granted) ||
    !granted.every((s) => typeof s === "string")
  ) {
    throw new Error(
      `${url} answered ${got.status} with AUDIT_CHECK_API_KEY, naming no tiktok_scopes: ${
        got.status === 200
          ? "the server runs an older PM3K than this check; update it"
          : "see the server's composer line above"
      }`,
    );
  }
  const name = typeof body?.display_name === "string"
    ? body.display_name
    : "the key's account";
  const missing = config.tiktok.scopes.filter((s) => !granted.includes(s));
  if (missing.length > 0) {
    throw new Error(
      `${name} withheld ${
        missing.map((s) => `${s} (${SCOPE_USES[s] ?? "asked for"})`).join(
          " and ",
        )
      } on TikTok's consent screen, so the demo cannot show it; sign the test account out of PM3K, sign in again and allow every permission TikTok lists, then run the check again`,
    );
  }
  return `${name} granted every scope sign-in asks for: ${
    config.tiktok.scopes.join(", ")
  }`;
}

/**
 * The website's title names SERVICE_NAME, the name TikTok wants the app in
 * its portal to carry (docs/tiktok-audit.md#the-service-name): a server run
 * with another SERVICE_NAME than the check's fails. The portal itself
 * cannot be seen from here, so the ok line says what to give it.
 */
function serviceNameCheck(
  serviceName: string,
  url: string,
  website: Fetched | null,
): ReviewCheckResult {
  const name = "service name";
  if (website === null) {
    return {
      name,
      outcome: "note",
      detail: "not checked: the website could not be read (above)",
    };
  }
  const title = website.text.match(/<title>([^<]*)<\/title>/i)?.[1] ?? null;
  if (title === null || !title.startsWith(escapeHtml(serviceName))) {
    return {
      name,
      outcome: "fail",
      detail: `${url} is ${
        title === null ? "untitled" : `titled "${title}"`
      }, not after SERVICE_NAME "${serviceName}": the server there runs with another SERVICE_NAME than set here; run this check with the server's variables`,
    };
  }
  // The default is the software's name, not the owner's app's: an owner
  // who forgot SERVICE_NAME would register, or show, a name not theirs
  // (docs/tiktok-audit.md#the-service-name). A note: the check cannot see
  // what the portal's app is called.
  if (serviceName === DEFAULT_SERVICE_NAME) {
    return {
      name,
      outcome: "note",
      detail:
        `the pages call the service "${serviceName}", the software's own name and SERVICE_NAME's default: TikTok's reviewer compares the app's name in the developer portal with the website's, and your app needs a name of your own; set SERVICE_NAME to it on the server and here (docs/tiktok-audit.md#the-service-name)`,
    };
  }
  return {
    name,
    outcome: "ok",
    detail:
      `the pages call the service "${serviceName}" (SERVICE_NAME): your app's name in TikTok's developer portal must be the same`,
  };
}
