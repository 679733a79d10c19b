import { useEffect, useMemo, useState } from "preact/hooks";
import { callApi, copyText, localTime } from "../components/api_client.ts";
import { reportFailure } from "../components/report_failure.ts";
import {
  localWhen,
  PAST_RUN_TIME,
  privacyLabel,
} from "../components/compose_rules.ts";
import { browserZone, errorText } from "../components/local_times.ts";
import { StopWordList } from "../lib/posting/caption_checks.ts";
import { CaptionField, useCaptionCheck } from "../components/CaptionField.tsx";
import { videoTooLongMessage } from "../lib/media/video_length_message.ts";
import type {
  CreatorInfoResponse,
  LimitsResponse,
  UploadJson,
} from "../lib/http/api_responses.ts";
import { NotedToggleRow, ToggleRow } from "../components/ToggleRow.tsx";
import { UnauditedNotice } from "../components/UnauditedNotice.tsx";
import type { ComposePrefill } from "../lib/posting/post_again.ts";
import { failReasonSentence } from "../lib/tiktok/fail_reasons.ts";
import { leftOutcomeUnknown } from "../components/state_labels.ts";
import { ErrorRegion } from "../components/StatusRegion.tsx";
import { ChoiceTabs } from "../components/ChoiceTabs.tsx";
import {
  againVideos,
  markedPosted,
  startingVideo,
  withUpload,
} from "../components/video_choices.ts";
import type { VideoChoice } from "../components/video_choices.ts";
import { useVideoPreview } from "../components/video_preview.ts";
import { usePhotoAlbum } from "../components/photo_album.ts";
import { composeState } from "../components/compose_state.ts";
import type { PostWhen } from "../components/schedule_timing.ts";
import { failedOutcome } from "../components/post_outcome.ts";
import type { Outcome } from "../components/post_outcome.ts";
import {
  albumRequest,
  inOneHour,
  sendPost,
} from "../components/post_requests.ts";
import type { AlbumEndpoint } from "../components/post_requests.ts";

export interface PostCardProps {
  videos: VideoChoice[];
  /**
   * False when the page could not tell which videos were posted: then no
   * video is chosen for the creator (components/posted_videos.ts).
   */
  postedKnown?: boolean;
  /** Images per photo post, at most. */
  maxImages: number;
  /** False while the TikTok app is not audited: only "Only me" works. */
  appAudited: boolean;
  /** The account granted `video.upload`: drafts can be sent. */
  canDraft: boolean;
  /** The configured extra stop words (the built-in list is in the code). */
  extraStopWords: string[];
  /** Where the album being composed is remembered across reloads. */
  albumStorageKey: string;
  /** The account's avatar from TikTok's user info (when creator_info has none). */
  avatarUrl: string;
  /**
   * The account's name and kept handle, for when creator_info names no one
   * (`available: false` during TikTok's cooldown).
   */
  accountName: string;
  handle?: string;
  /**
   * "Post again" of a failed post (docs/posting.md#posts-page): its media,
   * caption and post_mode; never its privacy, interactions or disclosure.
   */
  prefill?: ComposePrefill | null;
}

type CreatorInfo = CreatorInfoResponse;

const MUSIC_USAGE_URL =
  "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en";
const BRANDED_CONTENT_URL =
  "https://www.tiktok.com/legal/page/global/bc-policy/en";

/**
 * The composer (docs/dashboard.md#compose): a video or a photo post to
 * TikTok, now, later or to drafts, following TikTok's posting-screen rules
 * one by one (docs/dashboard.md#tiktok-audit-checklist).
 */
export default function PostCard(props: PostCardProps) {
  // The post made again, until it is sent: then the composer is a plain one.
  const [again, setAgain] = useState(props.prefill ?? null);
  const [mode, setMode] = useState<"video" | "photo">(again?.kind ?? "video");
  const [videos, setVideos] = useState<VideoChoice[]>(() =>
    againVideos(props.videos, again)
  );
  const [source, setSource] = useState(
    startingVideo(props.videos, again, props.postedKnown),
  );
  // The upload card says where its video is: chosen here or not.
  useEffect(() => {
    globalThis.dispatchEvent(
      new CustomEvent("pm3k:composer-video", {
        detail: { url: mode === "video" ? source : "" },
      }),
    );
  }, [source, mode]);
  const preview = useVideoPreview(source, mode);
  const album = usePhotoAlbum({
    storageKey: props.albumStorageKey,
    again,
    onRestoredPhotos: () => setMode("photo"),
  });
  const [autoAddMusic, setAutoAddMusic] = useState(false);
  const [title, setTitle] = useState(again?.title ?? "");
  const [info, setInfo] = useState<CreatorInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [privacy, setPrivacy] = useState("");
  const [allow, setAllow] = useState({
    comment: false,
    duet: false,
    stitch: false,
  });
  const [disclose, setDisclose] = useState(false);
  const [yourBrand, setYourBrand] = useState(false);
  const [brandedContent, setBrandedContent] = useState(false);
  const [toDrafts, setToDrafts] = useState(again?.toDrafts ?? false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [when, setWhen] = useState<PostWhen>("now");
  /** `datetime-local` value: the browser's own time zone. */
  const [localRunAt, setLocalRunAt] = useState("");
  const [nextFree, setNextFree] = useState<string | null>(null);
  /** End of TikTok's cooldown for this account (after a TikTok 429). */
  const [cooldownUntil, setCooldownUntil] = useState<string | null>(null);
  const [endpoint, setEndpoint] = useState<AlbumEndpoint>("direct");
  const [payloadRunAt] = useState(inOneHour);
  const [copied, setCopied] = useState(false);

  const stopWords = useMemo(
    () => new StopWordList(props.extraStopWords),
    [],
  );

  async function loadLimits() {
    const limits = await callApi<LimitsResponse>("GET", "/api/limits");
    setNextFree(limits.next_post_at);
    setCooldownUntil(limits.cooldown_until);
  }

  useEffect(() => {
    callApi<CreatorInfo>("GET", "/api/tiktok/creator_info")
      .then((i) => setInfo(i))
      .catch((error) => setInfoError(errorText(error)));
    loadLimits().catch(reportFailure("loading your posting limits"));
    // A new upload joins the composer at once (docs/dashboard.md#freshness).
    const onUploaded = (e: Event) => {
      const upload = (e as CustomEvent<UploadJson>).detail;
      if (upload.kind !== "video") return;
      setVideos((list) => withUpload(list, upload));
      setSource(upload.url);
      setMode("video");
    };
    globalThis.addEventListener("pm3k:uploaded", onUploaded);
    // A post made again brings its own photos: the album being composed
    // stays remembered for later, not mixed in.
    if (!again) album.restore().catch(reportFailure("loading your album"));
    return () => globalThis.removeEventListener("pm3k:uploaded", onUploaded);
  }, []);

  const { images, coverIndex } = album;
  const video = videos.find((v) => v.url === source) ?? null;

  const caption = useCaptionCheck(title, stopWords);
  const state = composeState({
    info,
    infoError,
    appAudited: props.appAudited,
    canDraft: props.canDraft,
    again,
    mode,
    source,
    images,
    seconds: video?.duration_sec ?? preview.seconds,
    toDrafts,
    privacy,
    disclose,
    yourBrand,
    brandedContent,
    caption,
    when,
    localRunAt,
    nextFree,
    cooldownUntil,
    busy,
  });
  const { cannotPost, drafting, branded, choiceMissing, tooLong } = state;
  const { againMissing, inCooldown, nowIsFree, nowIsLimited } = state;
  const { runAtPassed, beforeNextFree } = state;
  // TikTok's audit wants the nickname shown; the handle when TikTok gives it.
  const handle = info?.creator_username || props.handle;
  const creatorName = [
    info?.creator_nickname || props.accountName,
    handle ? `(@${handle})` : "",
  ].filter(Boolean).join(" ");

  const choices = {
    mode,
    sourceUrl: source,
    photoImages: images,
    coverIndex,
    autoAddMusic,
    title,
    privacy,
    allowComment: allow.comment && !info?.comment_disabled,
    allowDuet: allow.duet && !info?.duet_disabled,
    allowStitch: allow.stitch && !info?.stitch_disabled,
    disclose,
    yourBrand,
    brandedContent,
    toDrafts: drafting,
  };

  function resetForm() {
    setTitle("");
    setPrivacy("");
    setAllow({ comment: false, duet: false, stitch: false });
    setDisclose(false);
    setYourBrand(false);
    setBrandedContent(false);
    setToDrafts(false);
    setAutoAddMusic(false);
    setWhen("now");
    setLocalRunAt("");
    // The media goes with the post too: a second click finds none chosen.
    if (mode === "photo") album.startNew();
    else {
      setSource("");
      preview.forgetLength();
    }
  }

  /**
   * A post TikTok took, or may have taken: its video is marked used (never
   * chosen again), the lists reload, and nothing is left armed, so a second
   * click cannot post the same again.
   */
  function afterPosted(usedVideo: string | null) {
    if (usedVideo) setVideos((list) => markedPosted(list, usedVideo));
    globalThis.dispatchEvent(
      new CustomEvent("pm3k:posted", { detail: { url: usedVideo } }),
    );
    disarm();
  }

  /** Nothing left armed, nor a Post again prefill a reload would bring back. */
  function disarm() {
    resetForm();
    if (again) {
      // The album this browser remembers comes back.
      history.replaceState(null, "", location.pathname);
      setAgain(null);
      album.resume();
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (state.blocked) return;
    setBusy(true);
    setOutcome(null);
    try {
      const sent = await sendPost(choices, when, localRunAt);
      setOutcome(sent);
      if (sent.kind === "scheduled") {
        globalThis.dispatchEvent(new CustomEvent("pm3k:scheduled"));
        disarm();
      } else afterPosted(choices.mode === "video" ? source : null);
    } catch (error) {
      // TikTok may have the post: it is listed (Outcome unknown) and its
      // video held, as for a post TikTok took.
      if (leftOutcomeUnknown(error)) {
        afterPosted(choices.mode === "video" ? source : null);
      }
      setOutcome(failedOutcome(error, when));
    } finally {
      setBusy(false);
      loadLimits().catch(reportFailure("loading your posting limits"));
    }
  }

  const allowBox = (
    key: "comment" | "duet" | "stitch",
    text: string,
    off: boolean | undefined,
  ) => (
    <NotedToggleRow
      checked={allow[key] && !off}
      disabled={off === true}
      describedBy={off ? `allow-${key}-reason` : undefined}
      testId={`post-allow-${key}`}
      onToggle={(on) => setAllow({ ...allow, [key]: on })}
      text={text}
    >
      {off && (
        <p class="reason" id={`allow-${key}-reason`}>
          Turned off in this account's TikTok settings.
        </p>
      )}
    </NotedToggleRow>
  );

  const json = JSON.stringify(
    albumRequest(endpoint, choices, payloadRunAt),
    null,
    2,
  );

  return (
    <section class="card" data-testid="post-card" aria-labelledby="compose-h">
      <h2 id="compose-h">New TikTok post</h2>
      <div class="creator" data-testid="post-creator">
        {(info?.creator_avatar_url || props.avatarUrl) && (
          <img
            src={info?.creator_avatar_url || props.avatarUrl}
            alt=""
            width={40}
            height={40}
          />
        )}
        <p>
          {
            /* Named even when TikTok refuses creator_info (audit point 1):
              the account's own name and kept handle stand in. */
          }
          {info || infoError !== null
            ? (
              <>
                Posting to <strong>{creatorName}</strong> on TikTok
              </>
            )
            : "Asking TikTok what this account can post…"}
        </p>
      </div>
      <div aria-live="assertive">
        {cannotPost && (
          <p class="stop" role="alert" data-testid="post-cannot-post">
            {infoError !== null
              ? `TikTok cannot take a post from this account now: ${infoError}`
              // available: false, during TikTok's cooldown: its end, not
              // the next free time (a scheduled post may hold that later).
              : cooldownUntil
              ? `TikTok is not taking posts from this account until ${
                localWhen(cooldownUntil)
              }. Try again then.`
              : "TikTok is not taking posts from this account right now. Try again later."}
          </p>
        )}
      </div>
      <div aria-live="polite">
        {inCooldown && !cannotPost && (
          <p class="stop" data-testid="post-cooldown">
            TikTok asked to pause posting for this account until{" "}
            {localWhen(cooldownUntil!)}. You can schedule a post for later.
          </p>
        )}
      </div>
      {again && (
        <p class="notice" data-testid="post-again-note">
          Posting a failed post again: its{" "}
          {again.kind === "photo" ? "photos" : "video"}{" "}
          and caption are filled in. Choose who can view it, interactions and
          disclosure again.
        </p>
      )}
      <ChoiceTabs
        label="Post type"
        value={mode}
        choices={[
          { value: "video", text: "Video", testId: "post-mode-video" },
          { value: "photo", text: "Photos", testId: "post-mode-photo" },
        ]}
        onChoose={setMode}
      />
      <form onSubmit={submit} class="post-form" data-testid="post-form">
        <div class="compose-grid">
          <div class="compose-media">
            {mode === "video"
              ? (
                <>
                  <label class="field">
                    Video
                    <select
                      value={source}
                      data-testid="post-source"
                      onChange={(e) => {
                        setSource((e.currentTarget as HTMLSelectElement).value);
                        preview.forgetLength();
                      }}
                    >
                      {(videos.length === 0 || !source) && (
                        <option value="">
                          {videos.length === 0
                            ? "Upload a video first"
                            : "Choose a video"}
                        </option>
                      )}
                      {videos.map((v) => (
                        <option key={v.url} value={v.url}>
                          {v.posted
                            ? `${v.filename} (already posted)`
                            : v.filename}
                        </option>
                      ))}
                    </select>
                  </label>
                  {againMissing && (
                    <p class="error-message" data-testid="post-again-missing">
                      The video of this post is no longer stored; upload it
                      again.
                    </p>
                  )}
                  {tooLong && (
                    <p class="error-message" data-testid="post-too-long">
                      {videoTooLongMessage(
                        tooLong.seconds,
                        tooLong.maxSeconds,
                      )}
                    </p>
                  )}
                </>
              )
              : (
                <div data-testid="photo-card">
                  <label class="dropzone">
                    <input
                      type="file"
                      multiple
                      accept="image/jpeg,image/webp"
                      data-testid="photo-input"
                      onChange={(e) =>
                        album.addPhotos(e.currentTarget as HTMLInputElement)}
                    />
                    <span>
                      Add photos (JPEG or WebP, up to 1080 × 1080 px, 1 to{" "}
                      {props.maxImages})
                    </span>
                  </label>
                  {againMissing && (
                    <p class="error-message" data-testid="post-again-missing">
                      The photos of this post are no longer stored; upload them
                      again.
                    </p>
                  )}
                  {album.slots.length > 0 && (
                    <ol class="photo-slots" data-testid="photo-slots">
                      {album.slots.map((s, i) => (
                        <li key={i} data-state={s.state}>
                          {s.name} {s.state === "uploading" && (
                            <progress
                              max={1}
                              value={s.progress}
                              aria-label={`Uploading ${s.name}`}
                              data-progress={s.progress.toFixed(3)}
                            />
                          )}
                          {s.state === "done" && (
                            <span class="muted">uploaded</span>
                          )}
                          {
                            /* Always there, so a photo's refusal is
                              announced (docs/dashboard.md). */
                          }
                          <span
                            aria-live="polite"
                            data-testid="photo-slot-announce"
                          >
                            {s.state === "error" && (
                              <span class="error-message">
                                {s.error}
                              </span>
                            )}
                          </span>
                        </li>
                      ))}
                    </ol>
                  )}
                  {(album.albumId || album.slots.length > 0) && (
                    <p>
                      <button
                        type="button"
                        class="secondary"
                        data-testid="photo-new-album"
                        onClick={album.startNew}
                      >
                        Start a new album
                      </button>
                    </p>
                  )}
                  {
                    /* A draft's music is chosen in TikTok, which ignores it
                      in a draft's init (docs/posting.md#drafts). */
                  }
                  {!drafting && (
                    <ToggleRow
                      checked={autoAddMusic}
                      testId="photo-music"
                      onToggle={setAutoAddMusic}
                      text="Add recommended music"
                    />
                  )}
                  <ErrorRegion message={album.message} />
                </div>
              )}
            <div class="preview" data-testid="post-preview">
              <h3>Preview</h3>
              {mode === "video" && source && (
                <video
                  src={source}
                  controls
                  muted
                  playsInline
                  preload="metadata"
                  data-testid="preview-video"
                  aria-label="Preview of the chosen video"
                  ref={preview.ref}
                  onLoadedMetadata={(e) =>
                    preview.loaded(e.currentTarget as HTMLVideoElement)}
                />
              )}
              {mode === "photo" && images.length > 0 && (
                <ul class="carousel" data-testid="photo-carousel">
                  {images.map((url, i) => (
                    <li
                      key={url}
                      class={i === coverIndex ? "cover" : ""}
                      data-cover={i === coverIndex ? "true" : "false"}
                    >
                      <img src={url} alt={`Photo ${i + 1}`} />
                      <label>
                        <input
                          type="radio"
                          name="cover"
                          checked={i === coverIndex}
                          data-testid={`photo-cover-${i}`}
                          onChange={() => album.chooseCover(i)}
                        />{" "}
                        {i === coverIndex
                          ? `Photo ${i + 1} is the cover`
                          : `Make photo ${i + 1} the cover`}
                      </label>
                    </li>
                  ))}
                </ul>
              )}
              {((mode === "video" && !source) ||
                (mode === "photo" && images.length === 0)) && (
                <p class="muted">Nothing to preview yet.</p>
              )}
            </div>
          </div>
          <div class="compose-details">
            {again?.failReason && (
              // What TikTok objected to, beside what can be changed.
              <p class="stop" data-testid="post-again-reason">
                Why it failed: {failReasonSentence(again.failReason)}
              </p>
            )}
            <CaptionField
              id="post-title"
              testId="post-title"
              value={title}
              rows={4}
              check={caption}
              onInput={setTitle}
            />
            {props.canDraft && (
              <NotedToggleRow
                checked={toDrafts}
                testId="post-to-drafts"
                onToggle={setToDrafts}
                text="Send to TikTok drafts"
              >
                {drafting && (
                  <p class="reason" data-testid="post-drafts-note">
                    The post goes to your TikTok inbox as a draft: you choose
                    who can view it, interactions
                    {mode === "photo" ? ", music" : ""}{" "}
                    and disclosure in the TikTok app when you finish it.{" "}
                    {mode === "video"
                      ? "TikTok does not take a video draft's caption: PM3K keeps it in Your posts, and you paste it in TikTok."
                      : "TikTok keeps the caption."}
                  </p>
                )}
              </NotedToggleRow>
            )}
            {again?.wasDraft && !props.canDraft && (
              <p class="reason" data-testid="post-again-no-drafts">
                This post was a TikTok draft, but this account no longer lets
                PM3K send drafts: it will be posted directly. To send it as a
                draft, reconnect TikTok and allow uploading drafts.
              </p>
            )}
            {!drafting && (
              <>
                <label for="post-privacy">Who can view this post</label>
                <select
                  id="post-privacy"
                  value={privacy}
                  required
                  data-testid="post-privacy"
                  aria-describedby={props.appAudited ? undefined : "unaudited"}
                  onChange={(e) =>
                    setPrivacy((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="" disabled>Choose who can view…</option>
                  {state.privacyOptions.map((p) => (
                    <option
                      key={p}
                      value={p}
                      disabled={branded && p === "SELF_ONLY"}
                    >
                      {privacyLabel(p)}
                    </option>
                  ))}
                </select>
                {!props.appAudited && (
                  <UnauditedNotice
                    id="unaudited"
                    testId="post-unaudited"
                    class="reason"
                  />
                )}
                <fieldset>
                  <legend>Allow users to</legend>
                  {allowBox(
                    "comment",
                    "Allow comments",
                    info?.comment_disabled,
                  )}
                  {mode === "video" &&
                    allowBox("duet", "Allow Duet", info?.duet_disabled)}
                  {mode === "video" &&
                    allowBox("stitch", "Allow Stitch", info?.stitch_disabled)}
                </fieldset>
                <fieldset>
                  <legend>Commercial content</legend>
                  <ToggleRow
                    checked={disclose}
                    testId="post-is_ad"
                    onToggle={(on) => {
                      setDisclose(on);
                      // Hidden choices are not sent: closing clears them.
                      if (!on) {
                        setYourBrand(false);
                        setBrandedContent(false);
                      }
                    }}
                    text="Disclose post content"
                  />
                  <p class="reason">
                    Turn on to disclose that this post promotes goods or
                    services in exchange for something of value.
                  </p>
                  {disclose && (
                    <>
                      <ToggleRow
                        checked={yourBrand}
                        testId="post-ad_your_brand"
                        onToggle={setYourBrand}
                        text="Your brand"
                      />
                      <p class="reason">
                        You are promoting yourself or your own business.
                      </p>
                      <ToggleRow
                        checked={brandedContent}
                        disabled={privacy === "SELF_ONLY"}
                        describedBy={privacy === "SELF_ONLY"
                          ? "post-ad-private-hint"
                          : undefined}
                        testId="post-ad_branded_content"
                        onToggle={setBrandedContent}
                        text="Branded content"
                      />
                      <p class="reason">
                        You are promoting another brand or a third party.
                      </p>
                      <p
                        class={choiceMissing ? "error-message" : "muted"}
                        data-testid="post-ad-label"
                        aria-live="polite"
                      >
                        {choiceMissing
                          ? "You need to indicate if your content promotes yourself, a third party, or both."
                          : `Your ${mode} will be labeled as '${
                            branded ? "Paid partnership" : "Promotional content"
                          }'.`}
                      </p>
                      {(branded || privacy === "SELF_ONLY") && (
                        <p
                          class="muted"
                          id="post-ad-private-hint"
                          data-testid="post-ad-private-hint"
                        >
                          Branded content visibility cannot be set to private.
                        </p>
                      )}
                    </>
                  )}
                </fieldset>
              </>
            )}
            <fieldset class="when">
              <legend>When</legend>
              {(["now", "schedule"] as const).map((w) => (
                <label key={w}>
                  <input
                    type="radio"
                    name="when"
                    checked={when === w}
                    data-testid={`when-${w}`}
                    onChange={() => setWhen(w)}
                  />{" "}
                  {w === "now" ? "Now" : "Schedule"}
                </label>
              ))}
              {when === "schedule" && (
                <label>
                  Date and time in {browserZone()}{" "}
                  <input
                    type="datetime-local"
                    value={localRunAt}
                    data-testid="post-run-at"
                    onInput={(e) =>
                      setLocalRunAt(
                        (e.currentTarget as HTMLInputElement).value,
                      )}
                  />
                </label>
              )}
              {nextFree && (
                <p class="muted" data-testid="post-next-free">
                  Next free:{" "}
                  <time dateTime={nextFree}>
                    {nowIsFree ? "now" : localWhen(nextFree)}
                  </time>
                </p>
              )}
              {state.nowPaused && (
                // Beside the choice that waits, not only atop the composer:
                // why "Post now" stays disabled once all else is chosen.
                <p
                  class="error-message"
                  id="post-now-paused"
                  data-testid="post-now-paused"
                >
                  TikTok paused posting for this account until{" "}
                  {localWhen(cooldownUntil!)}: choose Schedule to post it then
                  or later.
                </p>
              )}
              {nowIsLimited && !inCooldown && (
                <p class="muted" data-testid="post-now-limited">
                  This account's posting limits take the next post at{" "}
                  {localWhen(nextFree!)}: a post now will be refused. Schedule
                  it for then instead.
                </p>
              )}
              <div aria-live="polite">
                {runAtPassed && (
                  <p class="error-message" data-testid="post-run-at-passed">
                    {PAST_RUN_TIME}
                  </p>
                )}
              </div>
              {beforeNextFree && (
                <p class="error-message" data-testid="post-before-next-free">
                  This account's posting limits take posts again from{" "}
                  {localWhen(nextFree!)}: pick that time or later.
                </p>
              )}
            </fieldset>
          </div>
        </div>
        <p class="muted" data-testid="post-declaration">
          By posting, you agree to TikTok's {branded && (
            <>
              <a href={BRANDED_CONTENT_URL} target="_blank" rel="noopener">
                Branded Content Policy
              </a>{" "}
              and{" "}
            </>
          )}
          <a href={MUSIC_USAGE_URL} target="_blank" rel="noopener">
            Music Usage Confirmation
          </a>.
        </p>
        <p class="actions">
          <button
            type="submit"
            disabled={state.blocked}
            aria-describedby={[
              state.needsPrivacy && "post-needs-privacy",
              state.nowPaused && "post-now-paused",
            ].filter(Boolean).join(" ") || undefined}
            data-testid="post-submit"
          >
            {busy
              ? "Sending…"
              : when === "schedule"
              ? "Schedule"
              : choices.toDrafts
              ? "Send to TikTok drafts"
              : "Post now"}
          </button>
          {state.needsPrivacy && (
            <span class="muted" id="post-needs-privacy">
              {" "}Choose who can view this post first.
            </span>
          )}
        </p>
      </form>
      <div aria-live="polite" data-testid="post-result">
        {outcome?.kind === "ok" && (
          <div
            class="notice"
            data-testid="post-ok"
            data-publish-id={outcome.publishId}
          >
            <p>
              {outcome.drafts
                ? "Sent to your TikTok drafts: open the notification in the TikTok app to finish the post."
                : "Sent to TikTok. Processing can take a few minutes; the post then appears on your TikTok profile."}
            </p>
            <p class="muted">Its progress shows under Your posts.</p>
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
          </p>
        )}
      </div>
      {mode === "photo" && (
        <details class="automation" data-testid="photo-automation">
          <summary>Use this album from n8n, Make or your scripts</summary>
          <p class="muted">
            The request for the album as composed above; it updates as each
            upload completes.
          </p>
          <ChoiceTabs
            label="Endpoint"
            value={endpoint}
            choices={[
              {
                value: "direct",
                text: "/api/tiktok/direct_post",
                testId: "payload-direct",
              },
              { value: "job", text: "/api/jobs", testId: "payload-job" },
            ]}
            onChoose={setEndpoint}
          />
          <pre
            class="payload"
            data-testid="photo-payload"
            tabIndex={0}
          >{json}</pre>
          <p class="actions">
            <button
              type="button"
              class="secondary"
              onClick={async () =>
                setCopied(await copyText(json))}
            >
              {copied ? "Copied" : "Copy JSON"}
            </button>{" "}
            <button
              type="button"
              disabled={images.length === 0}
              data-testid="photo-retain"
              onClick={album.retain}
            >
              Upload only (get link)
            </button>
          </p>
          <div aria-live="polite">
            {album.retainedUntil && (
              <p data-testid="photo-retained">
                Album kept until{" "}
                <time dateTime={album.retainedUntil}>
                  {localTime(album.retainedUntil)}
                </time>: use the JSON above in n8n or Make with
                /api/tiktok/direct_post.
              </p>
            )}
          </div>
        </details>
      )}
    </section>
  );
}
