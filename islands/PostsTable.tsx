import { useEffect, useState } from "preact/hooks";
import { callApi, localTime } from "../components/api_client.ts";
import { reportFailure } from "../components/report_failure.ts";
import { UnauditedNotice } from "../components/UnauditedNotice.tsx";
import { localizeTimes } from "../components/local_times.ts";
import { failReasonSentence } from "../lib/tiktok/fail_reasons.ts";
import { postStateLabel } from "../components/state_labels.ts";
import type {
  CreatorInfoResponse,
  PostJson,
  PostListResponse,
} from "../lib/http/api_responses.ts";

export interface PostsTableProps {
  posts: PostJson[];
  /** The creator's TikTok handle when known, for links to public posts. */
  username: string | null;
  /** False while PM3K's TikTok app is unaudited: posts can only be private. */
  audited: boolean;
  refreshMs: number;
}

/** What TikTok shows for each privacy level. */
const PRIVACY_LABELS: Record<string, string> = {
  PUBLIC_TO_EVERYONE: "Everyone",
  MUTUAL_FOLLOW_FRIENDS: "Friends",
  FOLLOWER_OF_CREATOR: "Followers",
  SELF_ONLY: "Only me",
};

/** How TikTok got the media (docs/tiktok.md#file-upload). */
function sourceLabel(p: PostJson): string {
  return p.source === "FILE_UPLOAD"
    ? "Uploaded to TikTok in chunks"
    : "TikTok pulled it from PM3K's URL";
}

function tiktokUrl(p: PostJson, username: string | null): string | null {
  if (!p.public_post_id) return null;
  const kind = p.kind === "photo" ? "photo" : "video";
  return `https://www.tiktok.com/@${
    username ?? ""
  }/${kind}/${p.public_post_id}`;
}

/**
 * The account's posts: thumbnail, caption, state, source, the TikTok link
 * once public, TikTok's fail_reason as a sentence, and "Post again" for a
 * failed post (through direct_post, so every check applies again).
 */
export default function PostsTable(props: PostsTableProps) {
  const [posts, setPosts] = useState(props.posts);
  const [again, setAgain] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  async function reload() {
    const res = await callApi<PostListResponse>("GET", "/api/tiktok/posts");
    setPosts(res.posts);
  }
  const pending = posts.some((p) => p.state === "pending");
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(
      () => reload().catch(reportFailure("refreshing the posts")),
      props.refreshMs,
    );
    return () => clearInterval(timer);
  }, [pending]);

  return (
    <section class="card" data-testid="posts-table">
      <p role="status" aria-live="polite" data-testid="posts-status">
        {status}
      </p>
      {posts.length === 0
        ? <p class="muted">Nothing posted yet.</p>
        : (
          <ul class="post-list">
            {posts.map((p) => {
              const link = tiktokUrl(p, props.username);
              return (
                <li
                  key={p.post_id}
                  class="post-item"
                  data-post-id={p.post_id}
                  data-state={p.state}
                >
                  <Thumbnail post={p} />
                  <div class="post-body">
                    <p class="caption">{p.title}</p>
                    <p class="muted">
                      <time dateTime={p.created_at}>
                        {localTime(p.created_at)}
                      </time>{" "}
                      · {p.kind === "photo" ? "Photos" : "Video"} ·{" "}
                      {sourceLabel(p)}
                    </p>
                    <p>
                      <strong class={`state-${p.state}`} data-testid="state">
                        {postStateLabel(p)}
                      </strong>
                      {link && (
                        <>
                          {" "}
                          <a href={link} rel="noopener" target="_blank">
                            View on TikTok
                          </a>
                        </>
                      )}
                    </p>
                    {p.fail_reason && (
                      <p class="error-message" data-testid="fail-reason">
                        {failReasonSentence(p.fail_reason)}
                      </p>
                    )}
                    {p.state === "failed" && again !== p.post_id && (
                      <button
                        type="button"
                        data-testid="post-again"
                        onClick={() => setAgain(p.post_id)}
                      >
                        Post again
                      </button>
                    )}
                    {again === p.post_id && (
                      <PostAgainForm
                        post={p}
                        audited={props.audited}
                        onClose={() => setAgain(null)}
                        onPosted={async () => {
                          setAgain(null);
                          setStatus(
                            "Sent to TikTok. Processing can take a few minutes; the post then appears on the profile.",
                          );
                          await reload();
                        }}
                      />
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
    </section>
  );
}

function Thumbnail({ post }: { post: PostJson }) {
  const src = post.source_urls[0];
  if (!src) return <div class="thumb" />;
  return post.kind === "photo"
    ? <img class="thumb" src={src} alt="" loading="lazy" />
    : (
      // The first frame stands for the video (metadata only is fetched);
      // "#t=0.1" makes browsers that stop at metadata (Safari) paint it.
      <video
        class="thumb"
        src={`${src}#t=0.1`}
        preload="metadata"
        muted
        aria-hidden
      />
    );
}

/**
 * The choices TikTok requires before a post, for posting a failed post
 * again: who can view it (no default), interactions off unless turned on,
 * and the consent line.
 */
function PostAgainForm(
  props: {
    post: PostJson;
    audited: boolean;
    onClose: () => void;
    onPosted: () => Promise<void>;
  },
) {
  const [info, setInfo] = useState<CreatorInfoResponse | null>(null);
  const [privacy, setPrivacy] = useState("");
  const [allow, setAllow] = useState({
    comment: false,
    duet: false,
    stitch: false,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => {
    callApi<CreatorInfoResponse>("GET", "/api/tiktok/creator_info")
      .then(setInfo)
      .catch((e) => setError(localizeTimes((e as Error).message)));
  }, []);
  const p = props.post;
  const id = `again-${p.post_id}`;
  // An unaudited app may only post privately (docs/posting.md#unaudited-apps).
  const options = (info?.privacy_level_options ?? []).filter((o) =>
    props.audited || o === "SELF_ONLY"
  );
  const video = p.kind === "video";
  const toggles = [
    ["comment", "Allow comments", info?.comment_disabled],
    ...(video
      ? [
        ["duet", "Allow Duet", info?.duet_disabled],
        ["stitch", "Allow Stitch", info?.stitch_disabled],
      ] as const
      : []),
  ] as const;

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await callApi("POST", "/api/tiktok/direct_post", {
        ...(video
          ? { source_url: p.source_urls[0] }
          : { media_type: "PHOTO", photo_images: p.source_urls }),
        title: p.title,
        privacy,
        post_mode: p.post_mode,
        disable_comment: !allow.comment,
        ...(video
          ? { disable_duet: !allow.duet, disable_stitch: !allow.stitch }
          : {}),
      });
      await props.onPosted();
    } catch (err) {
      setError(localizeTimes((err as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="again" data-testid="again-form" onSubmit={submit}>
      {info && !info.available && (
        <p class="error-message">
          TikTok cannot be asked what this account may post right now; try again
          in a few minutes.
        </p>
      )}
      <label for={`${id}-privacy`}>Who can view this post</label>
      <select
        id={`${id}-privacy`}
        required
        value={privacy}
        aria-describedby={props.audited ? undefined : `${id}-unaudited`}
        onChange={(e) => setPrivacy(e.currentTarget.value)}
      >
        <option value="" disabled>Choose who can view it</option>
        {options.map((o) => (
          <option key={o} value={o}>{PRIVACY_LABELS[o] ?? o}</option>
        ))}
      </select>
      {!props.audited && (
        <UnauditedNotice
          id={`${id}-unaudited`}
          testId="again-unaudited"
          class="muted"
        />
      )}
      {toggles.map(([key, label, disabled]) => (
        <label key={key} class="check">
          <input
            type="checkbox"
            checked={allow[key] && !disabled}
            disabled={!!disabled}
            onChange={(e) =>
              setAllow({ ...allow, [key]: e.currentTarget.checked })}
          />{" "}
          {label}
          {disabled && (
            <span class="muted">
              {" "}(turned off in this account's TikTok settings)
            </span>
          )}
        </label>
      ))}
      <p class="muted">
        By posting, you agree to TikTok's{" "}
        <a
          href="https://www.tiktok.com/legal/page/global/music-usage-confirmation/en"
          rel="noopener"
          target="_blank"
        >
          Music Usage Confirmation
        </a>.
      </p>
      {error && (
        <p class="error-message" role="alert" data-testid="again-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !privacy}
        data-testid="again-submit"
      >
        {busy ? "Posting…" : "Post again"}
      </button>{" "}
      <button type="button" class="secondary" onClick={props.onClose}>
        Close
      </button>
    </form>
  );
}
