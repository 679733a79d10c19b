import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  ApiCallError,
  callApi,
  copyText,
  localTime,
  sendAndComplete,
  startUpload,
} from "../components/api_client.ts";
import { reportFailure } from "../components/report_failure.ts";
import {
  forgetAlbum,
  recallAlbum,
  rememberAlbum,
} from "../components/album_memory.ts";
import {
  composeBody,
  localWhen,
  PAST_RUN_TIME,
  privacyLabel,
  runTimePassed,
} from "../components/compose_rules.ts";
import { browserZone, errorText } from "../components/local_times.ts";
import { StopWordList } from "../lib/posting/caption_checks.ts";
import { CaptionField, useCaptionCheck } from "../components/CaptionField.tsx";
import { videoTooLongMessage } from "../lib/media/video_length_message.ts";
import type {
  AlbumResponse,
  CreatorInfoResponse,
  DirectPostResponse,
  JobCreatedResponse,
  LimitsResponse,
  UploadJson,
} from "../lib/http/api_responses.ts";
import { NotedToggleRow, ToggleRow } from "../components/ToggleRow.tsx";
import { UnauditedNotice } from "../components/UnauditedNotice.tsx";
import type { ComposePrefill } from "../lib/posting/post_again.ts";
import {
  failReasonSentence,
  OUTCOME_UNKNOWN_SENTENCE,
} from "../lib/tiktok/fail_reasons.ts";
import { leftOutcomeUnknown } from "../components/state_labels.ts";
import { videoToChoose } from "../components/posted_videos.ts";
import { ErrorRegion } from "../components/StatusRegion.tsx";
import { ChoiceTabs } from "../components/ChoiceTabs.tsx";
import { useFocusRescue } from "../components/focus_rescue.ts";

/** What the composer needs of an upload to offer it as a video. */
type VideoChoice = Pick<UploadJson, "url" | "filename"> & {
  duration_sec?: number | null;
  /** Posted on this account already: posting it again is a duplicate. */
  posted?: boolean;
};

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

interface PhotoSlot {
  name: string;
  progress: number;
  state: "uploading" | "done" | "error";
  url?: string;
  error?: string;
}

type Outcome =
  | { kind: "ok"; publishId: string; drafts: boolean }
  | { kind: "scheduled"; jobId: string; runAt: string }
  | { kind: "error"; code: string; message: string }
  | null;

const MUSIC_USAGE_URL =
  "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en";
const BRANDED_CONTENT_URL =
  "https://www.tiktok.com/legal/page/global/bc-policy/en";

/** The uploads offered, with a post's video made again among them. */
function againVideos(
  videos: VideoChoice[],
  again: ComposePrefill | null,
): VideoChoice[] {
  const video = again?.video;
  // Only the newest uploads are listed; an older one still stored joins.
  return video && !videos.some((v) => v.url === video.url)
    ? [video, ...videos]
    : videos;
}

function inOneHour(): string {
  const d = new Date(Date.now() + 3600_000);
  d.setUTCSeconds(0, 0);
  return d.toISOString();
}

/**
 * The composer (docs/dashboard.md#compose): a video or a photo post to
 * TikTok, now, later or to drafts, following TikTok's posting-screen rules
 * one by one (docs/dashboard.md#tiktok-audit-checklist).
 */
export default function PostCard(props: PostCardProps) {
  // The post made again, until it is sent: then the composer is a plain one.
  const [again, setAgain] = useState(props.prefill ?? null);
  // While a post is made again, the album this browser remembers is left
  // as it is (not replaced, not forgotten); it comes back once that is sent.
  const remembersAlbum = useRef(props.prefill == null);
  const [mode, setMode] = useState<"video" | "photo">(again?.kind ?? "video");
  const [videos, setVideos] = useState<VideoChoice[]>(() =>
    againVideos(props.videos, again)
  );
  // A post made again starts from its own video, or from none when that
  // video is gone: never silently from another one.
  // Otherwise from the newest video not posted yet: a posted one would
  // only get video_duplicate (components/posted_videos.ts).
  const [source, setSource] = useState(
    again
      ? again.video?.url ?? ""
      : props.postedKnown === false
      ? ""
      : videoToChoose(props.videos),
  );
  const [videoSeconds, setVideoSeconds] = useState<number | null>(null);
  // The upload card says where its video is: chosen here or not.
  useEffect(() => {
    globalThis.dispatchEvent(
      new CustomEvent("pm3k:composer-video", {
        detail: { url: mode === "video" ? source : "" },
      }),
    );
  }, [source, mode]);
  const previewRef = useRef<HTMLVideoElement>(null);

  /** The preview's metadata is in: its length, and its first frame shown. */
  function previewLoaded(v: HTMLVideoElement) {
    if (Number.isFinite(v.duration)) setVideoSeconds(v.duration);
    // A seek to the start makes browsers that stop at the metadata paint
    // the first frame, not a black box.
    if (v.paused && v.currentTime === 0) v.currentTime = 0.001;
  }

  // The server-rendered preview may have its metadata before the island
  // runs, when loadedmetadata has already fired.
  useEffect(() => {
    const v = previewRef.current;
    if (v && v.readyState >= 1) previewLoaded(v);
  }, [source, mode]);
  const [albumId, setAlbumId] = useState<string | null>(null);
  const [slots, setSlots] = useState<PhotoSlot[]>(() =>
    (again?.photos ?? []).map((p) => ({
      name: p.filename,
      progress: 1,
      state: "done" as const,
      url: p.url,
    }))
  );
  const [cover, setCover] = useState(again?.coverIndex ?? 0);
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
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [when, setWhen] = useState<"now" | "schedule">("now");
  /** `datetime-local` value: the browser's own time zone. */
  const [localRunAt, setLocalRunAt] = useState("");
  const [nextFree, setNextFree] = useState<string | null>(null);
  /** End of TikTok's cooldown for this account (after a TikTok 429). */
  const [cooldownUntil, setCooldownUntil] = useState<string | null>(null);
  const [variant, setVariant] = useState<"direct" | "job">("direct");
  const [payloadRunAt] = useState(inOneHour);
  const [retainedUntil, setRetainedUntil] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [photoMessage, setPhotoMessage] = useState("");
  // Sending disables the post button, and a new album removes its own
  // button: focus goes to the result, or to the photo field.
  const resultRef = useRef<HTMLDivElement>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const rescueFocus = useFocusRescue();

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
      setVideos((
        list,
      ) => [upload, ...list.filter((v) => v.url !== upload.url)]);
      setSource(upload.url);
      setMode("video");
    };
    globalThis.addEventListener("pm3k:uploaded", onUploaded);
    // A post made again brings its own photos: the album being composed
    // stays remembered for later, not mixed in.
    if (!again) restoreAlbum().catch(reportFailure("loading your album"));
    return () => globalThis.removeEventListener("pm3k:uploaded", onUploaded);
  }, []);

  /** The album being composed, remembered in this browser across reloads. */
  async function restoreAlbum() {
    const remembered = recallAlbum(props.albumStorageKey);
    if (!remembered) return;
    try {
      const album = await callApi<AlbumResponse>(
        "GET",
        `/api/albums/${remembered.albumId}`,
      );
      albumRef.current = Promise.resolve(album.album_id);
      setAlbumId(album.album_id);
      setSlots(album.photo_images.map((url, i) => ({
        name: album.images[i]?.filename ?? `image ${i + 1}`,
        progress: 1,
        state: "done" as const,
        url,
      })));
      nextSlot.current = album.photo_images.length;
      setCover(remembered.cover);
      if (album.retained) setRetainedUntil(album.expires_at);
      if (album.photo_images.length > 0) setMode("photo");
    } catch (error) {
      // An expired or deleted album: start a new one next time.
      if (error instanceof ApiCallError && error.code === "not_found") {
        forgetAlbum(props.albumStorageKey);
        return;
      }
      throw error;
    }
  }

  // Refs, not state: two quick picks must share one album and distinct slots.
  const albumRef = useRef<Promise<string> | null>(null);
  const nextSlot = useRef(again?.photos.length ?? 0);

  function updateSlot(index: number, change: Partial<PhotoSlot>) {
    setSlots((list) =>
      list.map((s, i) => (i === index ? { ...s, ...change } : s))
    );
  }

  async function addPhotos(input: HTMLInputElement) {
    const picked = [...(input.files ?? [])];
    input.value = ""; // so picking the same file again works
    if (picked.length === 0) return;
    setPhotoMessage("");
    albumRef.current ??= callApi<AlbumResponse>("POST", "/api/albums")
      .then((a) => {
        setAlbumId(a.album_id);
        if (remembersAlbum.current) {
          rememberAlbum(props.albumStorageKey, {
            albumId: a.album_id,
            cover: 0,
          });
        }
        return a.album_id;
      });
    let id: string;
    try {
      id = await albumRef.current;
    } catch (error) {
      albumRef.current = null;
      setPhotoMessage(errorText(error));
      return;
    }
    const start = nextSlot.current;
    nextSlot.current += picked.length;
    setSlots((list) => [
      ...list,
      ...picked.map((f) => ({
        name: f.name,
        progress: 0,
        state: "uploading" as const,
      })),
    ]);
    // Start the uploads one by one (the album keeps that order), then send
    // the bytes of all of them at once.
    const sends: Promise<void>[] = [];
    for (const [i, file] of picked.entries()) {
      const fail = (error: unknown) =>
        updateSlot(start + i, {
          state: "error",
          error: errorText(error),
        });
      try {
        const started = await startUpload(file, id);
        sends.push(
          sendAndComplete(
            started,
            file,
            (p) => updateSlot(start + i, { progress: p }),
          ).then(
            (done) =>
              updateSlot(start + i, {
                state: "done",
                url: done.url,
                progress: 1,
              }),
            fail,
          ),
        );
      } catch (error) {
        fail(error);
      }
    }
    await Promise.all(sends);
  }

  /** Picks the cover; the album remembered keeps it across reloads. */
  function chooseCover(index: number) {
    setCover(index);
    if (remembersAlbum.current && albumId) {
      rememberAlbum(props.albumStorageKey, { albumId, cover: index });
    }
  }

  function startNewAlbum() {
    if (remembersAlbum.current) forgetAlbum(props.albumStorageKey);
    albumRef.current = null;
    nextSlot.current = 0;
    setAlbumId(null);
    setSlots([]);
    setCover(0);
    setRetainedUntil(null);
  }

  async function retain() {
    if (!albumId) return;
    try {
      const res = await callApi<AlbumResponse>("POST", "/api/album/retain", {
        album_id: albumId,
      });
      setRetainedUntil(res.expires_at);
    } catch (error) {
      setPhotoMessage(errorText(error));
    }
  }

  const images = slots.filter((s) => s.state === "done").map((s) => s.url!);
  const coverIndex = Math.min(cover, Math.max(images.length - 1, 0));
  const video = videos.find((v) => v.url === source) ?? null;

  // What creator_info allows (TikTok's audit point 1 and 2).
  const cannotPost = infoError !== null ||
    (info !== null && info.available === false);
  const options = (info?.privacy_level_options ?? []).filter((p) =>
    props.appAudited || p === "SELF_ONLY"
  );
  /** A draft: the creator sets privacy and the rest in the TikTok app. */
  const drafting = toDrafts && props.canDraft;
  const branded = !drafting && disclose && brandedContent;
  const choiceMissing = !drafting && disclose && !yourBrand &&
    !brandedContent;
  const brandedPrivate = branded && privacy === "SELF_ONLY";
  const seconds = video?.duration_sec ?? videoSeconds;
  const maxSeconds = info?.max_video_post_duration_sec ?? null;
  const tooLong = mode === "video" && seconds !== null && maxSeconds !== null &&
    seconds > maxSeconds;
  const caption = useCaptionCheck(title, stopWords);
  const { problem, overLimit } = caption;
  const noMedia = mode === "video" ? !source : images.length === 0;
  // Said plainly until other media is chosen (docs/posting.md#posts-page).
  const againMissing = again !== null && again.mediaMissing &&
    mode === again.kind && noMedia;
  // TikTok's audit wants the nickname shown; the handle when TikTok gives it.
  const handle = info?.creator_username || props.handle;
  const creatorName = [
    info?.creator_nickname || props.accountName,
    handle ? `(@${handle})` : "",
  ].filter(Boolean).join(" ");
  const runAtDate = localRunAt ? new Date(localRunAt) : null;
  const inCooldown = cooldownUntil !== null &&
    Date.parse(cooldownUntil) > Date.now();
  // Within the minute counts as now: the API's next_post_at is whole minutes.
  const nowIsFree = nextFree !== null &&
    Date.parse(nextFree) <= Date.now() + 60_000;
  const nowIsLimited = when === "now" && nextFree !== null && !nowIsFree;
  const runAtPassed = when === "schedule" && runTimePassed(localRunAt);
  const beforeNextFree = when === "schedule" && runAtDate !== null &&
    !runAtPassed && nextFree !== null &&
    runAtDate.getTime() < Date.parse(nextFree);
  const blocked = busy || cannotPost || info === null ||
    (!privacy && !drafting) ||
    choiceMissing || brandedPrivate || tooLong || problem !== null ||
    overLimit || noMedia || (when === "schedule" && !localRunAt) ||
    runAtPassed ||
    (when === "now" && inCooldown);

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
    if (mode === "photo") startNewAlbum();
    else {
      setSource("");
      setVideoSeconds(null);
    }
  }

  /**
   * A post TikTok took, or may have taken: its video is marked used (never
   * chosen again), the lists reload, and nothing is left armed, so a second
   * click cannot post the same again.
   */
  function afterPosted(usedVideo: string | null) {
    if (usedVideo) {
      setVideos((list) =>
        list.map((v) => v.url === usedVideo ? { ...v, posted: true } : v)
      );
    }
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
      remembersAlbum.current = true;
      restoreAlbum().catch(reportFailure("loading your album"));
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (blocked) return;
    setBusy(true);
    setOutcome(null);
    const body = composeBody(choices);
    try {
      if (when === "schedule") {
        // The browser's local time, sent in UTC with its zone.
        const runAt = new Date(localRunAt);
        if (Number.isNaN(runAt.getTime())) {
          throw new ApiCallError("bad_request", "Pick a date and time.");
        }
        const res = await callApi<JobCreatedResponse>("POST", "/api/jobs", {
          kind: "tiktok",
          run_at: runAt.toISOString(),
          ...body,
        });
        setOutcome({ kind: "scheduled", jobId: res.job_id, runAt: res.run_at });
        globalThis.dispatchEvent(new CustomEvent("pm3k:scheduled"));
        disarm();
      } else {
        const res = await callApi<DirectPostResponse>(
          "POST",
          "/api/tiktok/direct_post",
          body,
        );
        setOutcome({
          kind: "ok",
          publishId: res.publish_id,
          drafts: choices.toDrafts,
        });
        afterPosted(choices.mode === "video" ? source : null);
      }
    } catch (error) {
      const code = error instanceof ApiCallError ? error.code : "error";
      const unknown = leftOutcomeUnknown(error);
      // TikTok may have the post: it is listed (Outcome unknown) and its
      // video held, as for a post TikTok took.
      if (unknown) afterPosted(choices.mode === "video" ? source : null);
      setOutcome({
        kind: "error",
        code,
        // Unanswered is not refused: the post may have gone through.
        message: code === "network_error"
          ? `PM3K could not be reached, so this may or may not have been sent. Check your internet connection, then reload the page and look under ${
            when === "schedule" ? "Scheduled posts" : "Your posts"
          } before sending it again.`
          : unknown
          ? `${OUTCOME_UNKNOWN_SENTENCE} It is listed under Your posts as “Outcome unknown”.`
          : errorText(error),
      });
    } finally {
      setBusy(false);
      rescueFocus(() => resultRef.current);
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

  const payload = variant === "direct"
    ? { ...composeBody({ ...choices, mode: "photo" }), brand: "" }
    : {
      kind: "tiktok",
      run_at: payloadRunAt,
      ...composeBody({ ...choices, mode: "photo" }),
    };
  const json = JSON.stringify(payload, null, 2);

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
                        setVideoSeconds(null);
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
                      {videoTooLongMessage(seconds!, maxSeconds!)}
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
                      ref={photoInput}
                      onChange={(e) =>
                        addPhotos(e.currentTarget as HTMLInputElement)}
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
                  {slots.length > 0 && (
                    <ol class="photo-slots" data-testid="photo-slots">
                      {slots.map((s, i) => (
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
                  {(albumId || slots.length > 0) && (
                    <p>
                      <button
                        type="button"
                        class="secondary"
                        data-testid="photo-new-album"
                        onClick={() => {
                          startNewAlbum();
                          rescueFocus(() => photoInput.current);
                        }}
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
                  <ErrorRegion message={photoMessage} />
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
                  ref={previewRef}
                  onLoadedMetadata={(e) =>
                    previewLoaded(e.currentTarget as HTMLVideoElement)}
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
                          onChange={() => chooseCover(i)}
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
                  {options.map((p) => (
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
                        id="post-ad-label"
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
                    aria-invalid={runAtPassed || beforeNextFree}
                    aria-describedby="post-run-at-problem"
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
              {when === "now" && inCooldown && !cannotPost && (
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
              {/* The time's problems: tied to its field, and announced. */}
              <div aria-live="polite" id="post-run-at-problem">
                {runAtPassed && (
                  <p class="error-message" data-testid="post-run-at-passed">
                    {PAST_RUN_TIME}
                  </p>
                )}
                {beforeNextFree && (
                  <p class="error-message" data-testid="post-before-next-free">
                    This account's posting limits take posts again from{" "}
                    {localWhen(nextFree!)}: pick that time or later.
                  </p>
                )}
              </div>
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
            disabled={blocked}
            aria-describedby={[
              !privacy && !cannotPost && !drafting && "post-needs-privacy",
              when === "now" && inCooldown && !cannotPost && "post-now-paused",
              // What else holds it back, said where it is shown.
              when === "schedule" && !localRunAt && "post-needs-time",
              runAtPassed && "post-run-at-problem",
              (problem !== null || overLimit) && "post-title-problem",
              choiceMissing && "post-ad-label",
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
          {!privacy && !cannotPost && !drafting && (
            <span class="muted" id="post-needs-privacy">
              {" "}Choose who can view this post first.
            </span>
          )}
          {when === "schedule" && !localRunAt && (
            <span class="muted" id="post-needs-time">
              {" "}Pick the date and time first.
            </span>
          )}
        </p>
      </form>
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
            value={variant}
            choices={[
              {
                value: "direct",
                text: "/api/tiktok/direct_post",
                testId: "payload-direct",
              },
              { value: "job", text: "/api/jobs", testId: "payload-job" },
            ]}
            onChoose={setVariant}
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
              aria-live="polite"
              onClick={async () =>
                setCopied(await copyText(json))}
            >
              {copied ? "Copied" : "Copy JSON"}
            </button>{" "}
            <button
              type="button"
              disabled={images.length === 0}
              data-testid="photo-retain"
              onClick={retain}
            >
              Upload only (get link)
            </button>
          </p>
          <div aria-live="polite">
            {retainedUntil && (
              <p data-testid="photo-retained">
                Album kept until{" "}
                <time dateTime={retainedUntil}>
                  {localTime(retainedUntil)}
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
