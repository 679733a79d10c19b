import { useEffect, useState } from "preact/hooks";
import { ApiCallError, callApi } from "../components/api_client.ts";
import { reportFailure } from "../components/report_failure.ts";
import type {
  AlbumJson,
  AlbumListResponse,
  CreatorInfoResponse,
  DirectPostResponse,
  JobCreatedResponse,
  UploadJson,
  UploadListResponse,
} from "../lib/http/api_responses.ts";

/** What the card needs of an upload to offer it as a video. */
type VideoChoice = Pick<UploadJson, "url" | "filename">;

export interface PostCardProps {
  videos: VideoChoice[];
}

type Outcome =
  | { kind: "ok"; publishId: string }
  | { kind: "scheduled"; jobId: string; runAt: string }
  | { kind: "error"; code: string; message: string }
  | null;

/** The Now / Schedule card: an uploaded video or a photo album, to TikTok now or later. */
export default function PostCard(props: PostCardProps) {
  const [mode, setMode] = useState<"video" | "photo">("video");
  const [videos, setVideos] = useState<VideoChoice[]>(props.videos);
  const [albums, setAlbums] = useState<AlbumJson[]>([]);
  const [source, setSource] = useState(props.videos[0]?.url ?? "");
  const [albumId, setAlbumId] = useState("");
  const [title, setTitle] = useState("");
  const [info, setInfo] = useState<CreatorInfoResponse | null>(null);
  const [privacy, setPrivacy] = useState("");
  const [flags, setFlags] = useState({
    disable_comment: false,
    disable_duet: false,
    disable_stitch: false,
    is_ad: false,
    ad_your_brand: false,
    ad_branded_content: false,
  });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [when, setWhen] = useState<"now" | "schedule">("now");
  /** `datetime-local` value: the browser's own time zone. */
  const [localRunAt, setLocalRunAt] = useState("");

  async function refreshSources() {
    const [up, al] = await Promise.all([
      callApi<UploadListResponse>("GET", "/api/uploads"),
      callApi<AlbumListResponse>("GET", "/api/albums"),
    ]);
    setVideos(up.uploads);
    setAlbums(al.albums);
    if (!source && up.uploads[0]) setSource(up.uploads[0].url);
    if (!albumId && al.albums[0]) setAlbumId(al.albums[0].album_id);
  }

  useEffect(() => {
    callApi<CreatorInfoResponse>("GET", "/api/tiktok/creator_info")
      .then((i) => {
        setInfo(i);
        // TikTok's rule: no default privacy is pre-selected for the user.
      })
      .catch(() => setInfo(null));
    refreshSources().catch(reportFailure("loading your videos and albums"));
  }, []);

  // Interactions the creator turned off on TikTok stay off, shown as such.
  const forced: Partial<Record<keyof typeof flags, boolean>> = {
    disable_comment: info?.comment_disabled,
    disable_duet: info?.duet_disabled,
    disable_stitch: info?.stitch_disabled,
  };
  // TikTok's commercial content disclosure (content sharing guidelines):
  // a choice is required, branded content cannot be private (SELF_ONLY).
  const branded = flags.is_ad && flags.ad_branded_content;
  const adChoiceMissing = flags.is_ad && !flags.ad_your_brand &&
    !flags.ad_branded_content;
  const brandedPrivate = branded && privacy === "SELF_ONLY";
  const flag = (
    name: keyof typeof flags,
    text: string = name,
    locked = false,
  ) => (
    <label>
      <input
        type="checkbox"
        checked={flags[name] || forced[name] === true}
        disabled={forced[name] === true || locked}
        data-testid={`post-${name}`}
        onChange={(e) => {
          const checked = (e.currentTarget as HTMLInputElement).checked;
          setFlags({
            ...flags,
            [name]: checked,
            // Hidden choices are not sent: turning the disclosure off clears them.
            ...(name === "is_ad" && !checked
              ? { ad_your_brand: false, ad_branded_content: false }
              : {}),
          });
        }}
      />{" "}
      {text}
    </label>
  );

  async function postNow(e: Event) {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    const album = albums.find((a) => a.album_id === albumId);
    const body = mode === "video"
      ? { source_url: source, title, ...(privacy ? { privacy } : {}), ...flags }
      : {
        media_type: "PHOTO",
        photo_images: album?.photo_images ?? [],
        photo_cover_index: 0,
        title,
        ...(privacy ? { privacy } : {}),
        ...flags,
      };
    try {
      if (when === "schedule") {
        // The browser's local time, sent in UTC with its zone.
        const runAt = new Date(localRunAt);
        if (Number.isNaN(runAt.getTime())) {
          throw new ApiCallError("bad_request", "Pick a date and time.");
        }
        const res = await callApi<JobCreatedResponse>(
          "POST",
          "/api/jobs",
          {
            kind: "tiktok",
            run_at: runAt.toISOString(),
            ...body,
          },
        );
        setOutcome({ kind: "scheduled", jobId: res.job_id, runAt: res.run_at });
        globalThis.dispatchEvent(new CustomEvent("pm3k:scheduled"));
      } else {
        const res = await callApi<DirectPostResponse>(
          "POST",
          "/api/tiktok/direct_post",
          body,
        );
        setOutcome({ kind: "ok", publishId: res.publish_id });
        globalThis.dispatchEvent(new CustomEvent("pm3k:posted"));
      }
    } catch (error) {
      setOutcome({
        kind: "error",
        code: error instanceof ApiCallError ? error.code : "error",
        message: (error as Error).message,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" data-testid="post-card">
      <h2>Post to TikTok: now or scheduled</h2>
      {info?.creator_nickname && (
        <p class="muted">Posting as {info.creator_nickname} on TikTok.</p>
      )}
      <p class="tabs">
        <button
          type="button"
          class={mode === "video" ? "" : "secondary"}
          onClick={() => setMode("video")}
        >
          Video
        </button>{" "}
        <button
          type="button"
          class={mode === "photo" ? "" : "secondary"}
          data-testid="post-mode-photo"
          onClick={() => {
            setMode("photo");
            refreshSources().catch(
              reportFailure("loading your videos and albums"),
            );
          }}
        >
          Photo album
        </button>{" "}
        <button
          type="button"
          class="link"
          onClick={() =>
            refreshSources().catch(
              reportFailure("loading your videos and albums"),
            )}
        >
          refresh
        </button>
      </p>
      <form onSubmit={postNow} class="post-form">
        {mode === "video"
          ? (
            <label>
              Video{" "}
              <select
                value={source}
                data-testid="post-source"
                onChange={(e) =>
                  setSource((e.currentTarget as HTMLSelectElement).value)}
              >
                {videos.length === 0 && (
                  <option value="">Upload a video first</option>
                )}
                {videos.map((v) => (
                  <option key={v.url} value={v.url}>{v.filename}</option>
                ))}
              </select>
            </label>
          )
          : (
            <label>
              Album{" "}
              <select
                value={albumId}
                data-testid="post-album"
                onChange={(e) =>
                  setAlbumId((e.currentTarget as HTMLSelectElement).value)}
              >
                {albums.length === 0 && (
                  <option value="">Upload photos in Photo Mode first</option>
                )}
                {albums.map((a) => (
                  <option key={a.album_id} value={a.album_id}>
                    {a.photo_images.length} images ({a.album_id.slice(-6)})
                  </option>
                ))}
              </select>
            </label>
          )}
        <label>
          Caption{" "}
          <textarea
            value={title}
            maxLength={2200}
            rows={3}
            data-testid="post-title"
            onInput={(e) =>
              setTitle((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          Who can watch{" "}
          <select
            value={privacy}
            data-testid="post-privacy"
            onChange={(e) =>
              setPrivacy((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">Choose…</option>
            {(info?.privacy_level_options ?? []).map((p) => (
              <option
                key={p}
                value={p}
                disabled={branded && p === "SELF_ONLY"}
              >
                {p}
              </option>
            ))}
          </select>
        </label>
        <div class="flags">
          {flag("disable_comment")}
          {mode === "video" && flag("disable_duet")}
          {mode === "video" && flag("disable_stitch")}
          {flag("is_ad", "is_ad: disclose commercial content")}
          {flags.is_ad &&
            flag("ad_your_brand", "ad_your_brand: your brand (yourself)")}
          {flags.is_ad &&
            flag(
              "ad_branded_content",
              "ad_branded_content: branded content (a third party)",
              privacy === "SELF_ONLY",
            )}
        </div>
        {flags.is_ad && (
          <p
            class={adChoiceMissing ? "error-message" : "muted"}
            data-testid="post-ad-label"
          >
            {adChoiceMissing
              ? "You need to indicate if your content promotes yourself, a third party, or both."
              : `Your ${mode} will be labeled as '${
                branded ? "Paid partnership" : "Promotional content"
              }'.`}
          </p>
        )}
        {flags.is_ad && (branded || privacy === "SELF_ONLY") && (
          <p class="muted" data-testid="post-ad-private-hint">
            Branded content visibility cannot be set to private.
          </p>
        )}
        <fieldset class="when">
          {(["now", "schedule"] as const).map((mode) => (
            <label key={mode}>
              <input
                type="radio"
                name="when"
                checked={when === mode}
                data-testid={`when-${mode}`}
                onChange={() => setWhen(mode)}
              />{" "}
              {mode === "now" ? "Now" : "Schedule"}
            </label>
          ))}
          {when === "schedule" && (
            <label>
              at (your time zone){" "}
              <input
                type="datetime-local"
                value={localRunAt}
                data-testid="post-run-at"
                onInput={(e) =>
                  setLocalRunAt((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
          )}
        </fieldset>
        <p class="muted" data-testid="post-declaration">
          By posting, you agree to TikTok's{" "}
          {branded ? "Branded Content Policy and " : ""}Music Usage
          Confirmation.
        </p>
        <p class="actions">
          <button
            type="submit"
            disabled={busy || !privacy || adChoiceMissing || brandedPrivate ||
              (when === "schedule" && !localRunAt)}
            data-testid="post-submit"
          >
            {when === "now" ? "Post now" : "Schedule"}
          </button>
        </p>
      </form>
      {outcome?.kind === "ok" && (
        <p data-testid="post-ok">
          Sent to TikTok: publish_id{" "}
          <code>{outcome.publishId}</code>. Its state shows below.
        </p>
      )}
      {outcome?.kind === "scheduled" && (
        <p data-testid="post-scheduled">
          Scheduled for{" "}
          <time dateTime={outcome.runAt}>
            {new Date(outcome.runAt).toLocaleString()}
          </time>{" "}
          (job <code>{outcome.jobId}</code>).
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
    </section>
  );
}
