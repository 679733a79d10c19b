/**
 * POST /api/caption/check (docs/posting.md#checking-a-caption) through the
 * real HTTP API on a loopback port: it answers the very code and message
 * direct_post refuses a caption with (look-alikes by the server's full
 * table included), null for a caption posting would pass, refuses bad
 * bodies as every JSON body is refused, needs a key or a same-origin
 * session, and counts against no limit.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  limitsOf,
  posterFor,
  postsOf,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";

const CHECK = "/api/caption/check";

/** The check's `problem` for `title`, after asserting a 200. */
async function problemOf(me: Poster, title: string): Promise<unknown> {
  const body = await assertJsonOk(await me.call("POST", CHECK, { title }));
  assert.deepEqual(Object.keys(body).sort(), ["ok", "problem"]);
  return body.problem;
}

/** The issues of a 400 bad_request, after checking it is one. */
async function issuesOf(res: Response): Promise<{
  issues: { path: string; message: string }[];
  message: string;
}> {
  const body = await assertJsonError(res, 400, "bad_request");
  return {
    issues: body.issues as { path: string; message: string }[],
    message: String(body.message),
  };
}

Deno.test("caption check gives the code and message direct_post refuses the caption with, look-alikes included", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_check_same");
    const video = await me.uploadVideo();
    const cases = [
      // Cyrillic с, а and о: only the server's confusable table sees it.
      [
        "a stop word in Cyrillic look-alike letters",
        "Best \u0441\u0430sin\u043e bonus",
        "forbidden_word",
      ],
      ["a link", "Full video at https://example.com/v", "links_forbidden"],
      ["a stop word spelled out", "Big C A S I N O night", "forbidden_word"],
      [
        "a phrase with a look-alike letter",
        "fr\u0435\u0435 m\u043eney",
        "forbidden_word",
      ],
      [
        "a link and a stop word (links first)",
        "casino at www.example.com",
        "links_forbidden",
      ],
    ] as const;
    for (const [why, title, code] of cases) {
      await t.step(`${why}: ${code}`, async () => {
        const refused = await assertJsonError(
          await directPost(me, { source_url: video, title }),
          400,
          code,
        );
        assert.deepEqual(await problemOf(me, title), {
          code,
          message: refused.message,
        });
      });
    }
    assert.deepEqual(
      await problemOf(me, "Best \u0441\u0430sin\u043e bonus"),
      {
        code: "forbidden_word",
        message: 'Caption contains forbidden content: "casino".',
      },
    );
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("caption check answers problem null for a caption posting passes, other scripts and the longest included", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_check_clean");
    for (
      const title of [
        "A clean caption #pm3k @friend",
        "Прогулка по парку с собакой 🐕 Καλημέρα από την Αθήνα",
        "🎬".repeat(1100), // 2200 UTF-16 units: TikTok's limit exactly
        "",
      ]
    ) {
      assert.equal(await problemOf(me, title), null, title.slice(0, 40));
    }
    const title = "A clean caption #pm3k @friend";
    await assertJsonOk(
      await directPost(me, { source_url: await me.uploadVideo(), title }),
    );
  } finally {
    await server.close();
  }
});

Deno.test("caption check counts against no limit and reaches nothing: limits, posts and TikTok stay as they were", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_check_free");
    const limits = () => limitsOf(me);
    const before = await limits();
    for (let i = 0; i < 30; i++) {
      await problemOf(me, i % 2 ? `clean caption ${i}` : `casino ${i}`);
    }
    assert.deepEqual(await limits(), before);
    assert.deepEqual(await postsOf(me), []);
    assert.equal(await initsAtTikTok(server, me), 0);
    // The checked caption is still free to post: no duplicate was recorded.
    await assertJsonOk(
      await directPost(me, {
        source_url: await me.uploadVideo(),
        title: "clean caption 1",
      }),
    );
  } finally {
    await server.close();
  }
});

Deno.test("caption check refuses unknown fields naming them, TikTok's description with PM3K's title", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_check_fields");
    const extra = await issuesOf(
      await me.call("POST", CHECK, { title: "hi", privacy: "SELF_ONLY" }),
    );
    assert.deepEqual(extra.issues, [{
      path: "privacy",
      message: "unknown field",
    }]);
    assert.match(extra.message, /privacy: unknown field/);

    const tiktokName = await issuesOf(
      await me.call("POST", CHECK, { title: "hi", description: "hi" }),
    );
    assert.deepEqual(tiktokName.issues.map((i) => i.path), ["description"]);
    assert.match(tiktokName.issues[0].message, /^unknown field.*"title"/);
  } finally {
    await server.close();
  }
});

Deno.test("caption check: a missing, non-string or too long title is 400 bad_request on title", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "caption_check_title");
    const tooLong = (units: number) =>
      `title is at most 2200 characters (TikTok's limit, counted in UTF-16 units: most emoji count 2); this one is ${units}: cut ${
        units - 2200
      }`;
    const cases: [string, unknown, string | RegExp][] = [
      ["missing", {}, /string/],
      ["a number", { title: 5 }, /string/],
      ["2201 ASCII characters", { title: "a".repeat(2201) }, tooLong(2201)],
      // 1101 emoji: 1101 code points, 2202 UTF-16 units to TikTok, and the
      // answer says 2202, the count a code-point client does not see.
      ["1101 emoji", { title: "🎬".repeat(1101) }, tooLong(2202)],
    ];
    for (const [why, body, message] of cases) {
      await t.step(why, async () => {
        const { issues } = await issuesOf(await me.call("POST", CHECK, body));
        assert.deepEqual(issues.map((i) => i.path), ["title"]);
        if (typeof message === "string") {
          assert.equal(issues[0].message, message);
        } else assert.match(issues[0].message, message);
      });
    }
    await t.step("not JSON at all", async () => {
      const res = await fetch(`${server.url}${CHECK}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${me.key}` },
        body: "title=hi",
      });
      await assertJsonError(res, 415, "unsupported_media_type");
    });
  } finally {
    await server.close();
  }
});

Deno.test("caption check needs a key or a same-origin dashboard session", async (t) => {
  const server = await startTestServer();
  try {
    const body = JSON.stringify({ title: "casino" });
    const json = { "Content-Type": "application/json" };
    await t.step("no key: 401 unauthorized", async () => {
      const res = await fetch(`${server.url}${CHECK}`, {
        method: "POST",
        headers: json,
        body,
      });
      await assertJsonError(res, 401, "unauthorized");
    });
    await t.step("a wrong key: 401 unauthorized", async () => {
      const res = await fetch(`${server.url}${CHECK}`, {
        method: "POST",
        headers: { ...json, Authorization: "Bearer pm3k_not_a_key" },
        body,
      });
      await assertJsonError(res, 401, "unauthorized");
    });
    const { jar } = await signIn(server, "caption_check_session", "free");
    await t.step("the session from our origin: answered", async () => {
      const res = await visit(jar, `${server.url}${CHECK}`, {
        method: "POST",
        headers: { ...json, Origin: server.url },
        body,
      });
      const answer = await assertJsonOk(res);
      assert.equal(
        (answer.problem as { code: string }).code,
        "forbidden_word",
      );
    });
    await t.step("the session from another origin: csrf_rejected", async () => {
      const res = await visit(jar, `${server.url}${CHECK}`, {
        method: "POST",
        headers: { ...json, Origin: "https://evil.example" },
        body,
      });
      await assertJsonError(res, 403, "csrf_rejected");
    });
  } finally {
    await server.close();
  }
});
