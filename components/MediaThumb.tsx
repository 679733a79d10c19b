/**
 * A post's picture, as a creator knows it (docs/dashboard.md#calendar-posts-and-media):
 * a photo post's first photo, a video's first frame. Beside the post's
 * words, so decorative (`alt=""`, hidden from screen readers). Used by the
 * posts page, Scheduled posts and Your posts.
 * @module
 */
export function MediaThumb(
  { src, photo, small }: { src?: string; photo: boolean; small?: boolean },
) {
  const cls = small ? "thumb small" : "thumb";
  if (!src) return <div class={cls} />;
  return photo ? <img class={cls} src={src} alt="" loading="lazy" /> : (
    // The first frame stands for the video (metadata only is fetched);
    // "#t=0.1" makes browsers that stop at metadata (Safari) paint it.
    <video
      class={cls}
      src={`${src}#t=0.1`}
      preload="metadata"
      muted
      aria-hidden
    />
  );
}
