/**
 * A host is read as DNS reads it (docs/media.md#uploads,
 * docs/media.md#custom-domains): in any case, and with or without the
 * root's final dot (`media.example.com.`), PM3K's own file host is its
 * own and a verified domain is verified, never `domain_not_verified`.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { freePort } from "./_helpers/server_process.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
} from "./_helpers/posting_setup.ts";
import {
  publicNetworkTo,
  startSourceServer,
} from "./_helpers/source_server.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";

const HOUR_MS = 3600_000;

Deno.test("PM3K's own file host in capitals or with the root's dot is its own: video_duplicate, never domain_not_verified", async () => {
  const port = freePort();
  const server = await startTestServer({
    port,
    env: { PUBLIC_BASE_URL: `http://localhost:${port}` },
  });
  try {
    const me = await posterFor(server, "host_own");
    const url = await me.uploadVideo();
    assert.match(url, /^http:\/\/localhost:/);
    await assertJsonOk(await directPost(me, { source_url: url, title: "one" }));
    const variants = [
      url.replace("localhost", "LocalHost"),
      url.replace("localhost", "localhost."),
      url.replace("http://localhost", "HTTP://LOCALHOST."),
    ];
    for (const [i, variant] of variants.entries()) {
      server.clock.advance(HOUR_MS + 1); // past the interval limit
      await assertJsonError(
        await directPost(me, { source_url: variant, title: `again ${i}` }),
        400,
        "video_duplicate",
      );
    }
    // A URL of our host with the dot that names no file is still ours.
    const body = await assertJsonError(
      await directPost(me, {
        source_url: `${url.replace("localhost", "localhost.")}%20`,
        title: "odd",
      }),
      400,
      "bad_request",
    );
    assert.match(String(body.message), /is not one of your live videos/);
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await server.close();
  }
});

Deno.test("a verified domain's URL with the root's dot or in capitals is on the verified domain", async () => {
  const source = await startSourceServer();
  const server = await startTestServer({
    fetchOptions: publicNetworkTo(source.origin),
  });
  try {
    const me = await posterFor(server, "host_verified");
    const added = await me.json("POST", "/api/domains", {
      domain: "media.example.com",
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    source.verifyText = String(added.body.file_content);
    await assertJsonOk(
      await me.call("POST", "/api/domains/media.example.com/verify"),
    );
    const hosts = ["Media.Example.COM.", "cdn.media.example.com."];
    for (const [i, host] of hosts.entries()) {
      server.clock.advance(HOUR_MS + 1);
      source.videoPadding = 1024 * (i + 1); // a new video each time
      await assertJsonOk(
        await directPost(me, {
          source_url: `https://${host}/no-validator.mp4`,
          title: `dot ${i}`,
        }),
      );
    }
    assert.equal(await initsAtTikTok(server, me), 2);
  } finally {
    await server.close();
    await source.close();
  }
});
