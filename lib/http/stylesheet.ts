/**
 * The dashboard's stylesheet under a content-versioned URL, as the island
 * bundles are (lib/islands/island_assets.ts): `/static/styles.css?v=<hash>`.
 * That URL is cached for a year, immutable; a deploy that changes the file
 * changes the URL, so new markup never meets old styles from a cache.
 * @module
 */
import { createHash } from "node:crypto";

/** Where the stylesheet is served (the `/static/*` files). */
const STYLESHEET_PATH = "/static/styles.css";

const STYLESHEET_FILE = new URL("../../static/styles.css", import.meta.url);

/** The version of stylesheet bytes: the first 16 hex digits of SHA-256. */
export function stylesheetVersion(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}

/** The version of the stylesheet this process serves (read at start). */
const STYLESHEET_VERSION = stylesheetVersion(
  Deno.readFileSync(STYLESHEET_FILE),
);

/** The URL pages link the stylesheet with. */
export const STYLESHEET_URL = `${STYLESHEET_PATH}?v=${STYLESHEET_VERSION}`;

/**
 * Cache-Control of a static file: the stylesheet asked for with this
 * version is kept forever; asked for with another version (a page from
 * before a deploy) it is today's file, which must not be kept under that
 * URL; any other static file is kept an hour.
 */
export function staticCacheControl(
  path: string,
  version: string | undefined,
): string {
  if (path !== STYLESHEET_PATH) return "public, max-age=3600";
  return version === STYLESHEET_VERSION
    ? "public, max-age=31536000, immutable"
    : "no-cache";
}
