/**
 * The composer's choice of video (docs/dashboard.md#freshness): the
 * account's uploads, those posted already named so, and why the one chosen
 * cannot go (no longer stored, or longer than the creator may post).
 * @module
 */
import { videoTooLongMessage } from "../../lib/media/video_length_message.ts";
import { nameAmong } from "../../lib/media/upload_tag.ts";
import type { VideoChoice } from "./video_choices.ts";
import { pageWords } from "../page_words.ts";

export interface VideoPickerProps {
  videos: VideoChoice[];
  /** The chosen video's URL, or "". */
  source: string;
  onChoose: (url: string) => void;
  /** A post made again's video is gone and no other is chosen. */
  againMissing: string;
  /** The chosen video is longer than the creator may post. */
  tooLong: { seconds: number; maxSeconds: number } | null;
  /** The chosen video was posted already (docs/dashboard.md#reused-media). */
  posted: boolean;
}

export function VideoPicker(
  { videos, source, onChoose, againMissing, tooLong, posted }: VideoPickerProps,
) {
  // Two uploads of one file name (two phones' "video.mp4") are told apart
  // by their upload's tag, as the media page names them (upload_tag.ts).
  const named = (v: VideoChoice) => nameAmong(videos, v);
  const chosen = videos.find((v) => v.url === source);
  return (
    <>
      <label class="field">
        Video
        <select
          value={source}
          data-testid="post-source"
          onChange={(e) =>
            onChoose((e.currentTarget as HTMLSelectElement).value)}
        >
          {(videos.length === 0 || !source) && (
            <option value="">
              {videos.length === 0 ? "Upload a video first" : "Choose a video"}
            </option>
          )}
          {videos.map((v) => (
            <option key={v.url} value={v.url}>
              {named(v)}
              {v.unknown
                // Not known to be posted (docs/dashboard.md#freshness).
                ? " (outcome unknown)"
                : v.posted || v.sameFile
                ? " (already posted)"
                : v.scheduled
                ? " (scheduled)"
                : ""}
            </option>
          ))}
        </select>
      </label>
      {againMissing && (
        <p class="error-message" data-testid="post-again-missing">
          {againMissing}
        </p>
      )}
      {posted && (
        <p class="error-message" id="post-video-posted">
          {chosen?.unknown
            ? pageWords().compose.videoUnknown
            : pageWords().errorCodes.video_duplicate}
        </p>
      )}
      {!posted && chosen?.sameFile && (
        <p class="notice" data-testid="same-file-posted">
          {pageWords().compose.sameFilePosted}
        </p>
      )}
      {tooLong && (
        <p class="error-message" id="post-too-long" data-testid="post-too-long">
          {videoTooLongMessage(tooLong.seconds, tooLong.maxSeconds)}
        </p>
      )}
    </>
  );
}
