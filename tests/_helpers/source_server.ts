/**
 * A loopback HTTP server standing in for a customer's media host: serves
 * fixtures, the domain verification file, a share link's download (a
 * redirect, then the file as application/octet-stream), web pages in place
 * of a file, and misbehaves on purpose (redirect chains, redirects to
 * private addresses, huge, stalled and trickling bodies).
 *
 * Under `/hosts/<hostname>/…` it also stands in for Google Drive and
 * Dropbox, as their published link forms say they answer (simulatedHost
 * below): tests reach it through `hostsNetwork`, which sends a request for
 * `https://<hostname>/<path>` there. The real hosts are never asked.
 */
import { cutShort, rotate } from "./mp4_rotation.ts";
import { imageVariant } from "./image_variant.ts";

export interface SourceServer {
  origin: string;
  /** host:port, as a domain is registered in sandbox mode. */
  host: string;
  verifyText: string | null;
  /** Bytes appended to the video at /no-validator.mp4 (a new version). */
  videoPadding: number;
  /** Bytes /short.mp4 has sent so far. */
  shortSent(): number;
  /**
   * While true, /held.mp4 trickles the video a byte every 100 ms; set to
   * false, every open /held.mp4 sends the rest at once and ends. Asked
   * while true, /paced-held.mp4 is /paced.mp4; asked while false, the video.
   */
  holding: boolean;
  /**
   * While false (the default), the simulated Drive file PRIVATE_ID is not
   * shared (its download form redirects to Google's sign-in page), nor is
   * /shared-later.mp4 (a sign-in page); set to true, their owner has
   * shared them with "Anyone with the link".
   */
  privateShared: boolean;
  hits: string[];
  /**
   * Paced bodies (/drip.mp4, /paced.mp4, /held.mp4…) still being sent: a
   * reader that went away cancels its body, which then leaves the count.
   */
  openBodies(): number;
  close(): Promise<void>;
}

/**
 * Error replies a source answers in place of a file: S3's of an expired
 * presigned link, of a signature that does not match, of a key not in the
 * bucket (R2 and GCS answer the same XML), and an API's JSON.
 */
export const ERROR_REPLIES: Record<string, string> = {
  "/s3-expired.mp4": '<?xml version="1.0" encoding="UTF-8"?>\n' +
    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message>" +
    "<X-Amz-Expires>3600</X-Amz-Expires><RequestId>4442587FB7D0A2F9</RequestId></Error>",
  "/s3-signature.mp4": '<?xml version="1.0" encoding="UTF-8"?>\n' +
    "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>",
  "/s3-missing.jpg": '<?xml version="1.0" encoding="UTF-8"?>\n' +
    "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>photos/a.jpg</Key></Error>",
  "/api-error.mp4": '{"error":"invalid_token","error_description":"expired"}',
};

/** How long /slow-start.mp4 waits to answer, then to send its bytes. */
export const SLOW_START_MS = 1_000;

/** The size of /steady.mp4 and /steady-unsized.mp4: 2.5 MB. */
export const STEADY_BYTES = 2_500_000;

const fixture = (name: string) =>
  Deno.readFile(new URL(`../fixtures/${name}`, import.meta.url));

export async function startSourceServer(): Promise<SourceServer> {
  const video = await fixture("portrait.mp4");
  const landscape = await fixture("landscape.mp4");
  // Coded portrait, rotated to display landscape.
  const turned = rotate(video, 90);
  const cutShortVideo = cutShort(video, true);
  const landscapeWebm = await fixture("landscape.webm");
  const photo = await fixture("photo2.jpg");
  const bigPhoto = await fixture("photo-too-big-px.jpg");
  const png = await fixture("photo.png");
  // A JPEG of 20 MB + 1 byte: its header, then padding.
  const heavyPhoto = new Uint8Array(20 * 1024 * 1024 + 1);
  heavyPhoto.set(photo);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const state = {
    verifyText: null as string | null,
    videoPadding: 0,
    shortSent: 0,
    holding: false,
    privateShared: false,
  };
  /** Ends every endless body still open, so that shutdown can finish. */
  const openBodies = new Set<() => void>();
  /**
   * A body whose `tick` enqueues a part every `everyMs` until it returns
   * false (then the body ends), the reader goes away or the server closes.
   */
  const paced = (
    everyMs: number,
    tick: (c: ReadableStreamDefaultController<Uint8Array>) => boolean,
  ) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Set once the body is over: a tick may cancel it (the enqueue reaches
    // a reader that went away), and must then schedule no other.
    let stopped = false;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      openBodies.delete(end);
    };
    let end = stop;
    return new ReadableStream<Uint8Array>({
      start(c) {
        end = () => {
          stop();
          try {
            c.close();
          } catch {
            // already closed or errored
          }
        };
        openBodies.add(end);
        const step = () => {
          try {
            if (!tick(c)) return end();
          } catch {
            return end(); // the reader went away
          }
          if (!stopped) timer = setTimeout(step, everyMs);
        };
        step();
      },
      cancel: stop,
    });
  };
  const hits: string[] = [];
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, (req) => {
    const url = new URL(req.url);
    hits.push(url.pathname);
    const origin = url.origin;
    // Distinct photos (an album keeps one image per name and bytes).
    const numbered = /^\/photos\/([1-9]\d?)\.jpg$/.exec(url.pathname);
    if (numbered) {
      return imageVariant("photo2.jpg", Number(numbered[1])).then((bytes) =>
        new Response(bytes, { headers: { "Content-Type": "image/jpeg" } })
      );
    }
    switch (url.pathname) {
      case "/pm3k-verify.txt":
        return state.verifyText === null
          ? new Response("not here", { status: 404 })
          : new Response(state.verifyText + "\n");
      case "/video.mp4":
        return new Response(video, {
          headers: { "Content-Type": "video/mp4", ETag: '"v1"' },
        });
      case "/landscape.mp4":
        return new Response(landscape, {
          headers: { "Content-Type": "video/mp4", ETag: '"wide"' },
        });
      case "/turned.mp4":
        return new Response(turned as Uint8Array<ArrayBuffer>, {
          headers: { "Content-Type": "video/mp4", ETag: '"turned"' },
        });
      case "/cut-short.mp4":
        // A whole answer, of a file cut short before it was put there.
        return new Response(cutShortVideo as Uint8Array<ArrayBuffer>, {
          headers: { "Content-Type": "video/mp4", ETag: '"cut"' },
        });
      case "/landscape.webm":
        return new Response(landscapeWebm, {
          headers: { "Content-Type": "video/webm", ETag: '"wide-webm"' },
        });
      case "/short.mp4": {
        // Stops after 3 of the 10 parts its Content-Length announces: the
        // copy breaks off mid-stream after the storage PUT has started.
        const part = new Uint8Array(64 * 1024);
        part.set(video.subarray(0, Math.min(video.length, part.length)));
        let pulls = 0;
        return new Response(
          new ReadableStream({
            pull(c) {
              if (pulls++ < 3) {
                state.shortSent += part.length;
                c.enqueue(part);
              } else c.close();
            },
          }),
          {
            headers: {
              "Content-Type": "video/mp4",
              "Content-Length": String(10 * part.length),
              ETag: '"short"',
            },
          },
        );
      }
      case "/no-validator.mp4": {
        // No ETag, no Last-Modified: only the bytes tell versions apart.
        const bytes = new Uint8Array(video.length + state.videoPadding);
        bytes.set(video);
        return new Response(bytes, {
          headers: { "Content-Type": "video/mp4" },
        });
      }
      case "/chunked.mp4":
        return new Response(new Blob([video]).stream(), {
          headers: { "Content-Type": "video/mp4" },
        });
      case "/photo.jpg":
        return new Response(photo, {
          headers: { "Content-Type": "image/jpeg", ETag: '"p1"' },
        });
      case "/chunked.jpg":
        return new Response(new Blob([photo]).stream(), {
          headers: { "Content-Type": "image/jpeg" },
        });
      case "/big.jpg":
        return new Response(bigPhoto, {
          headers: { "Content-Type": "image/jpeg" },
        });
      case "/photo.png":
        return new Response(png, { headers: { "Content-Type": "image/png" } });
      case "/heavy.jpg":
        return new Response(heavyPhoto, {
          headers: { "Content-Type": "image/jpeg" },
        });
      case "/not-a-video.mp4":
        return new Response(photo, {
          headers: { "Content-Type": "video/mp4" },
        });
      case "/huge.bin": {
        // Endless zeros, no Content-Length: only a mid-stream cap stops it.
        const chunk = new Uint8Array(64 * 1024);
        let sent = 0;
        return new Response(
          new ReadableStream({
            pull(c) {
              if (sent > 512 * 1024 * 1024) return c.close();
              sent += chunk.length;
              c.enqueue(chunk);
            },
          }),
          { headers: { "Content-Type": "video/mp4" } },
        );
      }
      case "/liar.mp4": {
        // Announces 500 MB; a pulled stream keeps the declared length.
        let pulls = 0;
        return new Response(
          new ReadableStream({
            async pull(c) {
              await Promise.resolve();
              if (pulls++ < 4) c.enqueue(video.slice(0, 1024));
              else c.close();
            },
          }),
          {
            headers: {
              "Content-Type": "video/mp4",
              "Content-Length": String(500 * 1000 * 1000),
            },
          },
        );
      }
      case "/slow.mp4":
        return new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(video.slice(0, 1024));
              // Then nothing: the reader's idle timeout must give up.
              const t = setTimeout(() => c.close(), 5_000);
              timers.add(t);
            },
          }),
          { headers: { "Content-Type": "video/mp4" } },
        );
      case "/trickle.mp4":
        return new Response(
          new ReadableStream({
            start(c) {
              // A byte every 50 ms for 10 s: never idle, never done soon.
              let sent = 0;
              const tick = () => {
                if (sent++ >= 200) return c.close();
                try {
                  c.enqueue(video.slice(sent, sent + 1));
                } catch {
                  return; // the reader went away
                }
                const t = setTimeout(tick, 50);
                timers.add(t);
              };
              tick();
            },
          }),
          { headers: { "Content-Type": "video/mp4" } },
        );
      case "/drip.mp4": {
        // One byte every 100 ms for as long as anyone reads: never idle,
        // never done (a source at 10 bytes/s).
        let sent = 0;
        return new Response(
          paced(100, (c) => {
            c.enqueue(
              video.slice(sent % video.length, sent++ % video.length + 1),
            );
            return true;
          }),
          { headers: { "Content-Type": "video/mp4", ETag: '"drip"' } },
        );
      }
      case "/paced.mp4":
      case "/paced-held.mp4": {
        // /paced-held.mp4 asked while `holding` is false: the video at once.
        if (url.pathname === "/paced-held.mp4" && !state.holding) {
          return new Response(video, {
            headers: { "Content-Type": "video/mp4" },
          });
        }
        // 64 KiB every 50 ms (1.3 MB/s), endlessly: fast enough for any
        // floor rate, but never done.
        const part = new Uint8Array(64 * 1024);
        part.set(video.subarray(0, Math.min(video.length, part.length)));
        return new Response(
          paced(50, (c) => {
            c.enqueue(part);
            return true;
          }),
          { headers: { "Content-Type": "video/mp4", ETag: '"paced"' } },
        );
      }
      case "/steady.mp4":
      case "/steady-unsized.mp4": {
        // STEADY_BYTES of a video (the fixture, padded) in 64 KiB parts
        // every 25 ms (about 1 s in all): a copy whose progress is seen.
        // /steady.mp4 announces its length; /steady-unsized.mp4 does not.
        const whole = new Uint8Array(STEADY_BYTES);
        whole.set(video);
        let sent = 0;
        return new Response(
          paced(25, (c) => {
            const part = whole.slice(sent, sent + 64 * 1024);
            sent += part.length;
            c.enqueue(part);
            return sent < whole.length;
          }),
          {
            headers: {
              "Content-Type": "video/mp4",
              ETag: '"steady"',
              ...(url.pathname === "/steady.mp4"
                ? { "Content-Length": String(whole.length) }
                : {}),
            },
          },
        );
      }
      case "/slow-start.mp4":
        // A source slow to start (a host waking up, a far server): answers
        // after SLOW_START_MS, then sends its first bytes SLOW_START_MS
        // later, the whole video at once.
        return new Promise<Response>((answer) => {
          const later = (then: () => void) => {
            const t = setTimeout(then, SLOW_START_MS);
            timers.add(t);
          };
          later(() =>
            answer(
              new Response(
                new ReadableStream({
                  start(c) {
                    later(() => {
                      try {
                        c.enqueue(video);
                        c.close();
                      } catch {
                        // the reader went away
                      }
                    });
                  },
                }),
                {
                  headers: {
                    "Content-Type": "video/mp4",
                    "Content-Length": String(video.length),
                    ETag: '"slow-start"',
                  },
                },
              ),
            )
          );
        });
      case "/held.mp4": {
        let sent = 0;
        return new Response(
          paced(100, (c) => {
            if (state.holding && sent < video.length - 1) {
              c.enqueue(video.slice(sent, ++sent));
              return true;
            }
            c.enqueue(video.slice(sent));
            return false;
          }),
          {
            headers: {
              "Content-Type": "video/mp4",
              "Content-Length": String(video.length),
              ETag: '"held"',
            },
          },
        );
      }
      case "/to-metadata":
        return Response.redirect(
          "http://169.254.169.254/latest/meta-data/",
          302,
        );
      case "/to-private":
        return Response.redirect("https://10.0.0.7/video.mp4", 302);
      case "/to-no-url":
        // A Location that no URL parser takes (an unclosed IPv6 bracket).
        return new Response(null, {
          status: 302,
          headers: { Location: "http://[" },
        });
      case "/to-video":
        return Response.redirect(`${origin}/video.mp4`, 302);
      case "/drive/uc":
        // A share link's download form: a redirect to the content host,
        // which names the file only in Content-Disposition.
        return Response.redirect(`${origin}/drive/download?id=abc`, 303);
      case "/drive/download":
        return new Response(video, {
          headers: {
            "Content-Type": "application/octet-stream",
            "Content-Disposition":
              `attachment; filename="holiday clip.mp4"; filename*=UTF-8''holiday%20clip.mp4`,
          },
        });
      case "/empty.mp4":
        return new Response(null, { headers: { "Content-Type": "video/mp4" } });
      case "/shared-later.mp4":
        // A host's link to a file not yet shared: its sign-in page, until
        // `privateShared`.
        return state.privateShared
          ? new Response(video, { headers: { "Content-Type": "video/mp4" } })
          : new Response("<!doctype html><p>Sign in to see this file</p>", {
            headers: { "Content-Type": "text/html; charset=utf-8" },
          });
      case "/page.html":
        return new Response("<!doctype html><p>Sign in to download</p>", {
          headers: { "Content-Type": "text/html; charset=utf-8" },
        });
      case "/s3-expired.mp4":
      case "/s3-signature.mp4":
      case "/s3-missing.jpg":
      case "/api-error.mp4":
        // An error reply answered with 200 in the file's place, as a
        // proxy or a download step that saved it passes it on.
        return new Response(ERROR_REPLIES[url.pathname], {
          headers: { "Content-Type": "application/octet-stream" },
        });
      case "/page-as-file.bin":
        // A web page sent as a file: only its bytes show it is a page.
        return new Response(
          '\r\n  <html lang="en"><body><a href="/get">Download</a></body></html>',
          { headers: { "Content-Type": "application/octet-stream" } },
        );
      default: {
        const simulated = /^\/hosts\/([^/]+)(\/.*)$/.exec(url.pathname);
        if (simulated) {
          return simulatedHost(
            simulated[1],
            new URL(simulated[2] + url.search, "https://host.invalid"),
            video,
            state.privateShared,
          );
        }
        // A source answering an error status: /status/404, /status/503.
        const status = /^\/status\/([45]\d\d)$/.exec(url.pathname);
        if (status) return new Response("no", { status: Number(status[1]) });
        const chain = /^\/chain\/(\d+)$/.exec(url.pathname);
        if (chain) {
          const n = Number(chain[1]);
          return Response.redirect(
            n === 0 ? `${origin}/video.mp4` : `${origin}/chain/${n - 1}`,
            302,
          );
        }
        return new Response("no", { status: 404 });
      }
    }
  });
  const { port } = server.addr as Deno.NetAddr;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    get verifyText() {
      return state.verifyText;
    },
    shortSent: () => state.shortSent,
    get videoPadding() {
      return state.videoPadding;
    },
    set videoPadding(n: number) {
      state.videoPadding = n;
    },
    set verifyText(v: string | null) {
      state.verifyText = v;
    },
    get holding() {
      return state.holding;
    },
    set holding(on: boolean) {
      state.holding = on;
    },
    get privateShared() {
      return state.privateShared;
    },
    set privateShared(on: boolean) {
      state.privateShared = on;
    },
    hits,
    openBodies: () => openBodies.size,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const end of [...openBodies]) end();
      await server.shutdown();
    },
  };
}

/** A web page, as HTML. */
const page = (html: string) =>
  new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });

/**
 * Google Drive and Dropbox as their published link forms say they answer
 * (never compared with the real hosts, which tests cannot reach):
 * - Drive: a file's share page (`/file/d/ID/view`, `open?id=`) is HTML;
 *   `uc?export=download&id=ID` redirects to drive.usercontent.google.com,
 *   which sends the file (FILE_ID), the virus scan warning page of a file
 *   too large to scan (BIG_ID, whose "Download anyway" form then sends
 *   it; BIG…_ID variants whose form fails), or, for a file not shared
 *   (PRIVATE_ID, until `privateShared`), a redirect to the sign-in page.
 * - Dropbox: a file's share link with `dl=0` or none is its preview page;
 *   with `dl=1` it redirects to dl.dropboxusercontent.com, which sends the
 *   file; a link turned off (`/scl/fi/off/…`) is a page either way, a
 *   deleted one (`/scl/fi/gone/…`) is 404.
 * - SharePoint and OneDrive for work or school (contoso-my.sharepoint.com):
 *   a file's share link is its viewer page; with `download=1` it redirects
 *   to `_layouts/15/download.aspx`, which sends the file; a link for the
 *   organization only (`/:v:/r/…`) sends an anonymous caller to the
 *   Microsoft sign-in page, an expired one (`…/EXPIRED`) is 403.
 * - 1drv.ms: a personal OneDrive link, which redirects to its page on
 *   onedrive.live.com whatever is added to it.
 * - files.example.com: any other host's share page.
 */
function simulatedHost(
  hostname: string,
  url: URL,
  video: Uint8Array<ArrayBuffer>,
  privateShared: boolean,
): Response {
  const q = url.searchParams;
  const file = (name: string) =>
    new Response(video, {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": `attachment; filename="${name}"`,
      },
    });
  switch (hostname) {
    case "drive.google.com":
      if (url.pathname === "/uc" && q.get("export") === "download") {
        const id = q.get("id");
        if (id === "PRIVATE_ID" && !privateShared) {
          return Response.redirect(
            "https://accounts.google.com/ServiceLogin?continue=drive",
            302,
          );
        }
        return Response.redirect(
          `https://drive.usercontent.google.com/download?id=${id}&export=download`,
          303,
        );
      }
      return page(
        "<!DOCTYPE html><html><head><title>clip.mp4 - Google Drive</title></head><body>Share page</body></html>",
      );
    case "drive.usercontent.google.com": {
      const id = q.get("id") ?? "";
      if (id === "FILE_ID") return file("drive clip.mp4");
      if (id === "PRIVATE_ID" && privateShared) {
        return file("shared clip.mp4");
      }
      // Confirmed through the warning's form (with its uuid): the file.
      if (
        id === "BIG_ID" && q.get("confirm") === "t" &&
        q.get("uuid") === "u-1&2"
      ) {
        return file("big clip.mp4");
      }
      if (id.startsWith("BIG")) {
        // BIG_ID as Drive publishes it; BIGSTUCK_ID warns again once
        // confirmed; BIGNOFORM_ID has no form; BIGPOST_ID's form posts
        // and BIGAWAY_ID's sends elsewhere; BIGPORT_ID's to Drive's name
        // on another port, BIGCREDS_ID's with a user name and password.
        const action = {
          BIGAWAY_ID: "https://files.example.com/download",
          BIGPORT_ID: "https://drive.usercontent.google.com:8443/download",
          BIGCREDS_ID: "https://u:p@drive.usercontent.google.com/download",
        }[id] ?? "https://drive.usercontent.google.com/download";
        const form = id === "BIGNOFORM_ID"
          ? ""
          : `<form id="download-form" action="${action}" method="${
            id === "BIGPOST_ID" ? "post" : "get"
          }">` +
            `<input type="submit" id="uc-download-link" value="Download anyway">` +
            `<input type="hidden" name="id" value="${id}">` +
            '<input type="hidden" name="export" value="download">' +
            '<input type="hidden" name="confirm" value="t">' +
            '<input type="hidden" name="uuid" value="u-1&amp;2"></form>';
        return page(
          "<!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title></head>" +
            "<body><p>Google Drive can&#39;t scan this file for viruses.</p>" +
            `${form}</body></html>`,
        );
      }
      return new Response("no", { status: 404 });
    }
    case "accounts.google.com":
      return page("<!DOCTYPE html><html><body>Sign in</body></html>");
    case "www.dropbox.com":
    case "dropbox.com":
      if (url.pathname.startsWith("/scl/fi/gone/")) {
        return new Response("no", { status: 404 });
      }
      if (
        q.get("dl") === "1" && !url.pathname.startsWith("/scl/fi/off/")
      ) {
        return Response.redirect(
          "https://uc0.dl.dropboxusercontent.com/cd/0/get/token/file",
          302,
        );
      }
      return page(
        "<!DOCTYPE html><html><head><title>Dropbox - clip.mp4</title></head><body>Preview</body></html>",
      );
    case "uc0.dl.dropboxusercontent.com":
      return file("dropbox clip.mp4");
    case "contoso-my.sharepoint.com":
      if (url.pathname.endsWith("/EXPIRED")) {
        return new Response("Forbidden", { status: 403 });
      }
      if (url.pathname.startsWith("/:v:/r/")) {
        return Response.redirect(
          "https://login.microsoftonline.com/common/oauth2/authorize",
          302,
        );
      }
      if (url.pathname.startsWith("/personal/")) {
        return file("sharepoint clip.mp4");
      }
      if (q.get("download") === "1") {
        return Response.redirect(
          "https://contoso-my.sharepoint.com/personal/ann_contoso_com/_layouts/15/download.aspx?share=TOKEN",
          302,
        );
      }
      return page(
        "<!DOCTYPE html><html><head><title>clip.mp4</title></head><body>Viewer</body></html>",
      );
    case "login.microsoftonline.com":
      return page("<!DOCTYPE html><html><body>Sign in</body></html>");
    case "1drv.ms":
      return Response.redirect(
        `https://onedrive.live.com/?redeem=${url.pathname.slice(1)}`,
        302,
      );
    case "onedrive.live.com":
      return page(
        "<!DOCTYPE html><html><head><title>OneDrive</title></head><body>clip.mp4</body></html>",
      );
    case "files.example.com":
      // Another host's share page.
      return page("<!DOCTYPE html><html><body>Download clip.mp4</body></html>");
    default:
      return new Response("no such host", { status: 404 });
  }
}

/** The public address every host resolves to in these fetch options. */
const PUBLIC_ADDRESS = "93.184.216.34";

/**
 * Fetch options (safe_fetch.ts's resolver and fetch) under which every
 * host resolves to a public address and is answered, at the same path, by
 * the loopback server at `origin`: a media host of a test's own making.
 */
export function publicNetworkTo(origin: string) {
  return {
    resolve: () => Promise.resolve([PUBLIC_ADDRESS]),
    fetch: (input: string | URL | Request, init?: RequestInit) =>
      fetch(`${origin}${new URL(String(input)).pathname}`, init),
  };
}

/**
 * Fetch options (safe_fetch.ts's resolver and fetch) under which every
 * https host resolves to a public address and is answered by `source`'s
 * `/hosts/<hostname>/…`: Drive and Dropbox without reaching them. `asked`
 * lists each URL requested, redirects included.
 */
export function hostsNetwork(source: SourceServer) {
  const asked: string[] = [];
  return {
    asked,
    fetchOptions: {
      resolve: () => Promise.resolve([PUBLIC_ADDRESS]),
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(String(input));
        asked.push(url.href);
        return fetch(
          `${source.origin}/hosts/${url.hostname}${url.pathname}${url.search}`,
          init,
        );
      },
    },
  };
}
