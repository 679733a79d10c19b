/** Glue: the posting domain's dependencies from the app's. */
import type { PostingDeps } from "../posting/posting_deps.ts";
import type { JobsDeps } from "../jobs/jobs.ts";
import type { WebhookDeps } from "../webhooks/webhooks.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { AppContext } from "./app_types.ts";

export function postingDepsFrom(deps: AppDeps): PostingDeps {
  return {
    kv: deps.kv,
    clock: deps.clock,
    storage: deps.storage,
    tokenKey: deps.tokenKey,
    tiktokOAuth: deps.tiktokOAuth,
    tiktokContent: deps.tiktokContent,
    stopWords: deps.stopWords,
    allowLoopback: deps.config.sandbox,
    enqueueFollow: deps.enqueueFollow,
    enqueueWebhook: deps.enqueueWebhook,
  };
}

export function postingDeps(c: AppContext): PostingDeps {
  return postingDepsFrom(c.get("deps"));
}

/** The jobs domain's dependencies from the app's. */
export function jobsDepsFrom(deps: AppDeps): JobsDeps {
  return { ...postingDepsFrom(deps), enqueueJob: deps.enqueueJob };
}

export function jobsDeps(c: AppContext): JobsDeps {
  return jobsDepsFrom(c.get("deps"));
}

/** The webhooks domain's dependencies from the app's. */
export function webhookDeps(c: AppContext): WebhookDeps {
  return postingDepsFrom(c.get("deps"));
}
