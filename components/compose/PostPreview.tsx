/**
 * The composer's preview (TikTok's audit point 6,
 * docs/dashboard.md#tiktok-audit-checklist): the chosen video playing, or
 * the photos with the cover marked and picked under each.
 * @module
 */
import type { RefObject } from "preact";
import { pageWords } from "../page_words.ts";

export interface PostPreviewProps {
  mode: "video" | "photo";
  /** The chosen video's URL, or "". */
  source: string;
  /** The album's uploaded photos. */
  images: string[];
  coverIndex: number;
  onCover: (index: number) => void;
  videoRef: RefObject<HTMLVideoElement>;
  /** The video's metadata is in. */
  onVideoLoaded: (v: HTMLVideoElement) => void;
}

export function PostPreview(props: PostPreviewProps) {
  const { mode, source, images } = props;
  return (
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
          aria-label={pageWords().compose.previewVideo}
          ref={props.videoRef}
          onLoadedMetadata={(e) =>
            props.onVideoLoaded(e.currentTarget as HTMLVideoElement)}
        />
      )}
      {mode === "photo" && images.length > 0 && (
        <PhotoCarousel
          images={images}
          coverIndex={props.coverIndex}
          onCover={props.onCover}
        />
      )}
      {((mode === "video" && !source) ||
        (mode === "photo" && images.length === 0)) && (
        <p class="muted">{pageWords().compose.nothingToPreview}</p>
      )}
    </div>
  );
}

/** The photos in their order, each with its cover control under it. */
function PhotoCarousel(
  { images, coverIndex, onCover }: Pick<
    PostPreviewProps,
    "images" | "coverIndex" | "onCover"
  >,
) {
  return (
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
              onChange={() => onCover(i)}
            />{" "}
            {i === coverIndex
              ? `Photo ${i + 1} is the cover`
              : `Make photo ${i + 1} the cover`}
          </label>
        </li>
      ))}
    </ul>
  );
}
