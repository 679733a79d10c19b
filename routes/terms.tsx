import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import type { SiteConfig } from "@/lib/config.ts";
import { POSTING_LIMITS } from "@/lib/plans.ts";
import { PRIVACY_PATH } from "@/lib/site/policy_links.ts";
import { planFileTimes } from "@/lib/site/data_kept.ts";
import { spokenDuration } from "@/lib/site/spoken_duration.ts";
import {
  DUPLICATE_WINDOW_MS,
  GLOBAL_CAPTION_ACCOUNTS,
} from "@/lib/posting/post_reservation.ts";
import {
  BRANDED_CONTENT_URL,
  MUSIC_USAGE_URL,
} from "@/lib/tiktok/tiktok_policies.ts";
import { operatorOf, PolicyContact } from "@/components/site/PolicyContact.tsx";

interface TermsData {
  site: SiteConfig;
  publicBaseUrl: string;
}

/**
 * PM3K's Terms of Service (docs/accounts.md#privacy-policy-and-terms); the
 * operator's own page instead when TERMS_URL names one.
 */
export const handler: Handlers = {
  GET(c) {
    const { config } = c.get("deps");
    const own = config.site.termsUrl;
    if (own) return c.redirect(own, 302);
    return c.get("render")(
      {
        site: config.site,
        publicBaseUrl: config.publicBaseUrl,
      } satisfies TermsData,
    );
  },
};

export default function Terms(
  { data, serviceName }: PageProps<TermsData>,
) {
  const { site } = data;
  return (
    <main class="narrow policy">
      <h1>Terms of Service</h1>
      <p>
        These terms cover {serviceName} at {data.publicBaseUrl}, run by{" "}
        {operatorOf(site)}. By signing in you accept them. What the service
        keeps about you is in its <a href={PRIVACY_PATH}>Privacy Policy</a>.
      </p>
      <h2>The service</h2>
      <p>
        {serviceName}{" "}
        posts videos and photos to the TikTok accounts you sign in with, when
        you ask it to: from its dashboard, on a schedule, or from your
        automations through its API. It uses TikTok's official Content Posting
        API, with the permissions you grant when you sign in; you can remove
        them in TikTok's settings at any time.
      </p>
      <h2>What you post</h2>
      <ul>
        <li>
          You post only what you own or have the right to post, and you remain
          responsible for it.
        </li>
        <li>
          Your posts follow TikTok's{" "}
          <a href="https://www.tiktok.com/legal/terms-of-service">
            Terms of Service
          </a>,{" "}
          <a href="https://www.tiktok.com/community-guidelines">
            Community Guidelines
          </a>{" "}
          and <a href={MUSIC_USAGE_URL}>Music Usage Confirmation</a>, and the
          {" "}
          <a href={BRANDED_CONTENT_URL}>Branded Content Policy</a>{" "}
          when you disclose branded content.
        </li>
        <li>
          {serviceName} refuses spam: at most {POSTING_LIMITS.postsPerDay}{" "}
          posts a day and {POSTING_LIMITS.postsPerHour}{" "}
          an hour per TikTok account, the same video link or upload posted at
          most once and no caption used twice on an account within{" "}
          {spokenDuration(DUPLICATE_WINDOW_MS)}{" "}
          (uploading a file again makes a new link), no caption on more than
          {" "}
          {GLOBAL_CAPTION_ACCOUNTS}{" "}
          accounts in a day, and no captions with forbidden words or links.
          TikTok may refuse or remove posts by its own rules.
        </li>
      </ul>
      <h2>Plans</h2>
      <p>
        Each account has a plan, chosen after its first sign-in. Files are
        deleted at the end of the plan's file time:{" "}
        {planFileTimes()}. Keep your own copies.
      </p>
      <h2>Availability</h2>
      <p>
        The service is provided as it is. Posting depends on TikTok, which may
        be slow or unavailable; {serviceName}{" "}
        retries what it safely can and tells you what happened to each post, but
        cannot promise that TikTok publishes it.
      </p>
      <h2>Ending</h2>
      <p>
        You can stop at any time: delete your account on the dashboard's
        Settings page, which deletes what {serviceName} keeps for it and revokes
        {" "}
        {serviceName}'s access in TikTok, or remove{" "}
        {serviceName}'s access in TikTok and sign out. The operator may delete
        an account used against these terms, with everything kept for it. What
        is already on TikTok stays there.
      </p>
      <h2>Contact</h2>
      <p>
        Write to <PolicyContact site={site} />.
      </p>
    </main>
  );
}
