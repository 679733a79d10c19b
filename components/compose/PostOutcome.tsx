/**
 * What became of the post just sent (TikTok's audit point 6,
 * docs/dashboard.md#scheduling): sent, with where its progress shows;
 * scheduled, for when; or why not. The live region is there from the
 * start, empty until a post is sent.
 * @module
 */
import type { Ref } from "preact";
import { localWhen } from "../compose_rules.ts";
import type { Outcome } from "./post_outcome.ts";

export function PostOutcome(
  { outcome, resultRef, processing }: {
    outcome: Outcome | null;
    /** What Processing takes, worded by the server (PostCard's prop). */
    processing: string;
    /** The result, where focus goes once the post button is disabled. */
    resultRef: Ref<HTMLDivElement>;
  },
) {
  return (
    <div
      aria-live="polite"
      data-testid="post-result"
      tabIndex={-1}
      ref={resultRef}
    >
      {outcome?.kind === "ok" && (
        <div
          class="notice"
          data-testid="post-ok"
          data-publish-id={outcome.publishId}
        >
          {
            /* Once Your posts shows it Failed, no promise contradicts it. */
          }
          {outcome.failed
            ? <p>TikTok could not post it: why shows under Your posts.</p>
            : (
              <>
                <p>
                  {outcome.drafts
                    ? "Sent to your TikTok drafts: open the notification in the TikTok app to finish the post."
                    : `Sent to TikTok. Processing ${processing}; the post then appears on your TikTok profile.`}
                </p>
                <p class="muted">Its progress shows under Your posts.</p>
              </>
            )}
        </div>
      )}
      {outcome?.kind === "scheduled" && (
        <p
          class="notice"
          data-testid="post-scheduled"
          data-job-id={outcome.jobId}
        >
          Scheduled for{" "}
          <time dateTime={outcome.runAt}>
            {localWhen(outcome.runAt)}
          </time>. It is listed under Scheduled posts.
        </p>
      )}
      {outcome?.kind === "error" && (
        <p
          class="error-message"
          role="alert"
          data-testid="post-error"
          data-code={outcome.code}
        >
          {outcome.message}
          {
            /* The way back, where the refusal is said: the notice that
              says it is shown only from the next page load on. */
          }
          {outcome.code === "tiktok_reauth_required" && (
            <>
              {" "}
              <a href="/auth/login">Reconnect with TikTok</a>
            </>
          )}
        </p>
      )}
    </div>
  );
}
