import { getPlan, POSTING_LIMITS } from "@/lib/plans.ts";
import ApiKeyCard from "@/islands/ApiKeyCard.tsx";
import DomainsCard from "@/islands/DomainsCard.tsx";
import WebhookCard from "@/islands/WebhookCard.tsx";
import { IslandCard } from "@/components/IslandCard.tsx";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/webhook_record.ts";
import { listDomains, verificationFailure } from "@/lib/domains/domains.ts";
import { webhookUrl } from "@/lib/webhooks/webhooks.ts";
import { domainJson } from "@/lib/http/domain_json.ts";
import { limitsOf } from "@/components/plan_limits.ts";
import { DefaultPrivacyCard } from "@/components/DefaultPrivacyCard.tsx";
import { DeleteAccountCard } from "@/components/DeleteAccountCard.tsx";
import { LimitsLeft } from "@/components/LimitsLeft.tsx";
import { TikTokPermissions } from "@/components/TikTokPermissions.tsx";
import { grantedScopes } from "@/lib/tiktok/tiktok_scopes.ts";
import { accountLimits } from "@/lib/posting/account_limits.ts";
import type { AccountLimits } from "@/lib/posting/account_limits.ts";
import { RefusedRequestsCard } from "@/components/RefusedRequestsCard.tsx";
import { listApiRefusals } from "@/lib/activity/api_refusals.ts";
import type { SiteConfig } from "@/lib/config.ts";
import { operatorOf, PolicyContact } from "@/components/site/PolicyContact.tsx";
import type { ApiRefusal } from "@/lib/activity/api_refusal_record.ts";
import { defaultPrivacyOf } from "@/lib/posting/default_privacy.ts";
import { tiktokAppAudited } from "@/lib/posting/app_audit.ts";
import {
  defaultPrivacyOptions,
  openOnPublicAccount,
} from "@/lib/posting/default_privacy_options.ts";
import type { PrivacyLevel } from "@/lib/posting/direct_post_input_record.ts";
import type { DomainJson } from "@/lib/http/api_responses.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";
import type {
  Handlers,
  PageProps,
  SessionAccountSummary,
} from "@/lib/http/app_types.ts";

interface SettingsData {
  domains: DomainJson[];
  webhookUrl: string | null;
  accounts: SessionAccountSummary[];
  defaultPrivacy: PrivacyLevel;
  appAudited: boolean;
  /** The creator's privacy options, once audited; null when unknown. */
  privacyOptions: string[] | null;
  /** Unaudited: what the account leaves open, as public ones do; else null. */
  openOnPublic: string | null;
  /** Back from saving the default privacy. */
  privacySaved: boolean;
  refusals: ApiRefusal[];
  /** Who runs this PM3K: who changes a plan. */
  site: SiteConfig;
  /** The TikTok simulator stands in: whoever reads this runs the server. */
  sandbox: boolean;
  /** What the account has left now, as `GET /api/limits` says. */
  limits: AccountLimits;
  /** When `limits` were read, epoch ms. */
  now: number;
  /** The scopes sign-in asks for, and those the account granted. */
  scopes: { asked: readonly string[]; granted: string[] };
}

/**
 * Settings of the active account: plan, API key, what the API refused
 * the key, the default privacy of posts from automations, domains,
 * webhook, and the TikTok accounts of this browser
 * (docs/dashboard.md#settings).
 */
export const handler: Handlers = planPageHandler(
  async (account, deps, c): Promise<SettingsData> => ({
    // A failure kept from an earlier check reads as a live one does.
    domains: (await listDomains(deps, account.openId)).map((d) => ({
      ...domainJson(d, deps.allowLoopback),
      last_error: d.lastError && verificationFailure(d.domain, d.lastError),
    })),
    webhookUrl: await webhookUrl(deps, account.openId),
    accounts: c.get("sessionAccounts"),
    defaultPrivacy: defaultPrivacyOf(account),
    appAudited: tiktokAppAudited(deps),
    privacyOptions: await defaultPrivacyOptions(deps, account),
    openOnPublic: await openOnPublicAccount(deps, account),
    privacySaved: c.req.query("saved") === "default_privacy",
    refusals: await listApiRefusals(deps, account.openId),
    site: deps.config.site,
    sandbox: deps.config.sandbox,
    limits: await accountLimits(deps, account),
    now: deps.clock.now(),
    scopes: {
      asked: deps.config.tiktok.scopes,
      granted: grantedScopes(account.tiktok?.scope),
    },
  }),
);

export default function Settings(
  { account, data, serviceName }: PageProps<SettingsData>,
) {
  if (!account?.plan) return null;
  const plan = getPlan(account.plan);
  return (
    <main>
      <h1>Settings of {account.displayName}</h1>
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
        <LimitsLeft
          limits={data.limits}
          uploadsPerDay={plan.uploadsPerDay}
          now={data.now}
        />
        {
          // A creator cannot change the plan here: the operator does
          // (`admin set-plan`, docs/operations.md#admin-cli).
        }
        <p class="muted" data-testid="plan-change">
          To change your plan, {data.site.contactEmail
            ? (
              <>
                write to {operatorOf(data.site)}:{" "}
                <PolicyContact site={data.site} />
              </>
            )
            : (
              <>
                ask <PolicyContact site={data.site} />
              </>
            )}.
          {data.sandbox && (
            // A sandbox is a trial: its reader runs the server, and the
            // admin CLI is how plans change (docs/accounts.md#plans).
            <>
              {" "}You run this server?{" "}
              <code>deno task admin set-plan {account.openId} monthly</code>
            </>
          )}
        </p>
      </section>
      <IslandCard
        title="API key"
        testId="api-key-card"
        intro={
          <>
            Send it as{" "}
            <code>Authorization: Bearer &lt;key&gt;</code>. Keys on your plan
            live {plan.apiKeyLifetimeDays} days.
          </>
        }
      >
        <ApiKeyCard
          hasKey={account.apiKeyHash !== null}
          expiresAt={account.apiKeyExpiresAt === null
            ? null
            : new Date(account.apiKeyExpiresAt).toISOString()}
        />
      </IslandCard>
      <RefusedRequestsCard
        refusals={data.refusals}
        serviceName={serviceName}
      />
      <DefaultPrivacyCard
        openId={account.openId}
        current={data.defaultPrivacy}
        appAudited={data.appAudited}
        offered={data.privacyOptions}
        openOnPublic={data.openOnPublic}
        saved={data.privacySaved}
      />
      <IslandCard
        title="Your own domains"
        testId="domains-card"
        intro={`Use video URLs from your own CDN in the API once the domain is verified. ${serviceName} still copies each file into its storage first (size, ETag and duplicate checks); TikTok only downloads from ${serviceName}.`}
      >
        <DomainsCard domains={data.domains} />
      </IslandCard>
      <IslandCard
        title="Webhook"
        testId="webhook-card"
        intro={
          <>
            {serviceName} POSTs{" "}
            {WEBHOOK_EVENTS.map((event, i) => (
              <span key={event}>
                {i === 0
                  ? ""
                  : i === WEBHOOK_EVENTS.length - 1
                  ? " and "
                  : ", "}
                <code>{event}</code>
              </span>
            ))} to your URL, signed in the <code>PM3K-Signature</code>{" "}
            header (see <a href="/docs/guide">the guide</a>).
          </>
        }
      >
        <WebhookCard url={data.webhookUrl} serviceName={serviceName} />
      </IslandCard>
      <section class="card" data-testid="connected-accounts">
        <h2>Connected TikTok accounts</h2>
        <p class="muted">
          Each account keeps its own plan, API key, domains, webhook and posting
          limits. The header's switcher chooses the one the dashboard acts for.
        </p>
        <TikTokPermissions
          asked={data.scopes.asked}
          granted={data.scopes.granted}
          serviceName={serviceName}
        />
        <ul class="settings-accounts">
          {data.accounts.map((a) => (
            <li key={a.openId} data-open-id={a.openId}>
              {a.avatarUrl && (
                <img src={a.avatarUrl} alt="" width={32} height={32} />
              )}
              {
                /* The creator's nickname and @handle, as TikTok shows them;
                  the open_id only folded away, for a support request. */
              }
              <div>
                <strong data-testid="account-nickname">{a.displayName}</strong>
                {a.tiktokUsername && (
                  <>
                    {" "}
                    <span data-testid="account-handle">
                      @{a.tiktokUsername}
                    </span>
                  </>
                )}
                {a.openId === account.openId && " (active)"}
                {a.disconnected && (
                  <strong
                    class="error-message"
                    data-testid="account-disconnected"
                  >
                    {a.openId === account.openId
                      ? " TikTok disconnected: reconnect above"
                      : " TikTok disconnected: switch to it, then reconnect"}
                  </strong>
                )}
                <details class="muted">
                  <summary>ID for support</summary>
                  <code>{a.openId}</code>
                </details>
              </div>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/auth/login?add=1">
            Add another TikTok account
          </a>
        </p>
      </section>
      <section class="card">
        <h2>Automations</h2>
        <p>
          Templates: n8n workflow with the{" "}
          <a href="/static/examples/n8n-pm3k-node.json">PM3K node</a>{" "}
          (<a href="/static/examples/n8n-pm3k-node-link.json">
            from a link
          </a>) or with{" "}
          <a href="/static/examples/n8n-direct-post.json">
            HTTP Request nodes
          </a>,{" "}
          <a href="/static/examples/make-direct-post.json">Make scenario</a>,
          curl: <a href="/static/examples/upload.sh">upload</a>,{" "}
          <a href="/static/examples/upload-url.sh">upload from a URL</a>,{" "}
          <a href="/static/examples/post.sh">post</a>,{" "}
          <a href="/static/examples/schedule.sh">schedule</a>. Reference:{" "}
          <a href="/docs">/docs</a>, guide:{" "}
          <a href="/docs/guide">/docs/guide</a>.
        </p>
      </section>
      <DeleteAccountCard
        openId={account.openId}
        displayName={account.displayName}
        serviceName={serviceName}
      />
    </main>
  );
}
