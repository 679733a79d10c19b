/**
 * Share links an upload from a URL fetches in their direct download form
 * (docs/media.md#share-links): a builder pastes the link a host's Share
 * button gives, which opens a web page about the file; the host also
 * publishes a form of the same link that answers the file itself, and that
 * is the URL PM3K fetches instead. One rule per host, in a table; a URL no
 * rule matches is fetched as it is.
 *
 * - Dropbox, a file's share link (`/scl/fi/…`, `/s/…`): `dl=1` in place of
 *   `dl=0` or none (Dropbox's help: "change dl=0 to dl=1" to force a
 *   download). `raw=1` and `dl=1` are direct already; folder links (`/sh/`,
 *   `/scl/fo/`) download a zip, not a video, and are left alone.
 * - Google Drive, a file's share link (`/file/d/ID/view`, `open?id=ID`,
 *   `uc?id=ID`): `https://drive.google.com/uc?export=download&id=ID`, with
 *   the link's `resourcekey` if it has one. `uc?export=download` is direct
 *   already; folders, and Docs, Sheets or Slides, are left alone.
 * - OneDrive for work or school and SharePoint (`TENANT-my.sharepoint.com`,
 *   `TENANT.sharepoint.com`), a video's, image's or other file's share link
 *   (`/:v:/…`, `/:i:/…`, `/:u:/…`): `download=1` added, which makes
 *   SharePoint answer the file instead of its viewer. Folders (`/:f:/`) and
 *   Office documents are left alone. Personal OneDrive links (`1drv.ms`,
 *   `onedrive.live.com`) have no such form and are fetched as they are.
 *
 * The rules follow the link forms the hosts publish (SharePoint's
 * `download=1` is a form in wide use, not in Microsoft's reference), and
 * were never run against the real hosts: this machine cannot reach them,
 * and the tests (tests/share_links_test.ts, tests/uploads_from_url_test.ts)
 * simulate the hosts only. A host that changes its forms makes the fetch answer a web
 * page, which is refused saying so (web_page.ts), not taken for a file.
 *
 * Hand-written: no maintained npm package turns share links into direct
 * downloads (the Drive, Dropbox and Microsoft Graph packages are API clients
 * needing an account's credentials).
 * @module
 */

/** Which host's rule rewrote a link. */
export type ShareHost = "google_drive" | "dropbox" | "sharepoint";

/** A share link's direct download form. */
export interface DirectLink {
  host: ShareHost;
  /** The URL to fetch in place of the share link. */
  url: URL;
}

interface ShareLinkRule {
  host: ShareHost;
  /** Whether the rule is for this hostname (lower case, no port). */
  isFor(hostname: string): boolean;
  /** The direct form of a share link, or null for any other URL. */
  direct(url: URL): URL | null;
}

/** Drive's file IDs and resource keys: letters, digits, `-` and `_`. */
const DRIVE_TOKEN = /^[A-Za-z0-9_-]+$/;

function driveDirect(url: URL): URL | null {
  let id: string | null = null;
  // /file/d/ID, /file/d/ID/view|edit|preview, and the signed-in form
  // /file/u/N/d/ID/…
  const file =
    /^\/file(?:\/u\/\d+)?\/d\/([^/]+)(?:\/(?:view|edit|preview))?\/?$/
      .exec(url.pathname);
  if (file) {
    id = file[1];
  } else {
    const query = /^(?:\/u\/\d+)?\/(open|uc)\/?$/.exec(url.pathname);
    if (!query) return null;
    // uc?export=download is the direct form itself: fetched as it is.
    if (query[1] === "uc" && url.searchParams.get("export") === "download") {
      return null;
    }
    id = url.searchParams.get("id");
  }
  if (!id || !DRIVE_TOKEN.test(id)) return null;
  const direct = new URL("https://drive.google.com/uc");
  direct.search = `export=download&id=${id}`;
  const resourceKey = url.searchParams.get("resourcekey");
  if (resourceKey && DRIVE_TOKEN.test(resourceKey)) {
    direct.search += `&resourcekey=${resourceKey}`;
  }
  return direct;
}

function dropboxDirect(url: URL): URL | null {
  // A file: /scl/fi/ID/NAME or /s/ID/NAME (folders are /scl/fo/ and /sh/).
  if (!/^\/(?:scl\/fi|s)\/[^/]+\/[^/]+$/.test(url.pathname)) return null;
  const params = url.searchParams;
  if (params.get("dl") === "1" || params.get("raw") === "1") return null;
  return withFlagSet(url, "dl");
}

/**
 * `url` over https with `name=1` in place of any `name` parameter, however
 * its name is written (`d%6C=0` is Dropbox's `dl=0` too, and left beside
 * `dl=1` would make the link say both). The other parameters (Dropbox's
 * rlkey, SharePoint's e…) stay as they were written: only that one
 * changes, so nothing else is re-encoded.
 */
function withFlagSet(url: URL, name: string): URL {
  const kept = url.search.slice(1).split("&").filter((p) =>
    p !== "" && paramName(p) !== name
  );
  const direct = new URL(url.href);
  direct.protocol = "https:";
  direct.hash = "";
  direct.search = [...kept, `${name}=1`].join("&");
  return direct;
}

/** A query parameter's name as a host reads it (percent-decoded). */
function paramName(param: string): string {
  const raw = param.split("=", 1)[0].replaceAll("+", " ");
  try {
    return decodeURIComponent(raw);
  } catch {
    // Not percent-encoding a host can read: not the name looked for.
    return raw;
  }
}

/**
 * SharePoint's share links name the kind of item after the host: `/:v:/`
 * a video, `/:i:/` an image, `/:u:/` a file of another type, then a letter
 * for who may open it (`/r/`, `/s/`, `/g/`…). Only those three kinds can be
 * a video or a photo.
 */
const SHAREPOINT_FILE_LINK = /^\/:[viu]:\/[a-z]\/./;

function sharepointDirect(url: URL): URL | null {
  if (!SHAREPOINT_FILE_LINK.test(url.pathname)) return null;
  if (url.searchParams.get("download") === "1") return null;
  return withFlagSet(url, "download");
}

/** Hostnames equal to one of `names`. */
const named = (...names: string[]) => (hostname: string) =>
  names.includes(hostname);

/** The rules, one per host. */
const SHARE_LINK_RULES: readonly ShareLinkRule[] = [
  {
    host: "google_drive",
    isFor: named("drive.google.com"),
    direct: driveDirect,
  },
  {
    host: "dropbox",
    isFor: named("www.dropbox.com", "dropbox.com"),
    direct: dropboxDirect,
  },
  {
    host: "sharepoint",
    // Every tenant has its own: TENANT.sharepoint.com for sites,
    // TENANT-my.sharepoint.com for OneDrive for work or school.
    isFor: (hostname) => hostname.endsWith(".sharepoint.com"),
    direct: sharepointDirect,
  },
];

/** The host whose share links `url` is on (by its name alone), or null. */
export function shareHostOf(url: URL): ShareHost | null {
  return SHARE_LINK_RULES.find((r) => r.isFor(url.hostname))?.host ?? null;
}

/**
 * The direct download form of a share link, or null when `url` is none
 * (then it is fetched as it is). A URL with credentials or a port is never
 * rewritten: it is not a host's share link, and the fetch refuses or takes
 * it as it stands.
 */
export function directDownloadUrl(url: URL): DirectLink | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.port) return null;
  for (const rule of SHARE_LINK_RULES) {
    if (!rule.isFor(url.hostname)) continue;
    const direct = rule.direct(url);
    return direct ? { host: rule.host, url: direct } : null;
  }
  return null;
}
