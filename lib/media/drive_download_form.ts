/**
 * The "Download anyway" form of Google Drive's virus scan warning
 * (docs/media.md#share-links): Drive answers the warning, instead of the
 * file, to a direct download of a file too large for it to scan, and the
 * form's GET (the file's id, `confirm`, a `uuid`) then sends the file. PM3K
 * never runs what it fetches (it checks that the bytes are a video or an
 * image, and TikTok gets them), so it submits the form as the file's owner
 * would, where a person would be asked.
 *
 * Read with htmlparser2 as the page is published (a form
 * `id="download-form"` whose hidden inputs are the query); never fetched
 * from the real Drive here, only simulated by the tests.
 * @module
 */
import { Parser } from "htmlparser2";
import { DRIVE_HOSTS } from "./web_page.ts";

/**
 * The URL the warning's form sends, or null when the page has no such
 * form, or its form posts, or goes elsewhere than Drive over https: on
 * another port, or with a user name (which the fetch would refuse as a
 * URL of the caller's own), is elsewhere too.
 */
export function driveDownloadAnyway(page: string, pageUrl: URL): URL | null {
  let action: string | null = null;
  let inForm = false;
  let formsSeen = 0;
  const fields: [string, string][] = [];
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === "form" && attrs.id === "download-form") {
        formsSeen++;
        inForm = true;
        action = (attrs.method ?? "get").toLowerCase() === "get"
          ? attrs.action ?? ""
          : null;
      } else if (
        inForm && name === "input" && attrs.type === "hidden" && attrs.name
      ) {
        fields.push([attrs.name, attrs.value ?? ""]);
      }
    },
    onclosetag(name) {
      if (name === "form") inForm = false;
    },
  }, { decodeEntities: true });
  parser.write(page);
  parser.end();
  // Two forms of that id: not the page as Drive publishes it.
  if (formsSeen !== 1 || action === null) return null;
  const target = URL.parse(action, pageUrl);
  if (
    target === null || target.protocol !== "https:" ||
    !DRIVE_HOSTS.includes(target.hostname) || target.port !== "" ||
    target.username !== "" || target.password !== ""
  ) {
    return null;
  }
  for (const [name, value] of fields) target.searchParams.set(name, value);
  return target;
}
