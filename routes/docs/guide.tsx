import { ERROR_STATUS } from "@/lib/errors.ts";
import { POSTING_LIMITS } from "@/lib/plans.ts";
import { PlanTable } from "@/components/PlanTable.tsx";
import { STOP_WORDS } from "@/lib/posting/stop_words.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import {
  REPLAY_WINDOW_SECONDS,
  SIGNATURE_HEADER,
} from "@/lib/webhooks/webhooks.ts";

interface GuideData {
  /** The schedule example's `run_at`: tomorrow 12:30 UTC, never past. */
  runAtExample: string;
}

export const handler: Handlers = {
  GET(c) {
    const now = new Date(c.get("deps").clock.now());
    const tomorrow = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate() + 1,
      12,
      30,
    );
    return c.get("render")(
      {
        runAtExample: new Date(tomorrow).toISOString().replace(".000Z", "Z"),
      } satisfies GuideData,
    );
  },
};

/** The hand-written guide, following the public docs of the service. */
export default function Guide(
  { data, url, serviceName }: PageProps<GuideData>,
) {
  const base = url.origin;
  return (
    <main class="narrow guide">
      <h1>{serviceName} guide</h1>
      <p>
        The full reference is at <a href="/docs">/docs</a>. All answers are JSON
        {" "}
        with <code>Content-Type: application/json; charset=UTF-8</code>.
      </p>
      <h2>1. Sign in and pick a plan</h2>
      <p>
        <a href="/auth/login">Sign in with TikTok</a>{" "}
        (OAuth 2.0 + PKCE), then choose Free, Monthly or Annual. Plans change
        key lifetime, storage time and upload limits; TikTok posting limits are
        the same on every plan ({POSTING_LIMITS.postsPerDay} posts/day,{" "}
        {POSTING_LIMITS.postsPerHour} post/hour).
      </p>
      <PlanTable />
      <h2>2. API key</h2>
      <p>
        In the dashboard,{" "}
        <em>Issue / Regenerate key</em>, copy it once, and send it as{" "}
        <code>Authorization: Bearer YOUR_API_KEY</code>.
      </p>
      <h2>3. A video URL</h2>
      <p>
        Upload in the dashboard, or through the API, and use the upload's{" "}
        <code>url</code> as{" "}
        <code>source_url</code>: a file you have, sent as the body of{" "}
        <code>POST /api/uploads?filename=clip.mp4</code> (or as a form's{" "}
        <code>file</code>); a public link, a Google Drive, Dropbox or
        OneDrive/SharePoint share link or an S3 presigned link, with{" "}
        <code>POST /api/uploads/from_url</code>{" "}
        <code>{`{ "url": "…" }`}</code>; or <code>POST /api/uploads</code>{" "}
        with JSON, PUT the bytes, then{" "}
        <code>POST /api/uploads/&#123;id&#125;/complete</code>. Or verify your
        own domain with a <code>pm3k-verify.txt</code> file and use its URLs:
        {" "}
        {serviceName} copies them into its storage first.
      </p>
      <h2>4. Post</h2>
      <pre>{`curl -X POST ${base}/api/tiktok/direct_post \\
  -H "Authorization: Bearer $PM3K_KEY" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: my-first-post" \\
  -d '{"source_url": "…/uploads/…/video.mp4", "title": "My caption",
       "privacy": "SELF_ONLY"}'`}</pre>
      <p>
        The <code>Idempotency-Key</code>{" "}
        names this one post: a retry (a timeout, a lost answer) sends the same
        key and body and gets the first answer, never a second post. A new post,
        or this one corrected after a refusal, takes a new key (in n8n, for
        example, the execution id and the item's index).
      </p>
      <p>
        Answer:{" "}
        <code>{`{ "ok": true, "publish_id": "…" }`}</code>. Photo posts send
        {" "}
        <code>"media_type": "PHOTO"</code> and <code>photo_images</code>.
      </p>
      <p data-testid="guide-privacy">
        <code>"privacy": "SELF_ONLY"</code>{" "}
        (Only me) is the one privacy a TikTok app may post with until it passes
        TikTok's audit (a new server's default, <code>TIKTOK_APP_AUDITED</code>
        {" "}
        <code>false</code>), and the TikTok account itself must then be private;
        any other is refused 400{" "}
        <code>privacy_unaudited_app</code>, as is a post naming none while the
        account's default privacy is another. Once the app is audited, change it
        to <code>PUBLIC_TO_EVERYONE</code> (or{" "}
        <code>MUTUAL_FOLLOW_FRIENDS</code>, <code>FOLLOWER_OF_CREATOR</code>);
        {" "}
        <code>GET /api/tiktok/creator_info</code> lists, as{" "}
        <code>privacy_level_options</code>, the ones this server accepts.
      </p>
      <h2>5. Poll the status</h2>
      <p>
        Wait 10–15 s, call <code>POST /api/tiktok/status</code> with{" "}
        <code>{`{ "publish_id": "…" }`}</code>; stop at{" "}
        <code>state: "done"</code> or <code>"failed"</code> (log{" "}
        <code>fail_reason</code> and{" "}
        <code>fail_message</code>, its sentence), else wait and repeat a bounded
        number of times. At most 20 calls a minute and 40 an hour per TikTok
        account.
      </p>
      <h2>6. Drafts</h2>
      <p>
        Add <code>"post_mode": "MEDIA_UPLOAD"</code>{" "}
        to a post or a scheduled job to send it to the creator's TikTok inbox as
        a draft instead of publishing it (<code>"DIRECT_POST"</code>{" "}
        is the default). The creator gets a TikTok notification and finishes the
        post in the TikTok app: who can view it, comments, duets, stitches, the
        ad disclosure and, for a video, the caption (TikTok takes none with a
        video draft; {serviceName} still checks and keeps your{" "}
        <code>title</code>). So a draft carries no <code>privacy</code>,{" "}
        <code>disable_*</code> or ad fields (400 <code>bad_request</code>{" "}
        otherwise).{" "}
        {serviceName}'s own checks and limits apply as for direct posts.
      </p>
      <p>
        A draft's status is <code>state: "done"</code> once TikTok reports{" "}
        <code>SEND_TO_USER_INBOX</code>{" "}
        (it is in the inbox; whether the creator then posts it is not followed),
        and <code>post.published</code>{" "}
        fires then. Status answers, posts and jobs carry{" "}
        <code>post_mode</code>. TikTok holds at most 5 pending drafts per
        creator in 24 hours (429{" "}
        <code>tiktok_inbox_full</code>); an account without the{" "}
        <code>video.upload</code> scope gets 403{" "}
        <code>tiktok_scope_missing</code>: sign in again.
      </p>
      <h2>7. Schedule</h2>
      <p>
        <code>POST /api/jobs</code> with the same payload plus{" "}
        <code>"kind": "tiktok"</code> and{" "}
        <code>"run_at": "{data.runAtExample}"</code>; list, read and cancel
        under <code>/api/jobs</code>.
      </p>
      <h2>8. Anti-spam rules</h2>
      <ul>
        <li>No links in captions (http://, https://, www.).</li>
        <li>
          No forbidden words, for example: {STOP_WORDS.slice(0, 8).join(", ")}.
        </li>
        <li>
          The same video (URL, size, ETag) or caption at most once per account
          in 12 months (a file uploaded again is a new URL, so a new video
          here); one caption on at most 5 accounts in 24 hours.
        </li>
        <li>
          TikTok's own HTTP 429 pauses posting for the account for about 3
          hours: do not auto-retry.
        </li>
      </ul>
      <h2>9. Errors</h2>
      <table data-testid="error-table">
        <thead>
          <tr>
            <th>error</th>
            <th>HTTP status</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(ERROR_STATUS).map(([code, status]) => (
            <tr key={code}>
              <td>
                <code>{code}</code>
              </td>
              <td>{status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>10. Webhooks</h2>
      <p>
        Instead of polling, set a webhook URL in the dashboard: {serviceName}
        {" "}
        POSTs <code>post.published</code>, <code>post.failed</code>,{" "}
        <code>job.failed</code> and <code>account.disconnected</code>{" "}
        (TikTok access ended: posts are refused until the creator signs in
        again) as JSON. Each request carries{" "}
        <code>{SIGNATURE_HEADER}: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>
        {" "}
        where hex is HMAC-SHA256 of <code>"&lt;t&gt;.&lt;raw body&gt;"</code>
        {" "}
        with your signing secret. Recompute it from the raw body, compare in
        constant time, and refuse a <code>t</code> more than{" "}
        {REPLAY_WINDOW_SECONDS / 60}{" "}
        minutes away from your clock. Failed deliveries are retried after 10 s,
        1 min, 5 min, 30 min and 2 h.
      </p>
    </main>
  );
}
