// A copy of PM3K's lib/posting/public_post_id.ts: this package is built and
// published from its own folder (tsc compiles nodes/ and credentials/ only,
// npm ships dist/), so it cannot import the server's file.
// tests/n8n_node_copies_test.ts fails when the two differ: change both.
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
