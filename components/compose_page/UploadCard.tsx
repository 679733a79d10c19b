import { useRef, useState } from "preact/hooks";
import { useAskBeforeLeaving } from "./ask_before_leaving.ts";
import {
  callApi,
  cancelUpload,
  copyText,
  ErrorRegion,
  errorText,
  fillWords,
  humanSize,
  LocalTime,
  nameAmong,
  NAMED,
  namedWhen,
  pageWords,
  tellIslands,
  uploadFile,
  useFocusRescue,
  useIslandEvent,
  videoTooLongMessage,
} from "../shared_chunk.ts";
import { UPLOADS_SHOWN } from "../uploads_shown.ts";
import type {
  CompletedUploadResponse,
  UploadJson,
} from "../../lib/http/api_responses.ts";

export interface UploadCardProps {
  uploads: UploadJson[];
  /** SERVICE_NAME, given by the server (docs/configuration.md#the-service-name). */
  serviceName: string;
}

type Phase = "idle" | "uploading" | "done" | "error";

/** A pasted link's host, named while PM3K fetches from it. */
function hostOf(link: string): string {
  try {
    return new URL(link).hostname;
  } catch {
    return link;
  }
}

/**
 * Pick or drop a video, watch it upload, get its URL. The card around it,
 * heading and plan limits, is rendered by the page (UploadCardFrame): static
 * text costs no dashboard JavaScript (docs/dashboard.md#budget).
 */
export default function UploadCard(props: UploadCardProps) {
  const [uploads, setUploads] = useState<UploadJson[]>(props.uploads);
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState(0);
  const [message, setMessage] = useState("");
  /**
   * Whose error it is: the file picker's is said beside it, naming the
   * file; the link's beside the link (docs/dashboard.md#compose).
   */
  const [errorOf, setErrorOf] = useState<"file" | "link">("file");
  const [latest, setLatest] = useState<UploadJson | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  /** The file being sent, named beside its progress bar. */
  const [sending, setSending] = useState<File | null>(null);
  /** A link pasted to fetch the video from, and its host while fetching. */
  const [link, setLink] = useState("");
  const [fetching, setFetching] = useState<string | null>(null);
  // One upload at a time: the input is disabled meanwhile, and a file
  // dropped on the zone waits its turn too, not sent over the first.
  const busy = useRef(false);
  useAskBeforeLeaving(phase === "uploading");
  /**
   * Where the latest upload is now: chosen in the composer, one of its
   * videos (the composer reset or another was chosen), posted, or
   * scheduled (then `scheduledAt` says when).
   */
  const [place, setPlace] = useState<
    "chosen" | "listed" | "posted" | "failed" | "scheduled" | "jobFailed"
  >("chosen");
  /** The scheduled post of the latest upload, and why it failed if it did. */
  const scheduledJob = useRef<string | null>(null);
  const [jobError, setJobError] = useState("");
  /** The publish_id of the post the composer made with it. */
  const postedId = useRef<string | null | undefined>(null);
  const [scheduledAt, setScheduledAt] = useState("");
  const latestUrl = useRef<string | null>(null);
  // The file field and the link's button are disabled while a video is
  // sent, which takes focus away from them.
  const announceRef = useRef<HTMLDivElement>(null);
  const rescueFocus = useFocusRescue();
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().upload;

  // The composer says which video it holds and which one it posted.
  useIslandEvent(
    "pm3k:composer-video",
    ({ url }) =>
      setPlace((was) =>
        was === "posted" || was === "failed" || was === "scheduled" ||
          was === "jobFailed"
          ? was
          : url === latestUrl.current
          ? "chosen"
          : "listed"
      ),
  );
  useIslandEvent("pm3k:scheduled", ({ url, runAt, jobId }) => {
    if (url && url === latestUrl.current) {
      scheduledJob.current = jobId;
      setScheduledAt(runAt);
      setPlace("scheduled");
    }
  });
  // Its scheduled post ran: "scheduled for" no longer stands. Sent, it is
  // followed as a post sent now is; failed, why and what to do are said
  // (the scheduled posts list refreshes while a post is due,
  // docs/dashboard.md#freshness).
  useIslandEvent("pm3k:job-ran", ({ jobId, publishId, error }) => {
    if (jobId !== scheduledJob.current) return;
    scheduledJob.current = null;
    if (publishId) {
      postedId.current = publishId;
      setPlace("posted");
    } else {
      setJobError(error ?? "");
      setPlace("jobFailed");
    }
  });
  useIslandEvent("pm3k:posted", (posted) => {
    const url = posted?.url;
    if (url && url === latestUrl.current) {
      postedId.current = posted.id;
      setPlace("posted");
    }
  });
  // Your posts saw TikTok fail that post: "sent to TikTok" no longer
  // stands, as the composer's notice does not (docs/dashboard.md#freshness).
  useIslandEvent("pm3k:post-failed", (id) => {
    if (id && id === postedId.current) setPlace("failed");
  });

  /** Runs one upload and says how it ended; true once it is an upload. */
  async function runUpload(
    upload: () => Promise<UploadJson>,
    fileName?: string,
  ): Promise<boolean> {
    busy.current = true;
    // The composer says to wait for it rather than to choose a video.
    tellIslands("pm3k:uploading", true);
    setPhase("uploading");
    setMessage("");
    setCopied(null);
    try {
      const done = await upload();
      setLatest(done);
      // The composer takes it at once (it says so again when it does).
      latestUrl.current = done.url;
      postedId.current = null;
      scheduledJob.current = null;
      setPlace("chosen");
      setUploads((list) => [done, ...list]);
      // The composer picks the new video up at once, no refresh.
      tellIslands("pm3k:uploaded", done);
      setPhase("done");
      return true;
    } catch (error) {
      setPhase("error");
      setErrorOf(fileName ? "file" : "link");
      const why = errorText(error, { zone: NAMED });
      setMessage(fileName ? `${fileName}: ${why}` : why);
      return false;
    } finally {
      tellIslands("pm3k:uploading", false);
      busy.current = false;
      setSending(null);
      setFetching(null);
      rescueFocus(() => announceRef.current);
    }
  }

  async function send(file: File | undefined) {
    if (!file || busy.current) return;
    // A photo belongs in the composer's Photos: said so, rather than the
    // API's refusal, written for scripts in content types
    // (docs/dashboard.md#words-not-codes).
    // Any other file that is no video, the same: the API takes video/*
    // types only, and its message names content types.
    if (!file.type.startsWith("video/")) {
      setPhase("error");
      setErrorOf("file");
      const { photoNotVideo, fileNotVideo } = pageWords();
      setMessage(
        (file.type.startsWith("image/") ? photoNotVideo : fileNotVideo)
          .replace("{name}", () => file.name),
      );
      return;
    }
    // Longer than the creator may post (the composer's creator_info): said
    // before a byte is sent, as completing the upload would say it after
    // (docs/dashboard.md#compose). Read by the browser's player, which
    // may differ from the server's reading by a frame: 0.1 s is given.
    const max = Number(
      document.querySelector<HTMLElement>("[data-max-sec]")?.dataset.maxSec,
    );
    if (max > 0) {
      // One upload at a time from here: a file dropped meanwhile is not sent.
      busy.current = true;
      const v = document.createElement("video");
      v.src = URL.createObjectURL(file);
      // A file the player cannot read goes on: the server checks it.
      await new Promise((r) => {
        v.onloadedmetadata = v.onerror = r;
        setTimeout(r, 5000);
      });
      URL.revokeObjectURL(v.src);
      busy.current = false;
      if (v.duration > max + 0.1) {
        setPhase("error");
        setErrorOf("file");
        setMessage(`${file.name}: ${videoTooLongMessage(v.duration, max)}`);
        return;
      }
    }
    setSending(file);
    setProgress(0);
    return runUpload(
      () => uploadFile(file, { onProgress: setProgress }),
      file.name,
    );
  }

  /**
   * PM3K copies the video from a link (a share link of Google Drive or
   * Dropbox, or a direct download) into its storage, as an upload
   * (docs/media.md#uploads-from-a-url).
   */
  async function fetchLink(e: Event) {
    e.preventDefault();
    const url = link.trim();
    if (!url || busy.current) return;
    setFetching(hostOf(url));
    const done = await runUpload(() =>
      callApi<CompletedUploadResponse>(
        "POST",
        "/api/uploads/from_url",
        { url },
        {},
        true,
      )
    );
    // Kept after a refusal, to be corrected; cleared once it is an upload.
    if (done) setLink("");
  }

  async function copy(url: string) {
    if (await copyText(url)) setCopied(url);
  }

  /** Beside either progress: the file's PUT, or the copy from a link. */
  const cancel = (
    <button
      type="button"
      class="secondary"
      onClick={cancelUpload}
      data-testid="upload-cancel"
    >
      Cancel
    </button>
  );

  return (
    <>
      <label
        class={`dropzone${dragging ? " dragging" : ""}`}
        data-testid="upload-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          if (!busy.current) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          send(e.dataTransfer?.files[0]);
        }}
      >
        <input
          type="file"
          aria-label={words.chooseVideo}
          accept="video/mp4,video/quicktime,video/webm"
          data-testid="video-input"
          disabled={phase === "uploading"}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = ""; // so picking the same file again works
            send(file);
          }}
        />
        <span>{words.dropHere}</span>
      </label>
      {
        /* The file's error beside the file picker (which has reset), in a
          place there from the start; the link's stays by the link. */
      }
      <div data-testid="upload-file-announce">
        <ErrorRegion
          message={phase === "error" && errorOf === "file" ? message : ""}
          testId="upload-error"
        />
      </div>
      <form class="link-upload" onSubmit={fetchLink} data-testid="link-form">
        <label for="upload-link">
          {words.linkLabel}
        </label>
        <input
          id="upload-link"
          type="url"
          inputMode="url"
          placeholder={words.linkExample}
          value={link}
          onInput={(e) => setLink((e.currentTarget as HTMLInputElement).value)}
          disabled={phase === "uploading"}
          data-testid="link-input"
        />{" "}
        <button
          type="submit"
          disabled={phase === "uploading" || link.trim() === ""}
          data-testid="link-submit"
        >
          {words.fetchVideo}
        </button>
      </form>
      {phase === "uploading" && sending && (
        <p class="progress-row">
          <label for="upload-progress">
            Uploading <strong>{sending.name}</strong>{" "}
            ({humanSize(sending.size)})
          </label>{" "}
          <progress
            id="upload-progress"
            max={1}
            value={progress}
            data-testid="upload-progress"
            data-progress={progress.toFixed(3)}
          />{" "}
          <span>{Math.round(progress * 100)}%</span> {cancel}
        </p>
      )}
      {phase === "uploading" && fetching && (
        <p class="progress-row">
          <label for="fetch-progress">
            {props.serviceName}
            {words.copyingFrom}
            <strong>{fetching}</strong> {words.copyingTail}
          </label>{" "}
          {/* No value: how big the file is shows only as it arrives. */}
          <progress id="fetch-progress" data-testid="fetch-progress" /> {cancel}
        </p>
      )}
      {
        /* One place, always there, for the result and the error alike, as
          the composer's post-result: the result in a polite region, the
          error an alert beside it, not inside it, so it is said once and
          at once (docs/dashboard.md#accessibility-and-themes). */
      }
      <div data-testid="upload-announce" tabIndex={-1} ref={announceRef}>
        <ErrorRegion
          message={phase === "error" && errorOf === "link" ? message : ""}
          testId="upload-error"
        />
        <div aria-live="polite">
          {phase === "done" && latest && (
            <div class="fresh-key" data-testid="upload-result">
              <p>
                Uploaded <strong>{latest.filename}</strong>
                {latest.width && latest.height
                  ? ` (${latest.width}×${latest.height})`
                  : ""}:{" "}
                <span data-testid="upload-place">
                  {place === "scheduled"
                    ? (
                      <>
                        it is scheduled for{" "}
                        <time dateTime={scheduledAt}>
                          {namedWhen(scheduledAt)}
                        </time>
                        {words.scheduledTail}
                      </>
                    )
                    : place === "jobFailed"
                    ? fillWords(words.jobFailed, { why: jobError })
                    : words[place]}
                </span>{" "}
                {
                  /* Its zone named, as Compose's times are
                  (docs/dashboard.md#times). */
                }
                Kept until <LocalTime at={latest.expires_at} zone />.
              </p>
              <p class="muted">
                {words.automationHint}
              </p>
              <input
                type="text"
                readOnly
                aria-label={words.urlLabel}
                value={latest.url}
                data-testid="upload-url"
              />
              <button
                type="button"
                onClick={() =>
                  copy(latest.url)}
                data-testid="copy-upload-url"
              >
                {copied === latest.url ? "Copied" : "Copy URL"}
              </button>
            </div>
          )}
        </div>
      </div>
      <h3>{words.currentUploads}</h3>
      {uploads.length === 0
        ? <p class="muted" data-testid="no-uploads">{words.noUploads}</p>
        : (
          <ul class="uploads" data-testid="upload-list">
            {uploads.slice(0, UPLOADS_SHOWN).map((u) => (
              <li key={u.upload_id}>
                {
                  /* Two of one file name told apart, as the media page and
                    the composer's picker name them (upload_tag.ts). */
                }
                <a href={u.url}>{nameAmong(uploads, u)}</a>{" "}
                <span class="muted">
                  {humanSize(u.size)} · Kept until{" "}
                  <LocalTime at={u.expires_at} zone />
                </span>{" "}
                {/* A live region itself: "Copied" is said, not only shown. */}
                <button
                  type="button"
                  class="secondary"
                  aria-live="polite"
                  onClick={() => copy(u.url)}
                >
                  {copied === u.url ? "Copied" : (
                    <>
                      Copy URL
                      {/* Heard, not shown: which upload, as Tab reaches it. */}
                      <span class="visually-hidden">
                        {` of ${nameAmong(uploads, u)}`}
                      </span>
                    </>
                  )}
                </button>
              </li>
            ))}
          </ul>
        )}
    </>
  );
}
