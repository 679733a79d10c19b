/**
 * Share links and web pages (docs/media.md#share-links), as pure
 * functions: each Drive and Dropbox file share form becomes the direct
 * download form its host publishes, and nothing else is rewritten; a web
 * page is told from a file by its declared type or its first bytes, and
 * Drive's virus scan warning from other pages. The rules follow the hosts'
 * published link forms; the real hosts are never asked (the HTTP side, with
 * simulated hosts: uploads_from_url_test.ts).
 */
import assert from "node:assert/strict";
import { directDownloadUrl } from "../lib/media/share_links.ts";
import {
  declaredHtml,
  isDriveVirusScanPage,
  looksLikeHtml,
} from "../lib/media/web_page.ts";

const DRIVE_ID = "1AbC-dEf_GhIjKlMnOpQrStUvWxYz0123";
const driveDirect =
  `https://drive.google.com/uc?export=download&id=${DRIVE_ID}`;

Deno.test("each Google Drive, Dropbox and SharePoint file share form becomes its direct download form", () => {
  const cases: [string, string, string][] = [
    // Google Drive: the file's share link, in every form Drive gives.
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/view?usp=sharing`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/view?usp=drive_link`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/view`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/edit`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/preview`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/u/1/d/${DRIVE_ID}/view?usp=sharing`,
      driveDirect,
      "google_drive",
    ],
    [
      `http://drive.google.com/file/d/${DRIVE_ID}/view`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/view#fragment`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/open?id=${DRIVE_ID}`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/open?id=${DRIVE_ID}&authuser=0`,
      driveDirect,
      "google_drive",
    ],
    [`https://drive.google.com/uc?id=${DRIVE_ID}`, driveDirect, "google_drive"],
    [
      `https://drive.google.com/uc?export=view&id=${DRIVE_ID}`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/u/0/uc?id=${DRIVE_ID}`,
      driveDirect,
      "google_drive",
    ],
    [
      `https://drive.google.com/file/d/${DRIVE_ID}/view?usp=sharing&resourcekey=0-AbCd_Ef`,
      `${driveDirect}&resourcekey=0-AbCd_Ef`,
      "google_drive",
    ],
    // Dropbox: dl=0 or none becomes dl=1; the other parameters stay as written.
    [
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&dl=0",
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&dl=1",
      "dropbox",
    ],
    [
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&st=ab%2Fcd&dl=0",
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&st=ab%2Fcd&dl=1",
      "dropbox",
    ],
    [
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?dl=0&rlkey=x7y8z9",
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&dl=1",
      "dropbox",
    ],
    [
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9",
      "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&dl=1",
      "dropbox",
    ],
    [
      "https://www.dropbox.com/s/abc123def/holiday%20clip.mp4?dl=0",
      "https://www.dropbox.com/s/abc123def/holiday%20clip.mp4?dl=1",
      "dropbox",
    ],
    [
      "https://www.dropbox.com/s/abc123def/clip.mp4",
      "https://www.dropbox.com/s/abc123def/clip.mp4?dl=1",
      "dropbox",
    ],
    [
      "https://dropbox.com/s/abc123def/clip.mp4?dl=0",
      "https://dropbox.com/s/abc123def/clip.mp4?dl=1",
      "dropbox",
    ],
    [
      "http://www.dropbox.com/s/abc123def/clip.mp4?dl=0#top",
      "https://www.dropbox.com/s/abc123def/clip.mp4?dl=1",
      "dropbox",
    ],
    // OneDrive for work or school and SharePoint: a video's, image's or
    // other file's link gets download=1; the other parameters stay.
    [
      "https://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EaBcD-eF_1?e=AbC123",
      "https://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EaBcD-eF_1?e=AbC123&download=1",
      "sharepoint",
    ],
    [
      "https://contoso.sharepoint.com/:i:/s/Marketing/EaBcD?e=x%2Fy&download=0",
      "https://contoso.sharepoint.com/:i:/s/Marketing/EaBcD?e=x%2Fy&download=1",
      "sharepoint",
    ],
    [
      "https://contoso-my.sharepoint.com/:u:/r/personal/ann_contoso_com/Documents/clip.mp4?csf=1&web=1",
      "https://contoso-my.sharepoint.com/:u:/r/personal/ann_contoso_com/Documents/clip.mp4?csf=1&web=1&download=1",
      "sharepoint",
    ],
    [
      "http://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EaBcD#x",
      "https://contoso-my.sharepoint.com/:v:/g/personal/ann_contoso_com/EaBcD?download=1",
      "sharepoint",
    ],
  ];
  for (const [shared, direct, host] of cases) {
    const got = directDownloadUrl(new URL(shared));
    assert.ok(got, `${shared} is rewritten`);
    assert.equal(got.url.href, direct, shared);
    assert.equal(got.host, host, shared);
    // The direct form is a fixed point: fetched as it is.
    assert.equal(directDownloadUrl(got.url), null, `${direct} is direct`);
  }
});

Deno.test("URLs that are not a Drive, Dropbox or SharePoint file share link are not rewritten", () => {
  const untouched = [
    // Direct already.
    driveDirect,
    `https://drive.google.com/uc?id=${DRIVE_ID}&export=download`,
    `https://drive.google.com/u/0/uc?id=${DRIVE_ID}&export=download`,
    `https://drive.usercontent.google.com/download?id=${DRIVE_ID}&export=download`,
    "https://www.dropbox.com/scl/fi/k3x9abc/clip.mp4?rlkey=x7y8z9&dl=1",
    "https://www.dropbox.com/s/abc123def/clip.mp4?raw=1",
    "https://dl.dropboxusercontent.com/s/abc123def/clip.mp4",
    "https://uc0.dl.dropboxusercontent.com/cd/0/get/token/file",
    // Folders, and Google's documents: not one media file.
    "https://drive.google.com/drive/folders/1AbCdEf?usp=sharing",
    "https://drive.google.com/drive/u/0/my-drive",
    `https://docs.google.com/document/d/${DRIVE_ID}/edit`,
    "https://www.dropbox.com/sh/abc123/AAAxyz?dl=0",
    "https://www.dropbox.com/scl/fo/abc123/xyz?rlkey=x&dl=0",
    "https://www.dropbox.com/home/Videos",
    "https://contoso.sharepoint.com/:f:/s/Marketing/EsCYEdnX?e=kNrp5D",
    "https://contoso.sharepoint.com/:w:/s/Marketing/EsCYEdnX?e=kNrp5D",
    "https://contoso.sharepoint.com/sites/Marketing/Shared%20Documents",
    "https://contoso-my.sharepoint.com/:v:/g/personal/ann/EaBcD?download=1",
    // Personal OneDrive: no download form is known.
    "https://1drv.ms/v/c/abc123/EaBcD",
    "https://onedrive.live.com/?redeem=aHR0cHM6",
    // Not a file ID.
    "https://drive.google.com/open",
    "https://drive.google.com/open?id=",
    "https://drive.google.com/open?id=a%2Fb",
    "https://drive.google.com/file/d/abc/view/extra",
    // Other hosts, and hosts that only look like Drive or Dropbox.
    "https://example.com/file/d/abc/view",
    "https://example.com/s/abc/clip.mp4?dl=0",
    `https://drive.google.com.evil.example/file/d/${DRIVE_ID}/view`,
    `https://evil.example/?u=https://drive.google.com/file/d/${DRIVE_ID}/view`,
    "https://dropbox.com.evil.example/s/abc123def/clip.mp4?dl=0",
    "https://www.dropbox.co/s/abc123def/clip.mp4?dl=0",
    "https://sharepoint.com/:v:/g/personal/ann/EaBcD",
    "https://contoso.sharepoint.com.evil.example/:v:/g/personal/ann/EaBcD",
    // Credentials or a port: not a host's share link.
    `https://user:pw@drive.google.com/file/d/${DRIVE_ID}/view`,
    `https://drive.google.com:8443/file/d/${DRIVE_ID}/view`,
    "https://www.dropbox.com:444/s/abc123def/clip.mp4?dl=0",
    // Other direct downloads.
    "https://bucket.s3.amazonaws.com/clip.mp4?X-Amz-Signature=abc",
    "https://cdn.example.com/video.mp4",
  ];
  for (const url of untouched) {
    assert.equal(directDownloadUrl(new URL(url)), null, url);
  }
});

Deno.test("a web page is told by its declared type or its first bytes, Drive's virus scan warning by its wording on Drive's hosts", () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  for (
    const type of [
      "text/html",
      "text/html; charset=utf-8",
      "TEXT/HTML",
      "application/xhtml+xml",
    ]
  ) {
    assert.ok(declaredHtml(type), type);
  }
  for (
    const type of ["", "video/mp4", "application/octet-stream", "text/plain"]
  ) {
    assert.ok(!declaredHtml(type), type);
  }
  const pages = [
    "<!DOCTYPE html><html>",
    "<!doctype html>",
    '<html lang="en">',
    "\r\n  \t<html>",
    "\ufeff<!DOCTYPE HTML>",
    "<head><title>",
    "<!-- a comment -->",
    "<script src=x>",
    "<p>Sign in",
    '<a href="/x">',
  ];
  for (const text of pages) assert.ok(looksLikeHtml(bytes(text)), text);
  const files = [
    "",
    "plain text",
    '<?xml version="1.0"?>',
    "<html\n>", // the standard's patterns end in a space or `>` only
    "<htmlx>",
    "\u0000\u0000\u0000\u0018ftypmp42",
  ];
  for (const text of files) assert.ok(!looksLikeHtml(bytes(text)), text);

  const warning =
    "<title>Google Drive - Virus scan warning</title><p>Google Drive can&#39;t scan this file for viruses.</p>";
  for (const host of ["drive.usercontent.google.com", "drive.google.com"]) {
    assert.ok(
      isDriveVirusScanPage(new URL(`https://${host}/download?id=x`), warning),
      host,
    );
  }
  assert.ok(
    isDriveVirusScanPage(
      new URL("https://drive.usercontent.google.com/download"),
      "<p>Google Drive can't scan this file for viruses.</p>",
    ),
  );
  assert.ok(!isDriveVirusScanPage(new URL("https://example.com/x"), warning));
  assert.ok(
    !isDriveVirusScanPage(
      new URL("https://drive.google.com/file/d/x/view"),
      "<title>clip.mp4 - Google Drive</title>",
    ),
  );
});

Deno.test("a dl or download parameter written percent-encoded (d%6C=0, downloa%64=0) is replaced, not left beside the flag", () => {
  const cases: [string, string][] = [
    [
      "https://www.dropbox.com/scl/fi/abc/clip.mp4?rlkey=k&d%6C=0",
      "https://www.dropbox.com/scl/fi/abc/clip.mp4?rlkey=k&dl=1",
    ],
    [
      "https://www.dropbox.com/s/abc/clip.mp4?%64%6c=0&x=%ZZ",
      "https://www.dropbox.com/s/abc/clip.mp4?x=%ZZ&dl=1",
    ],
    [
      "https://contoso-my.sharepoint.com/:v:/g/personal/ann/Eabc?e=1&downloa%64=0",
      "https://contoso-my.sharepoint.com/:v:/g/personal/ann/Eabc?e=1&download=1",
    ],
  ];
  for (const [link, direct] of cases) {
    assert.equal(directDownloadUrl(new URL(link))?.url.href, direct, link);
  }
});
