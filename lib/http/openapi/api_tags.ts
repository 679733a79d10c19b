/**
 * The groups of the API reference (`/docs`, OpenAPI `tags`), in the
 * order a newcomer works (docs/api.md#openapi-document-and-reference):
 * upload a file, post it, follow it, schedule, then the account, albums,
 * domains and webhooks.
 * Each operation's group comes from its path here, one place, so a new
 * route lands in a group or the document build fails naming it.
 * @module
 */

/** One group: its name, what it is for, and the paths it holds. */
interface ApiTag {
  name: string;
  description: string;
  /**
   * The OpenAPI paths it holds, in the reference's order: a path exactly,
   * or with `/**` one and every path below it.
   */
  paths: readonly string[];
}

/** Where `path` falls among `patterns`, or -1. */
function placeIn(patterns: readonly string[], path: string): number {
  return patterns.findIndex((pattern) =>
    pattern.endsWith("/**")
      ? path === pattern.slice(0, -3) ||
        path.startsWith(pattern.slice(0, -2))
      : path === pattern
  );
}

/** The groups, in the reference's order. */
export const API_TAGS: readonly ApiTag[] = [
  {
    name: "Uploads",
    description:
      "Upload a file first: in one request, through an upload URL, or fetched from a link. Posts take the upload's url.",
    paths: ["/api/uploads/**"],
  },
  {
    name: "Posting",
    description:
      "Post a video or photo carousel now (or send it as a draft), check a caption, and read what the TikTok account may post.",
    paths: [
      "/api/tiktok/direct_post",
      "/api/tiktok/creator_info",
      "/api/caption/check",
    ],
  },
  {
    name: "Status & posts",
    description:
      "Follow a publish to its end, list the account's posts and their stats, and give back a post that never reached TikTok.",
    paths: ["/api/tiktok/status", "/api/tiktok/posts/**"],
  },
  {
    name: "Scheduling (jobs)",
    description:
      "Schedule a post for later, list, move or re-caption it, or cancel it.",
    paths: ["/api/jobs/**"],
  },
  {
    name: "Account & limits",
    description:
      "Who this API key is, and how many posts and uploads are left and when the next post is taken.",
    paths: ["/api/me", "/api/limits"],
  },
  {
    name: "Albums",
    description:
      "Photo Mode albums: the images of a photo carousel, uploaded into an album.",
    paths: ["/api/albums/**", "/api/album/retain"],
  },
  {
    name: "Domains",
    description:
      "Verify a domain of yours so posts may take source_url links on it directly.",
    paths: ["/api/domains/**"],
  },
  {
    name: "Webhooks",
    description:
      "Be told when a post is published or fails, signed with the account's secret.",
    paths: ["/api/webhook/**"],
  },
  {
    name: "Reference",
    description: "This document.",
    paths: ["/api/openapi.json"],
  },
];

/**
 * The group of the operation at OpenAPI `path`.
 * @throws {Error} for a path no group holds: add it to {@link API_TAGS}
 */
export function tagOf(path: string): string {
  return API_TAGS[referencePlace(path)[0]].name;
}

/**
 * Where the reference shows `path`: its group's place, the pattern's
 * place in the group, then its depth (a collection before its items).
 * @throws {Error} for a path no group holds
 */
export function referencePlace(path: string): [number, number, number] {
  for (const [i, tag] of API_TAGS.entries()) {
    const at = placeIn(tag.paths, path);
    if (at >= 0) return [i, at, path.split("/").length];
  }
  throw new Error(
    `No API reference group holds ${path}: add it to API_TAGS`,
  );
}

/** The document's `tags`: each group's name and description, in order. */
export function openApiTags(): { name: string; description: string }[] {
  return API_TAGS.map(({ name, description }) => ({ name, description }));
}
