/**
 * Says aloud when a listed post's state changes ("“caption” is now
 * Published."): the posts lists refresh themselves while a post is
 * processing, and the composer's notice tells people to watch the state
 * there. The region is on the page from the start, empty: a screen reader
 * announces a change only inside a region it already knew
 * (docs/dashboard.md#accessibility-and-themes). The list shows the state;
 * the region only speaks it, so it is visually hidden.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { postStateLabel, postStateSentence } from "./state_labels.ts";
import type { PostJson } from "../lib/http/api_responses.ts";

/** A post's state as announced: the label, and why for a failure or an unknown outcome. */
function spokenState(p: PostJson): string {
  const label = postStateLabel(p);
  const why = p.state === "failed" || p.state === "unknown"
    ? postStateSentence(p)
    : null;
  return why ? `${label}: ${why}` : label;
}

/** The sentence for posts whose state moved since the last list. */
function stateChanges(
  before: ReadonlyMap<string, string>,
  posts: readonly PostJson[],
): string {
  return posts
    .filter((p) =>
      before.has(p.post_id) && before.get(p.post_id) !== spokenState(p)
    )
    .map((p) =>
      `${p.title ? `“${p.title}”` : "A post"} is now ${spokenState(p)}`
    )
    .map((s) => /[.!?]$/.test(s) ? s : `${s}.`)
    .join(" ");
}

/** The visually hidden live region for `posts`' state changes. */
export function PostStateAnnouncer({ posts }: { posts: readonly PostJson[] }) {
  const seen = useRef<Map<string, string> | null>(null);
  const [said, setSaid] = useState("");
  useEffect(() => {
    const before = seen.current;
    seen.current = new Map(posts.map((p) => [p.post_id, spokenState(p)]));
    // The first list is what the page showed: nothing changed yet.
    if (!before) return;
    const changes = stateChanges(before, posts);
    if (changes) setSaid(changes);
  }, [posts]);
  return (
    <p
      class="visually-hidden"
      aria-live="polite"
      data-testid="post-state-announcer"
    >
      {said}
    </p>
  );
}
