/**
 * What the TikTok developer app behind this server must say, logged once
 * at start in production (docs/tiktok-audit.md#developer-portal-settings):
 * the addresses to register there come from PUBLIC_BASE_URL,
 * FILES_BASE_URL and the policy links, so an owner can copy them instead
 * of composing them; with them the app's name (SERVICE_NAME), which the
 * portal's must match, and the scopes sign-in asks for, each of which the
 * app must have, or TikTok refuses the sign-in.
 * @module
 */
import type { Config } from "../config.ts";
import type { LogLine } from "../runtime/logger.ts";
import { oauthRedirectUri } from "../auth/oauth_paths.ts";
import { TIKTOK_WEBHOOK_PATH } from "../tiktok_webhooks/tiktok_webhook_paths.ts";
import { policyLinks } from "../site/policy_links.ts";

/** What the TikTok app's addresses are made of. */
export type TikTokAppConfig = Pick<
  Config,
  | "sandbox"
  | "publicBaseUrl"
  | "filesBaseUrl"
  | "tiktokAppAudited"
  | "site"
  | "tiktokSiteVerification"
  | "tiktok"
>;

/** The start-up line naming the TikTok app's settings; none in the sandbox. */
export function tiktokAppNotice(config: TikTokAppConfig): LogLine | null {
  if (config.sandbox) return null;
  const redirectUri = oauthRedirectUri(config);
  const webhookUrl = `${config.publicBaseUrl}${TIKTOK_WEBHOOK_PATH}`;
  const urlPrefix = `${config.filesBaseUrl}/`;
  // The app's own addresses are verified too: PUBLIC_BASE_URL/ covers the
  // files when they are served under it (docs/tiktok-audit.md#verifying-your-addresses-with-tiktok).
  const sitePrefix = `${config.publicBaseUrl}/`;
  const verificationFile = config.tiktokSiteVerification
    ? `${sitePrefix}${config.tiktokSiteVerification.fileName}`
    : null;
  // The file PM3K serves proves PUBLIC_BASE_URL/ alone: a bucket's prefix
  // is a property of its own, with its own file put in the bucket.
  const site = verificationFile
    ? `${sitePrefix} (TikTok's signature file served at ${verificationFile})`
    : sitePrefix;
  const prefixes = urlPrefix.startsWith(sitePrefix)
    ? site
    : `${site} and ${urlPrefix} (its own signature file put in the bucket, or its domain by DNS)`;
  // The app's details: the website, and its policies (the operator's own,
  // or PM3K's pages on this origin).
  const website = `${config.publicBaseUrl}/`;
  const links = policyLinks(config.site);
  const absolute = (link: string) => new URL(link, website).href;
  const terms = absolute(links.terms);
  const privacy = absolute(links.privacy);
  // TIKTOK_POST_STATS adds video.list (docs/tiktok-audit.md#scopes-and-post-stats).
  const scopes = config.tiktok.scopes.join(",");
  return {
    level: "info",
    message:
      `TikTok app settings for this server: app name ${config.site.serviceName} (SERVICE_NAME, as the website and sign-in show it), website URL ${website}, Terms of Service URL ${terms}, Privacy Policy URL ${privacy}, redirect URI ${redirectUri}, webhook callback URL ${webhookUrl}, URL prefixes to verify (URL properties) ${prefixes}, scopes the app must have (products Login Kit and Content Posting API with Direct Post) ${scopes}; ${
        config.tiktokAppAudited
          ? "TIKTOK_APP_AUDITED=true: every privacy option the creator's TikTok settings allow"
          : "TIKTOK_APP_AUDITED=false: only SELF_ONLY posts, to private TikTok accounts, until TikTok audits the app"
      } (docs/tiktok-audit.md)`,
    // TikTok's reviewer compares the app's name in its portal with the
    // website's (docs/tiktok-audit.md#the-service-name).
    app_name: config.site.serviceName,
    website_url: website,
    terms_of_service_url: terms,
    privacy_policy_url: privacy,
    redirect_uri: redirectUri,
    webhook_callback_url: webhookUrl,
    url_prefix: urlPrefix,
    site_url_prefix: sitePrefix,
    site_verification_file: verificationFile,
    scopes,
    app_audited: config.tiktokAppAudited,
  };
}
