import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import type { SiteConfig } from "@/lib/config.ts";
import { dataKept } from "@/lib/site/data_kept.ts";
import type { DataKept } from "@/lib/site/data_kept.ts";
import { TERMS_PATH } from "@/lib/site/policy_links.ts";
import { operatorOf, PolicyContact } from "@/components/site/PolicyContact.tsx";

interface PrivacyData {
  site: SiteConfig;
  publicBaseUrl: string;
  rows: DataKept[];
  bucket: boolean;
  /** Sign-in asks for video.list (TIKTOK_POST_STATS=on). */
  asksForCounts: boolean;
}

/**
 * PM3K's Privacy Policy, from what this server keeps and for how long
 * (docs/accounts.md#privacy-policy-and-terms); the operator's own page
 * instead when PRIVACY_POLICY_URL names one.
 */
export const handler: Handlers = {
  GET(c) {
    const { config } = c.get("deps");
    const own = config.site.privacyPolicyUrl;
    if (own) return c.redirect(own, 302);
    return c.get("render")(
      {
        site: config.site,
        publicBaseUrl: config.publicBaseUrl,
        rows: dataKept(config),
        bucket: config.storage.kind === "s3",
        asksForCounts: config.tiktok.scopes.includes("video.list"),
      } satisfies PrivacyData,
    );
  },
};

export default function Privacy(
  { data, serviceName }: PageProps<PrivacyData>,
) {
  const { site } = data;
  return (
    <main class="narrow policy">
      <h1>Privacy Policy</h1>
      <p>
        This service, {serviceName} at {data.publicBaseUrl}, is run by{" "}
        {operatorOf(site)}. It posts your videos and photos to TikTok when you
        ask it to, from its dashboard or from your automations, through TikTok's
        official Content Posting API. This page says what it keeps about you,
        for how long, and who else receives it. Its{" "}
        <a href={TERMS_PATH}>Terms of Service</a>{" "}
        say how the service may be used.
      </p>
      <h2>What is kept, and for how long</h2>
      <table data-testid="data-kept">
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">Kept</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.what}>
              <td>{row.what}</td>
              <td>{row.kept}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {serviceName}{" "}
        logs each request with its time, address path, answer and account
        identifier: never its query or body, nor your IP address. The work it
        does on its own (scheduled posts, status checks, webhook deliveries,
        renewing TikTok's access) is logged with the account identifier, the
        identifiers of the posts and jobs concerned and, when something fails,
        what failed, which can name the address of a file or of your webhook:
        never a caption or a TikTok token. Those logs, and any the hosting in
        front of {serviceName}{" "}
        keeps, are kept as long as the operator's hosting keeps them.
      </p>
      <h2>How it is used</h2>
      <p>
        Only to do what you ask: sign you in with TikTok, keep your files until
        TikTok has them, post them with the caption and choices you made, show
        your posts and scheduled posts, and notify the webhook address you set.
        Nothing is sold, used for advertising, or shared with anyone else.
      </p>
      <h2>Who else receives it</h2>
      <ul>
        <li>
          TikTok: the files, captions and choices of each post you make, and the
          requests {serviceName} makes with your tokens. TikTok's own{" "}
          <a href="https://www.tiktok.com/legal/privacy-policy">
            privacy policy
          </a>{" "}
          applies to them there.
        </li>
        <li>
          {data.bucket
            ? "The storage provider of this service's file bucket, where your files are kept until the time above."
            : "No storage provider: your files are kept on this server's own disk until the time above."}
        </li>
        <li>
          The webhook address you set, if any: what happened to your posts.
        </li>
      </ul>
      <h2>Your choices</h2>
      <ul>
        <li>
          Remove{" "}
          {serviceName}'s access in TikTok's settings, among the apps connected
          to your account: {serviceName}{" "}
          can then no longer post or read anything for you, and your scheduled
          posts fail. What it keeps for your account stays, for the times above,
          until you delete the account (below).
        </li>
        <li>
          Delete your files on the dashboard's Media page, cancel scheduled
          posts, regenerate or stop using your API key, and sign out.
        </li>
        <li>
          Delete your account from {serviceName}{" "}
          on the dashboard's Settings page: everything above kept for your
          account is deleted at once, every browser is signed out of it, and
          {" "}
          {serviceName}'s access is revoked in TikTok. What is already on TikTok
          stays there.
        </li>
        <li>
          To ask what is kept about you, or to have your account deleted when
          you cannot sign in (after removing{" "}
          {serviceName}'s access in TikTok, say), write to{" "}
          <PolicyContact site={site} />: the operator deletes it as the Settings
          page would.
        </li>
      </ul>
      <h2>Security</h2>
      <p>
        TikTok's tokens are stored encrypted, API keys only as hashes, and the
        dashboard's session cookie is HTTP-only. {serviceName}{" "}
        asks TikTok only for the permissions it needs to post: your basic
        profile, and to publish and upload videos and photos{data.asksForCounts
          ? "; and, to show them to you, for the views and likes of your public videos."
          : "."}
      </p>
      <h2>Changes</h2>
      <p>
        This page always shows how the service works now. Questions: write to
        {" "}
        <PolicyContact site={site} />.
      </p>
    </main>
  );
}
