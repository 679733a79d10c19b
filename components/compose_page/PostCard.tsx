import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  callApi,
  copyText,
  lastPickableMinute,
  leftOutcomeUnknown,
  reportFailure,
  tellIslands,
  useFocusRescue,
  useIslandEvent,
} from "../shared_chunk.ts";
import { StopWordList } from "../../lib/posting/caption_checks.ts";
import { CaptionField, useCaptionCheck } from "../CaptionField.tsx";
import type { ComposePrefill } from "../../lib/posting/post_again.ts";
import { ChoiceTabs } from "../ChoiceTabs.tsx";
import {
  againVideos,
  markedUsed,
  startingVideo,
  withUpload,
} from "../compose/video_choices.ts";
import type { VideoChoice } from "../compose/video_choices.ts";
import type { ApiCallError } from "../api_client.ts";
import { useAskBeforeLeaving } from "./ask_before_leaving.ts";
import { useVideoPreview } from "../compose/video_preview.ts";
import { stillPosted } from "../compose/video_posted.ts";
import { usePhotoAlbum } from "../compose/photo_album.ts";
import { useCreatorInfo } from "../compose/creator_info.ts";
import { openOnPublicLooking } from "../../lib/tiktok_app/account_looks_public.ts";
import { usePostingLimits } from "../compose/posting_limits.ts";
import { latestKeptRunAt } from "../../lib/jobs/media_keep_rule.ts";
import { keepCaption, recallCaption } from "../compose/caption_draft.ts";
import { composeState } from "../compose/compose_state.ts";
import type { PostWhen } from "../compose/schedule_timing.ts";
import { failedOutcome } from "../compose/post_outcome.ts";
import type { Outcome } from "../compose/post_outcome.ts";
import { albumRequest, inOneHour, sendPost } from "../compose/post_requests.ts";
import type {
  AlbumEndpoint,
  UnansweredSend,
} from "../compose/post_requests.ts";
import { CreatorHeader } from "../compose/CreatorHeader.tsx";
import { PostingPauseNotices } from "../compose/PostingPauseNotices.tsx";
import { PostAgainNote, PostAgainReason } from "../compose/PostAgainNotes.tsx";
import { VideoPicker } from "../compose/VideoPicker.tsx";
import { PhotoUploads } from "../compose/PhotoUploads.tsx";
import { PostPreview } from "../compose/PostPreview.tsx";
import { DraftsChoice } from "../compose/DraftsChoice.tsx";
import { PrivacyField } from "../compose/PrivacyField.tsx";
import {
  InteractionToggles,
  NO_INTERACTIONS,
} from "../compose/InteractionToggles.tsx";
import type { Interactions } from "../compose/InteractionToggles.tsx";
import { DisclosureFields } from "../compose/DisclosureFields.tsx";
import { ScheduleChoice } from "../compose/ScheduleChoice.tsx";
import { ConsentLine } from "../compose/ConsentLine.tsx";
import { SendButton } from "../compose/SendButton.tsx";
import { PostOutcome } from "../compose/PostOutcome.tsx";
import { AlbumAutomation } from "../compose/AlbumAutomation.tsx";

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
  /** The account granted `video.publish`: it can post directly. */
  canPublish: boolean;
  /** The configured extra stop words (the built-in list is in the code). */
  extraStopWords: string[];
  /** How long the account's plan keeps files. */
  filesKeptHours: number;
  /**
   * Where the album being composed (and, in this tab, the caption being
   * written) is remembered across reloads.
   */
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
  /**
   * What Processing takes, worded by the server: "can take a few
   * minutes", with the account's own last posts' time when measured
   * ("(about 3 minutes for your last 5 posts)"): no words shipped as
   * JavaScript.
   */
  processing: string;
}

/**
 * The composer (docs/dashboard.md#compose): a video or a photo post to
 * TikTok, now, later or to drafts, following TikTok's posting-screen rules
 * one by one (docs/dashboard.md#tiktok-audit-checklist). The island holds
 * the state and the API calls; each section of the form is a component of
 * its own, and what the choices allow is components/compose/compose_state.ts.
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
    tellIslands("pm3k:composer-video", {
      url: mode === "video" ? source : "",
    });
  }, [source, mode]);
  const preview = useVideoPreview(source, mode);
  // Once the creator picks a post type (or uploads a video), the album
  // restored late does not switch it back to Photos.
  const modeChosen = useRef(false);
  const chooseMode = (chosen: "video" | "photo") => {
    modeChosen.current = true;
    setMode(chosen);
  };
  const album = usePhotoAlbum({
    storageKey: props.albumStorageKey,
    again,
    onRestoredPhotos: () => modeChosen.current || setMode("photo"),
  });
  const [autoAddMusic, setAutoAddMusic] = useState(false);
  const [title, setTitle] = useState(again?.title ?? "");
  const creator = useCreatorInfo();
  const { info, infoError } = creator;
  const [privacy, setPrivacy] = useState("");
  const [allow, setAllow] = useState<Interactions>(NO_INTERACTIONS);
  const [disclose, setDisclose] = useState(false);
  const [yourBrand, setYourBrand] = useState(false);
  const [brandedContent, setBrandedContent] = useState(false);
  const [toDrafts, setToDrafts] = useState(again?.toDrafts ?? false);
  const [busy, setBusy] = useState(false);
  // A post being sent, or photos on their way: leaving asks first.
  useAskBeforeLeaving(busy || album.uploading);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const unanswered = useRef<UnansweredSend | null>(null);
  const [when, setWhen] = useState<PostWhen>("now");
  /** `datetime-local` value: the browser's own time zone. */
  const [localRunAt, setLocalRunAt] = useState("");
  const limits = usePostingLimits();
  const { cooldownUntil } = limits;
  const [endpoint, setEndpoint] = useState<AlbumEndpoint>("direct");
  const [payloadRunAt] = useState(inOneHour);
  const [copied, setCopied] = useState(false);

  const stopWords = useMemo(
    () => new StopWordList(props.extraStopWords),
    [],
  );

  useEffect(() => {
    // creator_info needs video.publish (docs/dashboard.md#drafts-only-accounts).
    if (props.canPublish) creator.load();
    limits.reload();
    // A post made again brings its own caption; otherwise (a video from
    // the media page too: no post, postId "") the one being written before
    // a reload comes back.
    if (!again?.postId) setTitle(recallCaption(props.albumStorageKey));
    // A post made again brings its own photos: the album being composed
    // stays remembered for later, not mixed in.
    if (!again) album.restore().catch(reportFailure("loading your album"));
  }, []);
  // A new upload joins the composer at once (docs/dashboard.md#freshness).
  useIslandEvent("pm3k:uploaded", (upload) => {
    if (upload.kind !== "video") return;
    setVideos((list) => withUpload(list, upload));
    setSource(upload.url);
    chooseMode("video");
    // Its bytes may be a posted video's from another upload: the server
    // says, as a reload would ("(already posted)"); unanswered, unmarked.
    callApi<{ same_file: boolean }>(
      "GET",
      "/dashboard/same_file/" + upload.upload_id,
    ).then(
      (r) =>
        r.same_file &&
        setVideos((list) => markedUsed(list, upload.url, "sameFile")),
      () => {},
    );
  });
  /**
   * The posts this composer sent, by publish_id, with their video (null
   * for photos): any of them TikTok fails frees its limits and video.
   */
  const sentPosts = useRef(
    new Map<string, Pick<VideoChoice, "url" | "created_at"> | null>(),
  ).current;
  // Your posts saw TikTok fail a post sent from here: not "Sent" any more.
  // A failed post counts against no limit and may leave its video free
  // (docs/dashboard.md#scheduling): the limits are read again, and whether
  // its video is still posted (another post may use it), as a reload would.
  useIslandEvent("pm3k:post-failed", (id) => {
    setOutcome((o) =>
      o?.kind === "ok" && o.publishId === id ? { ...o, failed: true } : o
    );
    // Your posts tells of each failed post each time it reloads: once here.
    const video = sentPosts.get(id!);
    if (video === undefined) return;
    sentPosts.delete(id!);
    limits.reload();
    if (video) {
      stillPosted(video).then((posted) =>
        setVideos((list) =>
          list.map((v) =>
            v.url === video.url
              ? { ...v, posted, unknown: posted && v.unknown }
              : v
          )
        )
      ).catch(reportFailure("loading your posts"));
    }
  });
  // A video on its way in the upload card: the button says to wait.
  const [videoUploading, setVideoUploading] = useState(false);
  useIslandEvent("pm3k:uploading", setVideoUploading);
  // A scheduled post cancelled below frees its hour: the next free time
  // and its warnings follow at once.
  useIslandEvent("pm3k:cancelled", () => limits.reload());

  const { images, coverIndex } = album;
  const video = videos.find((v) => v.url === source) ?? null;
  const caption = useCaptionCheck(title, stopWords);
  // Sending disables the post button, a new album removes its own button,
  // and so does "Schedule for …": focus goes to the result, the photo
  // field, or the time filled in.
  const resultRef = useRef<HTMLDivElement>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const runAtInput = useRef<HTMLInputElement>(null);
  const rescueFocus = useFocusRescue();
  // TikTok refused creator_info (disconnected): no post can be made or
  // scheduled, so no time is offered for one.
  const offeredFree = infoError === null ? limits.nextFree : null;
  // Media on PM3K (an upload listed, the album's photos) is kept for a
  // scheduled post only as long as the plan keeps files.
  const latestKept = mode === "photo" || video
    ? lastPickableMinute(latestKeptRunAt(props.filesKeptHours, Date.now()))
    : null;
  const state = composeState({
    info,
    infoError,
    appAudited: props.appAudited,
    canDraft: props.canDraft,
    canPublish: props.canPublish,
    again,
    mode,
    source,
    posted: !!video?.posted,
    images,
    uploading: mode === "photo" ? album.uploading : videoUploading,
    seconds: video?.duration_sec ?? preview.seconds,
    toDrafts,
    privacy,
    disclose,
    yourBrand,
    brandedContent,
    caption,
    when,
    localRunAt,
    nextFree: offeredFree,
    cooldownUntil,
    latestKept,
    busy,
  });
  const { cannotPost, drafting, branded } = state;
  // What the post is made of: a refusal of it goes once that changes,
  // and stays while it still applies (docs/dashboard.md#scheduling).
  const madeOf = [mode, source, title, ...images].join("\n");
  useEffect(
    () =>
      setOutcome((o) =>
        o?.kind === "error" && o.madeOf && o.madeOf !== madeOf ? null : o
      ),
    [madeOf],
  );

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

  /** The caption typed, kept for a reload of this tab (caption_draft.ts). */
  function typeTitle(text: string) {
    setTitle(text);
    keepCaption(props.albumStorageKey, text);
  }

  function resetForm() {
    typeTitle("");
    setPrivacy("");
    setAllow(NO_INTERACTIONS);
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
  function afterPosted(
    usedVideo: string | null,
    id: string | null = null,
    unknown?: boolean,
  ) {
    if (usedVideo) {
      setVideos((list) => markedUsed(list, usedVideo, "posted", unknown));
    }
    tellIslands("pm3k:posted", { url: usedVideo, id });
    disarm();
  }

  /** Nothing left armed, nor a Post again prefill a reload would bring back. */
  function disarm() {
    resetForm();
    if (again) {
      // The album this browser remembers comes back, and the page's note
      // of the video chosen by Use in a post goes (routes/dashboard).
      history.replaceState(null, "", location.pathname);
      document.getElementById("video-chosen")?.remove();
      setAgain(null);
      album.resume();
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (state.blocked) return;
    setBusy(true);
    setOutcome(null);
    const sentMadeOf = madeOf;
    // Sent or scheduled: focus goes to the notice atop the card; refused,
    // to the refusal by the button.
    let result = resultRef;
    try {
      const sent = await sendPost(choices, when, localRunAt, unanswered);
      setOutcome(sent);
      if (sent.kind === "scheduled") {
        if (choices.mode === "video") {
          setVideos((list) => markedUsed(list, source, "scheduled"));
        }
        tellIslands("pm3k:scheduled", {
          url: choices.mode === "video" ? source : null,
          runAt: sent.runAt,
          jobId: sent.jobId,
        });
        disarm();
      } else {
        const url = choices.mode === "video" ? source : null;
        if (sent.kind === "ok") {
          sentPosts.set(
            sent.publishId,
            url ? { url, created_at: video?.created_at } : null,
          );
        }
        afterPosted(url, sent.kind === "ok" ? sent.publishId : null);
      }
    } catch (error) {
      // TikTok may have the post: it is listed (Outcome unknown) and its
      // video held, as for a post TikTok took.
      if (leftOutcomeUnknown(error)) {
        const url = choices.mode === "video" ? source : null;
        // Marked not posted later (docs/posting.md#outcome-unknown), it
        // fails as a sent post does, keyed by its post_id: its video is
        // read again and its "(outcome unknown)" goes.
        sentPosts.set(
          (error as ApiCallError).extra.post_id as string,
          url ? { url, created_at: video?.created_at } : null,
        );
        afterPosted(url, null, true);
      }
      setOutcome(failedOutcome(error, when, choices.mode, sentMadeOf));
      result = refusalRef;
    } finally {
      setBusy(false);
      // Focus is placed once the limits are read: a cooldown they bring
      // (TikTok's 429) disables the button it would go back to.
      await limits.reload();
      rescueFocus(() => result.current);
    }
  }

  const json = JSON.stringify(
    albumRequest(endpoint, choices, payloadRunAt),
    null,
    2,
  );

  return (
    <section class="card" data-testid="post-card" aria-labelledby="compose-h">
      {/* Focusable for a Try again that mended creator_info. */}
      <h2 id="compose-h" tabIndex={-1} ref={headingRef}>New TikTok post</h2>
      <CreatorHeader
        info={info}
        refused={infoError !== null || !props.canPublish}
        avatarUrl={props.avatarUrl}
        accountName={props.accountName}
        handle={props.handle}
      />
      <PostingPauseNotices
        cannotPost={cannotPost}
        infoError={infoError}
        reconnect={creator.reconnect}
        retry={creator.infoRetry && {
          ...creator.infoRetry,
          onRetry: () => {
            creator.retry().then((answered) =>
              answered && rescueFocus(() =>
                headingRef.current
              )
            );
          },
        }}
        cooldownUntil={cooldownUntil}
      />
      {
        /* What became of the post sent, read first: below it the reset
          form's limits and hints would otherwise read as a refusal. */
      }
      <PostOutcome
        outcome={outcome}
        resultRef={resultRef}
        processing={props.processing}
        shows="done"
      />
      {again?.postId && <PostAgainNote kind={again.kind} drafting={drafting} />}
      <ChoiceTabs
        label="Post type"
        value={mode}
        choices={[
          { value: "video", text: "Video", testId: "post-mode-video" },
          { value: "photo", text: "Photos", testId: "post-mode-photo" },
        ]}
        onChoose={chooseMode}
      />
      {/* The upload card refuses a video longer than this before sending it. */}
      <form
        onSubmit={submit}
        class="post-form"
        data-testid="post-form"
        data-max-sec={info?.max_video_post_duration_sec}
      >
        <div class="compose-grid">
          <div class="compose-media">
            {mode === "video"
              ? (
                <VideoPicker
                  videos={videos}
                  source={source}
                  onChoose={(url) => {
                    modeChosen.current = true;
                    setSource(url);
                    preview.forgetLength();
                  }}
                  againMissing={state.againMissing}
                  tooLong={state.tooLong}
                  posted={state.videoPosted}
                />
              )
              : (
                <PhotoUploads
                  maxImages={props.maxImages}
                  slots={album.slots}
                  started={!!album.albumId || album.slots.length > 0}
                  drafting={drafting}
                  autoAddMusic={autoAddMusic}
                  message={album.message}
                  againMissing={state.againMissing}
                  onPick={album.addPhotos}
                  inputRef={photoInput}
                  onNewAlbum={() => {
                    album.startNew();
                    rescueFocus(() => photoInput.current);
                  }}
                  onRemove={(key, at) =>
                    album.remove(key).then((gone) => {
                      // Focus goes to the Remove of the photo now in its
                      // place, else of the one before (a line still
                      // uploading has none), else the photo field.
                      if (!gone) {
                        return;
                      }
                      rescueFocus(() => {
                        const lines = document.querySelectorAll(
                          ".photo-slots li",
                        );
                        return lines[at]?.querySelector("button") ??
                          lines[at - 1]?.querySelector("button") ??
                          photoInput.current;
                      });
                    })}
                  onMusic={setAutoAddMusic}
                />
              )}
            <PostPreview
              mode={mode}
              source={source}
              images={images}
              coverIndex={coverIndex}
              onCover={album.chooseCover}
              videoRef={preview.ref}
              onVideoLoaded={preview.loaded}
            />
          </div>
          <div class="compose-details">
            {again?.failMessage && (
              <PostAgainReason message={again.failMessage} />
            )}
            <CaptionField
              id="post-title"
              testId="post-title"
              value={title}
              rows={4}
              check={caption}
              onInput={typeTitle}
            />
            {props.canDraft && (
              <DraftsChoice
                checked={toDrafts}
                mode={mode}
                onToggle={setToDrafts}
              />
            )}
            {again?.noDrafts && (
              <p class="reason" data-testid="post-again-no-drafts">
                {again.noDrafts}
              </p>
            )}
            {!drafting && props.canPublish && (
              <>
                <PrivacyField
                  value={privacy}
                  options={state.privacyOptions}
                  appAudited={props.appAudited}
                  openOnPublic={info ? openOnPublicLooking(info) : null}
                  branded={branded}
                  onChoose={setPrivacy}
                />
                <InteractionToggles
                  allow={allow}
                  mode={mode}
                  info={info}
                  onChange={setAllow}
                />
                <DisclosureFields
                  disclose={disclose}
                  yourBrand={yourBrand}
                  brandedContent={brandedContent}
                  privacy={privacy}
                  mode={mode}
                  branded={branded}
                  choiceMissing={state.choiceMissing}
                  onDisclose={setDisclose}
                  onYourBrand={setYourBrand}
                  onBrandedContent={setBrandedContent}
                />
              </>
            )}
            <ScheduleChoice
              when={when}
              localRunAt={localRunAt}
              nextFree={offeredFree}
              cooldownUntil={cooldownUntil}
              latestKept={latestKept}
              filesKeptHours={props.filesKeptHours}
              keptMedia={video?.filename ?? "these photos"}
              timing={state}
              nowPaused={state.nowPaused}
              onWhen={setWhen}
              onRunAt={setLocalRunAt}
              runAtRef={runAtInput}
              onFreeChosen={() =>
                rescueFocus(() => runAtInput.current)}
            />
          </div>
        </div>
        <ConsentLine branded={branded} />
        <SendButton
          state={state}
          busy={busy}
          when={when}
          drafts={choices.toDrafts}
        />
      </form>
      <PostOutcome
        outcome={outcome}
        resultRef={refusalRef}
        processing={props.processing}
        shows="refusal"
      />
      {mode === "photo" && (
        <AlbumAutomation
          endpoint={endpoint}
          onEndpoint={setEndpoint}
          json={json}
          copied={copied}
          onCopy={async () => setCopied(await copyText(json))}
          canRetain={images.length > 0}
          onRetain={album.retain}
          retainedUntil={album.retainedUntil}
        />
      )}
    </section>
  );
}
