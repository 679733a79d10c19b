import { getPlan, PLAN_IDS, PLANS, POSTING_LIMITS } from "@/lib/plans.ts";
import ApiKeyCard from "@/islands/ApiKeyCard.tsx";
import { PRIVACY_LEVELS } from "@/lib/posting/privacy_levels.ts";
import UploadCard from "@/islands/UploadCard.tsx";
import PhotoModeCard from "@/islands/PhotoModeCard.tsx";
import DomainsCard from "@/islands/DomainsCard.tsx";
import WebhookCard from "@/islands/WebhookCard.tsx";
import PostCard from "@/islands/PostCard.tsx";
import PostsList from "@/islands/PostsList.tsx";
import JobsList from "@/islands/JobsList.tsx";
import { listJobs } from "@/lib/jobs/jobs.ts";
import { publishSnapshots } from "@/lib/jobs/job_views.ts";
import { jobJson } from "@/lib/http/job_json.ts";
import { listPosts } from "@/lib/posting/post_list.ts";
import { postJson } from "@/lib/http/post_json.ts";
import { listDomains } from "@/lib/domains/domains.ts";
import { webhookUrl } from "@/lib/webhooks/webhooks.ts";
import { domainJson } from "@/lib/http/domain_json.ts";
import { listUploads } from "@/lib/media/uploads.ts";
import { uploadJson } from "@/lib/http/media_json.ts";
import { PHOTO_MAX_IMAGES } from "@/lib/media/photo_rules.ts";
import type {
  DomainJson,
  JobJson,
  PostJson,
  UploadJson,
} from "@/lib/http/api_responses.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import type { Plan } from "@/lib/plans.ts";
import { DISCONNECT_CAUSES } from "@/lib/accounts/disconnect.ts";

interface DashboardData {
  uploads: UploadJson[];
  domains: DomainJson[];
  posts: PostJson[];
  jobs: JobJson[];
  webhookUrl: string | null;
  /** How often the posts and jobs lists reload while something is pending. */
  listRefreshMs: number;
}

export const handler: Handlers = {
  async GET(c) {
    const account = c.get("sessionAccount");
    if (!account) return c.redirect("/", 303);
    const deps = c.get("deps");
    const uploads = account.plan
      ? await listUploads(deps, account.openId, 20)
      : [];
    const domains = await listDomains(deps, account.openId);
    const jobPage = await listJobs(deps, account.openId, { limit: 50 });
    const snapshots = await publishSnapshots(deps, jobPage.jobs);
    const data: DashboardData = {
      uploads: uploads.map(uploadJson),
      posts: (await listPosts(deps, account.openId, 20)).map(postJson),
      webhookUrl: await webhookUrl(deps, account.openId),
      jobs: jobPage.jobs.map((j) => jobJson(j, snapshots.get(j.id) ?? null)),
      domains: domains.map((d) => domainJson(d, deps.allowLoopback)),
      listRefreshMs: deps.timing.listRefreshMs,
    };
    return c.get("render")(data);
  },
};

function limitsOf(plan: Plan) {
  return [
    `API key valid ${plan.apiKeyLifetimeDays} days`,
    `files kept ${
      plan.storageTtlHours >= 48 && plan.storageTtlHours % 24 === 0
        ? `${plan.storageTtlHours / 24} days`
        : `${plan.storageTtlHours} h`
    }`,
    `files up to ${plan.maxFileBytes / 1_000_000} MB`,
    `${plan.uploadsPerDay} dashboard uploads/day`,
  ];
}

function PlanChoice() {
  return (
    <section class="card" data-testid="plan-choice">
      <h2>Choose your plan</h2>
      <p>
        Plans change how long keys and files live; TikTok posting limits are the
        same on every plan ({POSTING_LIMITS.postsPerDay} posts/day,{" "}
        {POSTING_LIMITS.postsPerHour} post/hour).
      </p>
      <form method="post" action="/dashboard/plan" class="plans">
        {PLAN_IDS.map((id) => (
          <button type="submit" name="plan" value={id} key={id} class="plan">
            <strong>{PLANS[id].name}</strong>
            <ul>
              {limitsOf(PLANS[id]).map((l) => <li key={l}>{l}</li>)}
            </ul>
          </button>
        ))}
      </form>
      <p class="muted">Payment comes later: your choice is recorded now.</p>
    </section>
  );
}

export default function Dashboard(
  { account, data }: PageProps<DashboardData>,
) {
  if (!account) return null;
  const plan = account.plan ? getPlan(account.plan) : null;
  return (
    <main>
      <section class="card profile">
        {account.avatarUrl && (
          <img src={account.avatarUrl} alt="" width={48} height={48} />
        )}
        <div>
          <h1>{account.displayName}</h1>
          <p class="muted">
            TikTok open_id <code>{account.openId}</code>
          </p>
        </div>
      </section>
      {account.tiktokReauthRequired && (
        <section class="card notice" data-testid="tiktok-disconnected">
          <h2>TikTok disconnected</h2>
          <p>
            {account.disconnectReason
              ? `PM3K can no longer post for you: ${
                DISCONNECT_CAUSES[account.disconnectReason]
              }. `
              : "PM3K can no longer post for you. "}
            Posts and scheduled posts fail until you reconnect.
          </p>
          <p>
            <a class="button" href="/auth/login">Reconnect with TikTok</a>
          </p>
        </section>
      )}
      {!plan ? <PlanChoice /> : (
        <>
          <section class="card" data-testid="plan-card">
            <h2>
              Plan: <span data-testid="plan-name">{plan.name}</span>
            </h2>
            <ul>
              {limitsOf(plan).map((l) => <li key={l}>{l}</li>)}
              <li>
                {POSTING_LIMITS.postsPerDay} TikTok posts/day,{" "}
                {POSTING_LIMITS.postsPerHour} post/hour
              </li>
            </ul>
          </section>
          <ApiKeyCard
            hasKey={account.apiKeyHash !== null}
            expiresAt={account.apiKeyExpiresAt === null
              ? null
              : new Date(account.apiKeyExpiresAt).toISOString()}
            lifetimeDays={plan.apiKeyLifetimeDays}
          />
          <UploadCard
            maxFileMb={plan.maxFileBytes / 1_000_000}
            uploadsPerDay={plan.uploadsPerDay}
            uploads={data.uploads}
          />
          <PostCard
            videos={data.uploads.map((u) => ({
              url: u.url,
              filename: u.filename,
            }))}
          />
          <JobsList jobs={data.jobs} refreshMs={data.listRefreshMs} />
          <PostsList posts={data.posts} refreshMs={data.listRefreshMs} />
          <PhotoModeCard
            maxImages={PHOTO_MAX_IMAGES}
            privacyOptions={[...PRIVACY_LEVELS]}
          />
          <DomainsCard domains={data.domains} />
          <WebhookCard url={data.webhookUrl} />
          <section class="card">
            <h2>Automations</h2>
            <p>
              Templates: n8n workflow with the{" "}
              <a href="/static/examples/n8n-pm3k-node.json">PM3K node</a>{" "}
              or with{" "}
              <a href="/static/examples/n8n-direct-post.json">
                HTTP Request nodes
              </a>,{" "}
              <a href="/static/examples/make-direct-post.json">
                Make scenario
              </a>, curl: <a href="/static/examples/upload.sh">upload</a>,{" "}
              <a href="/static/examples/upload-url.sh">upload from a URL</a>,
              {" "}
              <a href="/static/examples/post.sh">post</a>,{" "}
              <a href="/static/examples/schedule.sh">schedule</a>. Reference:
              {" "}
              <a href="/docs">/docs</a>, guide:{" "}
              <a href="/docs/guide">/docs/guide</a>.
            </p>
          </section>
        </>
      )}
    </main>
  );
}
