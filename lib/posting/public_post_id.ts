/**
 * TikTok's public post id of a post, from its last status answer
 * (`publicaly_available_post_id`, TikTok's spelling): present only once a
 * public post is published.
 * @module
 */

/** The first public post id of TikTok's status answer, or null. */
export function publicPostId(
  raw: Record<string, unknown> | null,
): string | null {
  const data = raw?.data as { publicaly_available_post_id?: unknown } | null;
  const ids = data?.publicaly_available_post_id;
  return Array.isArray(ids) && ids.length > 0 ? String(ids[0]) : null;
}
