/**
 * JSON bodies are UTF-8 and sent as they are
 * (docs/api.md#limits-on-every-request): a body declared in another charset
 * (`charset=iso-8859-1`, `latin1`, `utf-16`) or sent with a Content-Encoding
 * (gzip…) is 415 `unsupported_media_type` naming it, on /api and /mcp, and
 * nothing is done; `charset=utf-8` in any case, quoted or not, no charset
 * and `Content-Encoding: identity` are read as before.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { initsAtTikTok, posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { toolCallBody } from "./_helpers/mcp_client.ts";

const FOREIGN_CHARSETS = ["iso-8859-1", "latin1", "utf-16", '"ISO-8859-1"'];
const UTF8_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=UTF-8",
  'application/json;charset="utf-8"',
  "application/json; Charset=Utf-8",
];
const CODINGS = ["gzip", "GZIP", "gzip, identity", "br"];

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A poster, a direct_post body for it, and a POST with its key. */
async function apiSetup(server: TestServer, username: string) {
  const me = await posterFor(server, username);
  const post = JSON.stringify({
    source_url: await me.uploadVideo(),
    title: "Caf\u00e9",
    privacy: "SELF_ONLY",
  });
  const send = (
    path: string,
    headers: Record<string, string>,
    body: BodyInit,
  ) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${me.key}`, ...headers },
      body,
    });
  return { me, post, send };
}

/** Nothing reached TikTok and no album was made. */
async function nothingDone(server: TestServer, me: Poster) {
  assert.equal(await me.sandboxPosts(), 0);
  assert.equal(await initsAtTikTok(server, me), 0);
  assert.deepEqual((await me.json("GET", "/api/albums")).body.albums, []);
}

/** An MCP get_limits call, and a POST of any body to /mcp. */
async function mcpSetup(server: TestServer, username: string) {
  const me = await posterFor(server, username);
  const body = toolCallBody("get_limits");
  const send = (headers: Record<string, string>, payload: BodyInit) =>
    fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        Accept: "application/json, text/event-stream",
        Authorization: `Bearer ${me.key}`,
        ...headers,
      },
      body: payload,
    });
  return { body, send };
}

Deno.test("/api refuses a JSON body declared in another charset with 415 naming it, and posts nothing; UTF-8 however written is read", async () => {
  const server = await startTestServer();
  try {
    const { me, post, send } = await apiSetup(server, "charset_poster");
    for (const charset of FOREIGN_CHARSETS) {
      for (const idempotencyKey of [null, `charset-${charset.length}`]) {
        const refused = await assertJsonError(
          await send("/api/tiktok/direct_post", {
            "Content-Type": `application/json; charset=${charset}`,
            ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
          }, post),
          415,
          "unsupported_media_type",
        );
        assert.equal(
          refused.message,
          `The body is declared as charset=${
            charset.replaceAll('"', "")
          }; bodies are UTF-8 JSON: send it as UTF-8, with charset=utf-8 or no charset.`,
        );
      }
    }
    // An operation that takes no body refuses it the same: no album.
    await assertJsonError(
      await send("/api/albums", {
        "Content-Type": "application/json; charset=latin1",
      }, "{}"),
      415,
      "unsupported_media_type",
    );
    await nothingDone(server, me);
    for (const type of UTF8_TYPES) {
      await assertJsonOk(
        await send(
          "/api/caption/check",
          { "Content-Type": type },
          '{"title":"Caf\u00e9"}',
        ),
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("/api refuses a JSON body declaring two charsets, one not UTF-8, in either order, and posts nothing", async () => {
  const server = await startTestServer();
  try {
    const { me, post, send } = await apiSetup(server, "two_charsets");
    for (
      const type of [
        "application/json; charset=utf-8; charset=latin1",
        "application/json; charset=latin1; charset=utf-8",
      ]
    ) {
      const refused = await assertJsonError(
        await send("/api/tiktok/direct_post", { "Content-Type": type }, post),
        415,
        "unsupported_media_type",
      );
      assert.match(String(refused.message), /charset=latin1/);
    }
    await nothingDone(server, me);
    // The same UTF-8 charset twice is UTF-8.
    await assertJsonOk(
      await send(
        "/api/caption/check",
        { "Content-Type": "application/json; charset=utf-8; charset=UTF8" },
        '{"title":"Caf\u00e9"}',
      ),
    );
  } finally {
    await server.close();
  }
});

Deno.test("/api refuses a JSON body with a Content-Encoding with 415 naming it, and posts nothing; identity is read", async () => {
  const server = await startTestServer();
  try {
    const { me, post, send } = await apiSetup(server, "coding_poster");
    for (const coding of CODINGS) {
      const refused = await assertJsonError(
        await send("/api/tiktok/direct_post", {
          "Content-Type": "application/json",
          "Content-Encoding": coding,
        }, await gzip(post)),
        415,
        "unsupported_media_type",
      );
      assert.equal(
        refused.message,
        `The body is sent with Content-Encoding: ${
          coding.split(",")[0]
        }; bodies are read as sent, so send the JSON uncompressed (no Content-Encoding).`,
      );
    }
    await assertJsonError(
      await send("/api/albums", {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
      }, await gzip("{}")),
      415,
      "unsupported_media_type",
    );
    await nothingDone(server, me);
    await assertJsonOk(
      await send("/api/caption/check", {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Encoding": "identity",
      }, '{"title":"Caf\u00e9"}'),
    );
  } finally {
    await server.close();
  }
});

Deno.test("/api repeats a refused Content-Encoding, charset or doubled Content-Type cut, its controls spelt out", async () => {
  const server = await startTestServer();
  try {
    const { me, post, send } = await apiSetup(server, "echo_headers");
    // A Latin-1 control (NEL, a line break) and a value far longer than a
    // sentence should repeat: cut with "…", as every client's text is.
    const long = "p".repeat(2000);
    const coding = await assertJsonError(
      await send("/api/tiktok/direct_post", {
        "Content-Type": "application/json",
        "Content-Encoding": `gz\u0085ip${long}`,
      }, post),
      415,
      "unsupported_media_type",
    );
    assert.equal(
      coding.message,
      `The body is sent with Content-Encoding: gz\\u{85}ip${
        "p".repeat(75)
      }…; bodies are read as sent, so send the JSON uncompressed (no Content-Encoding).`,
    );
    const charset = await assertJsonError(
      await send("/api/tiktok/direct_post", {
        "Content-Type": `application/json; charset=la\u0085tin${long}`,
      }, post),
      415,
      "unsupported_media_type",
    );
    assert.match(String(charset.message), /charset=la\\u\{85\}tinp+…;/);
    assert.ok(String(charset.message).length < 300, String(charset.message));
    const twice = await assertJsonError(
      await send("/api/tiktok/direct_post", {
        "Content-Type": `application/json, text/plain; x=\u0085${long}`,
      }, post),
      415,
      "unsupported_media_type",
    );
    assert.match(String(twice.message), /\\u\{85\}p+…\): send it once\.$/);
    assert.ok(String(twice.message).length < 300, String(twice.message));
    await nothingDone(server, me);
  } finally {
    await server.close();
  }
});

Deno.test("/mcp refuses a body declared in another charset with 415; UTF-8 however written is read", async () => {
  const server = await startTestServer();
  try {
    const { body, send } = await mcpSetup(server, "charset_mcp");
    for (const charset of FOREIGN_CHARSETS) {
      const refused = await assertJsonError(
        await send(
          { "Content-Type": `application/json; charset=${charset}` },
          body,
        ),
        415,
        "unsupported_media_type",
      );
      assert.match(String(refused.message), /bodies are UTF-8 JSON/);
    }
    for (const type of UTF8_TYPES) {
      const res = await send({ "Content-Type": type }, body);
      assert.equal(res.status, 200, type);
      const answer = await res.json();
      assert.equal(answer.result?.structuredContent?.ok, true, type);
    }
  } finally {
    await server.close();
  }
});

Deno.test("/mcp refuses a body with a Content-Encoding with 415; identity is read", async () => {
  const server = await startTestServer();
  try {
    const { body, send } = await mcpSetup(server, "coding_mcp");
    for (const coding of CODINGS) {
      const refused = await assertJsonError(
        await send({
          "Content-Type": "application/json",
          "Content-Encoding": coding,
        }, await gzip(body)),
        415,
        "unsupported_media_type",
      );
      assert.match(
        String(refused.message),
        /^The body is sent with Content-Encoding: /,
      );
    }
    const res = await send({
      "Content-Type": "application/json",
      "Content-Encoding": "identity",
    }, body);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).result?.structuredContent?.ok, true);
  } finally {
    await server.close();
  }
});

Deno.test("/mcp refuses a body not sent as JSON with the API's 415, not the SDK's JSON-RPC error; a +json type is read as on /api", async () => {
  const server = await startTestServer();
  try {
    const { body, send } = await mcpSetup(server, "type_mcp");
    const accepted =
      "send it as JSON, with Content-Type: application/json (or a +json type)";
    for (
      const [headers, said] of [
        [{ "Content-Type": "text/plain" }, "is declared text/plain"],
        [
          { "Content-Type": "application/x-www-form-urlencoded" },
          "is declared application/x-www-form-urlencoded, as curl's -d and --data-binary send it",
        ],
        // fetch declares a string body text/plain itself.
        [{}, "is declared text/plain"],
      ] as [Record<string, string>, string][]
    ) {
      const refused = await assertJsonError(
        await send(headers, body),
        415,
        "unsupported_media_type",
      );
      assert.ok(
        String(refused.message).startsWith(`This body ${said}: ${accepted}`),
        String(refused.message),
      );
    }
    // What /api reads as JSON, /mcp reads too.
    for (const type of ["APPLICATION/JSON", "application/vnd.api+json"]) {
      const res = await send({ "Content-Type": type }, body);
      assert.equal(res.status, 200, type);
      assert.equal((await res.json()).result?.structuredContent?.ok, true);
    }
  } finally {
    await server.close();
  }
});
