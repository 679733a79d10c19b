/**
 * SERVICE_NAME: the name a creator sees, which TikTok's app review wants
 * to match the app in the developer portal (docs/tiktok-audit.md#the-service-name).
 * A server run as "Acme Poster" says so on every page a creator sees, and
 * "PM3K" is not in their text.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  consentCallback,
  issueKeyFromDashboard,
  signIn,
  visit,
} from "./_helpers/sandbox_sign_in.ts";
import type { CookieJar } from "./_helpers/cookie_jar.ts";
import { mcpClient } from "./_helpers/mcp_client.ts";
import type { ListToolsResult } from "./_helpers/mcp_client.ts";
import { postForm } from "./_helpers/sandbox_sign_in.ts";
import { posterFor, postFreshVideo } from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { eventsApplied, revokeAtTikTok } from "./_helpers/tiktok_events.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { ConfigError, loadConfig } from "../lib/config.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";

const NAME = "Acme Poster";

/** What a browser sends: HTML first. */
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

/**
 * The text a visitor sees: the title and the body, without scripts (the
 * islands' state) and tags, entities decoded, white space folded.
 */
function visibleText(html: string): string {
  return html.replace(/<script[^]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
}

async function pageText(
  server: TestServer,
  path: string,
  expected: number,
  jar?: CookieJar,
): Promise<string> {
  const url = path.startsWith("http") ? path : `${server.url}${path}`;
  const init = { headers: { Accept: BROWSER_ACCEPT } };
  const res = jar
    ? await visit(jar, url, init)
    : await fetch(url, { ...init, redirect: "manual" });
  const html = await res.text();
  assert.equal(res.status, expected, `${path}: ${html.slice(0, 300)}`);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/, path);
  return visibleText(html);
}

/**
 * The software's own names, which stay whatever the service is called
 * (docs/configuration.md#the-service-name): the n8n node as n8n lists it,
 * the example scripts' variable, the webhook signature header.
 */
const SOFTWARE_NAMES = /PM3K node|PM3K_KEY|PM3K-Signature/g;

/** The page names the service as configured and never as PM3K. */
function assertNamed(page: string, path: string) {
  assert.ok(
    page.includes(NAME),
    `${path} names ${NAME}: ${page.slice(0, 300)}`,
  );
  const text = page.replace(SOFTWARE_NAMES, "");
  const at = text.indexOf("PM3K");
  assert.equal(
    at,
    -1,
    `${path} says PM3K: …${text.slice(Math.max(0, at - 120), at + 60)}…`,
  );
}

Deno.test("a server run with SERVICE_NAME shows that name, not PM3K, on every page a creator sees", async () => {
  const server = await startTestServer({ env: { SERVICE_NAME: NAME } });
  try {
    for (const path of ["/", "/privacy", "/terms", "/docs", "/docs/guide"]) {
      const text = await pageText(server, path, 200);
      assertNamed(text, path);
    }
    const home = await (await fetch(server.url)).text();
    assert.match(home, /<title>Acme Poster: post to TikTok/);
    assert.match(home, /class="brand">Acme Poster</);

    // TikTok's consent screen (the simulator's) names the app asking.
    const { jar: deniedJar, callback: denied, authorizeUrl } =
      await consentCallback(server, "deny", "acme_denier");
    assertNamed(await pageText(server, authorizeUrl, 200), "consent page");
    // Declining it: the sign-in page that says so.
    assertNamed(
      await pageText(server, denied, 400, deniedJar),
      "declined sign-in",
    );

    const { jar } = await signIn(server, "acme_creator", "free");
    for (
      const path of [
        "/dashboard",
        "/dashboard/posts",
        "/dashboard/media",
        "/dashboard/calendar",
        "/dashboard/settings",
      ]
    ) {
      const text = await pageText(server, path, 200, jar);
      assertNamed(text, path);
    }
    const settings =
      await (await visit(jar, `${server.url}/dashboard/settings`))
        .text();
    assert.match(settings, /<title>Settings – [^<]+ – Acme Poster<\/title>/);

    // Error pages: a mistyped address, signed in or not.
    assertNamed(await pageText(server, "/no-such-page", 404), "404 page");
    assertNamed(
      await pageText(server, "/dashboard/no-such-page", 404, jar),
      "dashboard 404 page",
    );

    const openapi = await (await fetch(`${server.url}/api/openapi.json`))
      .json();
    assert.equal(openapi.info.title, `${NAME} API`);

    // The MCP server presents itself under the name (its id stays pm3k).
    const issued = await issueKeyFromDashboard(server, jar);
    const client = await mcpClient(server, String(issued.body.api_key));
    try {
      const info = client.getServerVersion();
      assert.equal(info?.name, "pm3k");
      assert.equal(info?.title, NAME);
      assert.ok(client.getInstructions()?.startsWith(`${NAME} posts`));
      assert.doesNotMatch(client.getInstructions() ?? "", /PM3K/);
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("a creator's dashboard with a post, a webhook, a lost TikTok access and an account deleted names the service, not PM3K", async () => {
  const server = await startTestServer({
    env: { SERVICE_NAME: NAME, SANDBOX_WEBHOOKS: "on" },
  });
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await posterFor(server, "acme_busy");
    await postFreshVideo(me, "Hello from Acme");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    // The webhook card's test event, as the creator's automation gets it.
    const tested = await me.json("POST", "/api/webhook/test");
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    const testEvent = hook.got.map((h) => h.body).find((b) =>
      b.includes("A test event from")
    );
    assert.ok(testEvent, hook.got.map((h) => h.body).join("\n"));
    assert.match(testEvent, /A test event from Acme Poster\./);
    // The posts page says who sent each post to TikTok.
    const posts = await pageText(server, "/dashboard/posts", 200, me.jar);
    assert.match(posts, /Sent by Acme Poster/);
    assertNamed(posts, "/dashboard/posts with a post");
    assertNamed(
      await pageText(server, "/dashboard/settings", 200, me.jar),
      "/dashboard/settings with a webhook",
    );

    // A creator who withheld the counts is asked to allow them, by name.
    const shy = await posterFor(server, "acme_shy", "monthly", ["video.list"]);
    const sent = await shy.json("POST", "/api/tiktok/direct_post", {
      source_url: await shy.uploadVideo(),
      title: "Public from Acme",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    // Followed until TikTok makes it public (its status, or its event
    // applied from the queue): only a public post has counts.
    let publicId: string | null = null;
    for (let i = 0; i < 30 && !publicId; i++) {
      await followAMinuteLater(server);
      await eventsApplied(server);
      const listed = await shy.json("GET", "/api/tiktok/posts");
      const [post] = listed.body.posts as { public_post_id: string | null }[];
      publicId = post?.public_post_id ?? null;
    }
    assert.ok(publicId, "TikTok made the post public");
    const asked = await pageText(server, "/dashboard/posts", 200, shy.jar);
    assert.match(asked, /allow Acme Poster to read your videos' counts/);
    assertNamed(asked, "/dashboard/posts without the counts' permission");

    // The creator removes the app in TikTok: every page says so.
    await revokeAtTikTok(server, me.openId);
    await eventsApplied(server);
    const lost = await pageText(server, "/dashboard", 200, me.jar);
    assert.match(lost, /Acme Poster can no longer post for you/);
    assertNamed(lost, "/dashboard, TikTok access removed");

    const deleted = await postForm(
      server,
      me.jar,
      "/dashboard/delete_account",
      {
        [PAGE_ACCOUNT_FIELD]: me.openId,
      },
    );
    await deleted.body?.cancel();
    assert.equal(deleted.status, 303);
    const after = await pageText(server, "/", 200, me.jar);
    assert.match(
      after,
      /Acme Poster deleted Acme Busy and everything it kept for it/,
    );
    assertNamed(after, "start page after deleting the account");
  } finally {
    await hook.close();
    await server.close();
  }
});

/**
 * An API refusal's message as the dashboard shows it (the composer, the
 * jobs list, the refused requests card): never PM3K.
 */
function assertMessageNamed(
  body: Record<string, unknown>,
  code: string,
  named: boolean,
) {
  assert.equal(body.error, code, JSON.stringify(body));
  const message = String(body.message);
  assert.doesNotMatch(message, /PM3K/, `${code}: ${message}`);
  if (named) assert.ok(message.includes(NAME), `${code}: ${message}`);
}

Deno.test("the API's refusals a creator sees on the dashboard name SERVICE_NAME, never PM3K", async () => {
  const server = await startTestServer({
    env: { SERVICE_NAME: NAME, TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, "acme_refused");
    const url = await me.uploadVideo();
    const post = (body: Record<string, unknown>, poster = me) =>
      poster.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "refused under another name",
        ...body,
      });
    // The app's audit, as the composer's refusal says it.
    assertMessageNamed(
      (await post({ privacy: "PUBLIC_TO_EVERYONE" })).body,
      "privacy_unaudited_app",
      true,
    );
    // TikTok's refusals: a public account, the app's daily cap.
    assertMessageNamed(
      (await post({ privacy: "SELF_ONLY" })).body,
      "tiktok_unaudited_private_only",
      true,
    );
    await me.sandbox({
      private_account: true,
      faults: [{ fault: "reached_active_user_cap" }],
    });
    assertMessageNamed(
      (await post({ privacy: "SELF_ONLY" })).body,
      "tiktok_active_user_cap",
      true,
    );
    // A photo post given a video of this account's uploads.
    assertMessageNamed(
      (await post({
        source_url: undefined,
        media_type: "PHOTO",
        photo_images: [url],
        privacy: "SELF_ONLY",
      })).body,
      "unsupported_image_type",
      false,
    );
    // A file address of this server that is no live upload.
    assertMessageNamed(
      (await post({
        source_url: url.replace(/[^/]+$/, "gone.mp4"),
        privacy: "SELF_ONLY",
      })).body,
      "bad_request",
      false,
    );
    // A permission withheld: sign in again, to this service.
    const noDrafts = await posterFor(server, "acme_no_drafts", "monthly", [
      "video.upload",
    ]);
    assertMessageNamed(
      (await post({ post_mode: "MEDIA_UPLOAD" }, noDrafts)).body,
      "tiktok_scope_missing",
      true,
    );
    const noPosts = await posterFor(server, "acme_no_posts", "monthly", [
      "video.publish",
    ]);
    assertMessageNamed(
      (await noPosts.json("GET", "/api/tiktok/creator_info")).body,
      "tiktok_scope_missing",
      true,
    );
    // The dashboard's card of refused requests shows them as they are.
    assertNamed(
      await pageText(server, "/dashboard/settings", 200, me.jar),
      "/dashboard/settings with refused requests",
    );
  } finally {
    await server.close();
  }
});

/** Every tool an MCP client lists from `server`, as the client gets them. */
async function listedTools(server: TestServer, login: string) {
  const me = await posterFor(server, login);
  const client = await mcpClient(server, me.key);
  try {
    return (await client.listTools() as ListToolsResult).tools;
  } finally {
    await client.close();
  }
}

Deno.test("the MCP tools' descriptions name the service as SERVICE_NAME, never PM3K, and two servers keep their own", async () => {
  const acme = await startTestServer({ env: { SERVICE_NAME: NAME } });
  const plain = await startTestServer();
  try {
    const tools = await listedTools(acme, "acme_agent");
    for (const tool of tools) {
      // Descriptions and the argument and answer schemas an agent reads.
      const text = JSON.stringify(tool).replace(SOFTWARE_NAMES, "");
      const at = text.indexOf("PM3K");
      assert.equal(
        at,
        -1,
        `${tool.name} says PM3K: …${
          text.slice(Math.max(0, at - 120), at + 60)
        }…`,
      );
      assert.doesNotMatch(text, /SERVICE_NAME/, tool.name);
    }
    const described = (name: string) =>
      tools.find((t) => t.name === name)!.description!;
    assert.match(described("get_post_status"), /Acme Poster keeps following/);
    assert.match(described("schedule_post"), /Acme Poster does not know/);
    assert.match(described("upload_media_from_url"), /^Acme Poster fetches/);
    assert.match(
      described("get_creator_info"),
      /Acme Poster's TikTok app not yet audited/,
    );
    // The default name, on a server beside it in the same process.
    const plainTools = await listedTools(plain, "plain_agent");
    assert.match(
      plainTools.find((t) => t.name === "get_post_status")!.description!,
      /PM3K keeps following/,
    );
  } finally {
    await acme.close();
    await plain.close();
  }
});

Deno.test("the API reference on the website (the OpenAPI document) says PM3K only in software names under another SERVICE_NAME", async () => {
  const server = await startTestServer({ env: { SERVICE_NAME: NAME } });
  try {
    const res = await fetch(`${server.url}/api/openapi.json`);
    const text = (await res.text()).replace(SOFTWARE_NAMES, "");
    const at = text.indexOf("PM3K");
    assert.equal(
      at,
      -1,
      `the OpenAPI document says PM3K: …${
        text.slice(Math.max(0, at - 120), at + 60)
      }…`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("two servers in one process keep their own names in the OpenAPI document", async () => {
  const acme = await startTestServer({ env: { SERVICE_NAME: NAME } });
  const plain = await startTestServer();
  try {
    for (
      const [server, title] of [[acme, `${NAME} API`], [
        plain,
        "PM3K API",
      ]] as const
    ) {
      const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
      assert.equal(doc.info.title, title);
    }
  } finally {
    await acme.close();
    await plain.close();
  }
});

Deno.test("SERVICE_NAME defaults to PM3K and is trimmed", () => {
  assert.equal(loadConfig({}).site.serviceName, "PM3K");
  assert.equal(loadConfig({ SERVICE_NAME: "" }).site.serviceName, "PM3K");
  assert.equal(
    loadConfig({ SERVICE_NAME: "  Acme Poster " }).site.serviceName,
    NAME,
  );
  assert.equal(
    loadConfig({ SERVICE_NAME: "x".repeat(60) }).site.serviceName.length,
    60,
  );
});

Deno.test("a blank, too long or control-character SERVICE_NAME is refused in one line", () => {
  for (
    const [value, why] of [
      ["   ", /SERVICE_NAME is invalid: must not be blank/],
      [
        "x".repeat(61),
        /SERVICE_NAME is invalid: must be at most 60 characters/,
      ],
      [
        "Acme\nPoster",
        /SERVICE_NAME is invalid: must not contain control characters/,
      ],
      [
        "Acme\u0007",
        /SERVICE_NAME is invalid: must not contain control characters/,
      ],
    ] as const
  ) {
    assert.throws(
      () => loadConfig({ SERVICE_NAME: value }),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, why);
        return true;
      },
    );
  }
});

Deno.test("the server starts under its SERVICE_NAME, and a bad one stops the start with one clear line", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-name-" });
  try {
    const lines: string[] = [];
    const server = await startServerProcess(freePort(), {
      DATA_DIR: dataDir,
      SERVICE_NAME: NAME,
    }, { onLogLine: (line) => lines.push(line) });
    await stopServerProcess(server);
    const started = lines.map((l) => JSON.parse(l)).find((l) =>
      String(l.message).includes(" listening on ")
    );
    assert.ok(started, lines.join("\n"));
    assert.match(
      started.message,
      /^Acme Poster listening on http:\/\/127\.0\.0\.1:/,
    );

    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      env: { DATA_DIR: dataDir, PORT: "0", SERVICE_NAME: "x".repeat(61) },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.notEqual(out.code, 0);
    const errors = new TextDecoder().decode(out.stderr).trim().split("\n");
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(
      errors[0],
      /Invalid configuration: SERVICE_NAME is invalid: must be at most 60 characters/,
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
