/**
 * What became of the post just sent (TikTok's audit point 6,
 * docs/dashboard.md#scheduling): sent, with where its progress shows;
 * scheduled, for when; or why not. The live region is there from the
 * start, empty until a post is sent.
 * @module
 */
import type { Ref } from "preact";
import { namedWhen } from "../compose_rules.ts";
import type { Outcome } from "./post_outcome.ts";
import { fillWords, pageWords } from "../page_words.ts";
import { ReconnectLink } from "../ReconnectLink.tsx";

export function PostOutcome(
  { outcome, resultRef, processing, shows }: {
    outcome: Outcome | null;
    /** What Processing takes, worded by the server (PostCard's prop). */
    processing: string;
    /** The result, where focus goes once the post button is disabled. */
    resultRef: Ref<HTMLDivElement>;
    /**
     * Which of the results this region says: a post sent or scheduled,
     * atop the card, read first; or a refusal, by the button and the
     * fields to change (docs/dashboard.md#scheduling).
     */
    shows: "done" | "refusal";
  },
) {
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  const done = shows === "done";
  return (
    // A sent or scheduled post is said politely; a refusal is an alert,
    // its own live region, so the place it goes is not one too, or a
    // screen reader says it twice (docs/dashboard.md#accessibility-and-themes).
    <div
      aria-live={done ? "polite" : undefined}
      data-testid={done ? "post-result" : "post-refusal"}
      tabIndex={-1}
      ref={resultRef}
    >
      {done && outcome?.kind === "ok" && (
        <div
          // Failed: the error's edge, not the success's green.
          class={outcome.failed ? "notice failed" : "notice"}
          data-testid="post-ok"
          data-publish-id={outcome.publishId}
        >
          {
            /* Once Your posts shows it Failed, no promise contradicts it. */
          }
          {outcome.failed
            ? (
              <p>
                {words.postFailed}
                {/* Straight to its row in Your posts (PostsList's id). */}
                <a href={`#post-${outcome.publishId}`}>{words.postFailedWhy}</a>
                .
              </p>
            )
            : (
              <>
                <p>
                  {outcome.drafts
                    ? words.draftSent
                    : fillWords(words.sentProcessing, { processing })}
                </p>
                <p class="muted">{words.progressShows}</p>
              </>
            )}
        </div>
      )}
      {done && outcome?.kind === "scheduled" && (
        <p
          class="notice"
          data-testid="post-scheduled"
          data-job-id={outcome.jobId}
        >
          Scheduled for{" "}
          <time dateTime={outcome.runAt}>
            {namedWhen(outcome.runAt)}
          </time>
          {words.scheduledTail}
        </p>
      )}
      {!done && outcome?.kind === "error" && (
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
              <ReconnectLink />
            </>
          )}
        </p>
      )}
    </div>
  );
}
