/**
 * TikTok's URL-ownership signature file (TIKTOK_SITE_VERIFICATION), served
 * at the site root so the owner can verify PUBLIC_BASE_URL/ as a URL prefix
 * in the developer portal without DNS
 * (docs/tiktok-audit.md#verifying-your-addresses-with-tiktok).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { loadConfig } from "../lib/config.ts";

const FILE = "tiktokAbC123xyz.txt";
const CONTENT = "tiktok-developers-site-verification=AbC123xyz";

Deno.test("TikTok's signature file from TIKTOK_SITE_VERIFICATION is served at the site root, exactly as given", async () => {
  const server = await startTestServer({
    env: { TIKTOK_SITE_VERIFICATION: `${FILE}=${CONTENT}` },
  });
  try {
    const res = await fetch(`${server.url}/${FILE}`, { redirect: "manual" });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
    assert.equal(await res.text(), CONTENT);
    const head = await fetch(`${server.url}/${FILE}`, { method: "HEAD" });
    assert.equal(head.status, 200);
    await head.body?.cancel();
    // Another name is not answered with it.
    const other = await fetch(`${server.url}/tiktokOther.txt`);
    assert.equal(other.status, 404);
    await other.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("without TIKTOK_SITE_VERIFICATION no signature file is served", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/${FILE}`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("a TIKTOK_SITE_VERIFICATION that is not <file name>=<content> is refused at start, naming the variable", () => {
  assert.deepEqual(
    loadConfig({ TIKTOK_SITE_VERIFICATION: ` ${FILE} = ${CONTENT} ` })
      .tiktokSiteVerification,
    { fileName: FILE, content: CONTENT },
  );
  assert.equal(loadConfig({}).tiktokSiteVerification, null);
  for (
    const bad of [
      CONTENT.split("=")[1], // no file name
      `${FILE}=`, // no content
      `../${FILE}=${CONTENT}`, // a path, not a file name
      `tiktok.html=${CONTENT}`, // not a .txt file
    ]
  ) {
    assert.throws(
      () => loadConfig({ TIKTOK_SITE_VERIFICATION: bad }),
      /Invalid configuration: TIKTOK_SITE_VERIFICATION is invalid: must be the file name and content TikTok gives/,
      bad,
    );
  }
});
