/**
 * Why TikTok takes no post from this account now (TikTok's audit point 1,
 * docs/dashboard.md#scheduling): refused outright, announced at once by its
 * alert, the one live region here: its place is there from the start, empty
 * until it has something to say, and not live itself, or a screen reader
 * may say it twice (docs/dashboard.md#accessibility-and-themes). TikTok's
 * cooldown, when a post can still be scheduled, is said once,
 * beside "Now" (ScheduleChoice.tsx), not here too.
 * @module
 */
import { namedWhen } from "../compose_rules.ts";
import { fillWords, pageWords } from "../page_words.ts";
import { ReconnectLink } from "../ReconnectLink.tsx";

export interface PostingPauseNoticesProps {
  /** TikTok takes no post from this account now. */
  cannotPost: boolean;
  /** Why creator_info was refused, or null. */
  infoError: string | null;
  /**
   * creator_info got no answer (creator_info_failure.ts): Try again, and
   * whether it is being asked again now; null for a refusal.
   */
  retry: { checking: boolean; onRetry: () => void } | null;
  /** TikTok access ended: offer the way back beside the refusal. */
  reconnect: boolean;
  /** End of TikTok's cooldown for this account, if known. */
  cooldownUntil: string | null;
}

export function PostingPauseNotices(
  { cannotPost, infoError, retry, reconnect, cooldownUntil }:
    PostingPauseNoticesProps,
) {
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <div>
      {cannotPost && (
        // The post button points here while it is shown (SendButton.tsx).
        <p
          class="stop"
          role="alert"
          id="post-cannot-post"
          data-testid="post-cannot-post"
        >
          {retry?.checking ? words.checkingAgain : retry
            // No answer says nothing of the account: not "cannot take".
            ? fillWords(words.couldNotCheck, { why: infoError ?? "" })
            : infoError !== null
            ? fillWords(words.cannotTake, { why: infoError })
            // available: false, during TikTok's cooldown: its end, not
            // the next free time (a scheduled post may hold that later).
            : cooldownUntil
            ? fillWords(words.pausedUntil, { at: namedWhen(cooldownUntil) })
            : words.pausedNow}
          {reconnect && (
            <>
              {" "}
              <ReconnectLink />
            </>
          )}
        </p>
      )}
      {retry && (
        // Kept while asking (aria-disabled, not disabled), so focus
        // stays on it and a second press asks nothing more.
        <button
          type="button"
          aria-disabled={retry.checking}
          data-testid="post-info-retry"
          onClick={() => !retry.checking && retry.onRetry()}
        >
          Try again
        </button>
      )}
    </div>
  );
}
