import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import type { SiteConfig } from "@/lib/config.ts";
import {
  NO_CONTACT_ADDRESS,
  operatorOf,
  PolicyContact,
} from "@/components/site/PolicyContact.tsx";
import { POSTING_LIMITS } from "@/lib/plans.ts";
import { PlanTable } from "@/components/PlanTable.tsx";
import { spokenDuration } from "@/lib/site/spoken_duration.ts";
import { DUPLICATE_WINDOW_MS } from "@/lib/posting/post_reservation.ts";

interface HomeData {
  site: SiteConfig;
  publicBaseUrl: string;
  /** Sign-in asks for video.list (TIKTOK_POST_STATS on). */
  asksForCounts: boolean;
  /** The TikTok simulator stands in for TikTok: a trial run. */
  sandbox: boolean;
}

/** The page names who runs this server, from OPERATOR_NAME and CONTACT_EMAIL. */
export const handler: Handlers = {
  GET(c) {
    const { config } = c.get("deps");
    return c.get("render")(
      {
        site: config.site,
        publicBaseUrl: config.publicBaseUrl,
        asksForCounts: config.tiktok.scopes.includes("video.list"),
        sandbox: config.sandbox,
      } satisfies HomeData,
    );
  },
};

/**
 * The start page: what PM3K does, how, its plans and who runs it, then the
 * sign-in button; a website's front page rather than a login form, as
 * TikTok's app review asks (docs/tiktok-audit.md#developer-portal-settings).
 * No islands.
 */
export default function Home(props: PageProps<HomeData>) {
  const { serviceName } = props;
  return (
    <main class="narrow home">
      <h1>Post to TikTok from your automations</h1>
      <p>
        {serviceName}{" "}
        connects n8n, Make, Zapier, AI agents or your own scripts to TikTok, and
        gives creators a dashboard to compose, schedule and follow their posts.
        Sign in with TikTok, pick a plan, then post from the dashboard or call
        {" "}
        <code>POST /api/tiktok/direct_post</code>.
      </p>
      {props.account
        ? (
          <p>
            <a class="button" href="/dashboard">Open your dashboard</a>
          </p>
        )
        : (
          <p>
            <a class="button" href="/auth/login" data-testid="sign-in">
              Sign in with TikTok
            </a>
          </p>
        )}
      <h2>How it works</h2>
      <ol>
        <li>
          Sign in with your TikTok account. TikTok asks you to allow{" "}
          {serviceName}{" "}
          to read your basic profile (your name and avatar), to post videos and
          photos for you{props.data.asksForCounts
            ? ", to send them to your TikTok drafts, and to read the views and likes of your public videos; you may withhold posting or drafts (one of them), and the views and likes."
            : ", and to send them to your TikTok drafts; you may withhold one of the last two."}
        </li>
        <li>
          Upload a video or photos, or give {serviceName}{" "}
          a link to them (a Google Drive, Dropbox or OneDrive for work or school
          share link works).
        </li>
        <li>
          Choose who can view the post and its settings in TikTok's own words,
          then post now, schedule it, or send it to your TikTok drafts.
        </li>
        <li>
          Follow each post until TikTok publishes it, on the dashboard or
          through a signed webhook to your automation.
        </li>
      </ol>
      <h2>What {serviceName} takes care of</h2>
      <ul>
        <li>
          TikTok's Content Posting API: sign-in, tokens kept fresh, file
          uploads, retries and TikTok's rate limits.
        </li>
        <li>
          Your files, hosted until TikTok has them, checked before posting
          (vertical video, length, photo sizes) so a post is not refused late.
        </li>
        <li>
          Rules against spam: {POSTING_LIMITS.postsPerDay} posts a day and{" "}
          {POSTING_LIMITS.postsPerHour}{" "}
          an hour per account, the same video link or upload posted at most once
          and no caption used twice on an account within{" "}
          {spokenDuration(DUPLICATE_WINDOW_MS)}{" "}
          (uploading a file again makes a new link), no forbidden words.
        </li>
        <li>
          Nothing posted twice and nothing lost: retried requests answer the
          same, and a scheduled post runs once.
        </li>
      </ul>
      <h2>Plans</h2>
      <PlanTable />
      <p>
        Developers: the <a href="/docs">API reference</a> and the{" "}
        <a href="/docs/guide">guide</a> show every endpoint and how to call it.
      </p>
      <h2>Who runs this service</h2>
      <p data-testid="home-operator">
        {serviceName} at {props.data.publicBaseUrl} is run by{" "}
        {operatorOf(props.data.site)}. {props.data.site.contactEmail
          ? (
            <>
              Questions: <PolicyContact site={props.data.site} />.
            </>
          )
          : (
            // The operator was just named: the contact line does not
            // name them again (docs/accounts.md#privacy-policy-and-terms).
            <span data-testid="policy-contact">
              Write to them {NO_CONTACT_ADDRESS}.
            </span>
          )}
      </p>
      {props.data.sandbox &&
        !(props.data.site.operatorName && props.data.site.contactEmail) && (
          // Whoever reads a sandbox's start page runs it; production's
          // visitors are the public, and its start log warns the operator
          // (docs/accounts.md#privacy-policy-and-terms).
          <p class="muted" data-testid="home-operator-hint">
            You run this server? Set OPERATOR_NAME and CONTACT_EMAIL to have
            this section, the Privacy Policy and the Terms name you and your
            address (docs/configuration.md). Only the sandbox shows this note.
          </p>
        )}
    </main>
  );
}
