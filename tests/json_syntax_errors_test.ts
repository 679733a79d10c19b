/**
 * A body that is not JSON is answered with where and why
 * (docs/api.md#limits-on-every-request): a body typed by hand in a
 * workflow tool's JSON field fails on a quote, a comma, a comment or a
 * line break inside a caption, and "not valid JSON" alone left its author
 * to find which. The character found is spelt out; the body around it is
 * never repeated.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";

Deno.test("a body that is not JSON is answered with the line, column and character, and what it most likely means", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "json_syntax", "free");
    const cases: [string, string][] = [
      [
        "{'title': 'Holiday'}",
        `at line 1, column 2, "'"; JSON quotes names and strings with " only`,
      ],
      [
        '{"title": "Holiday",\n}',
        'at line 2, column 1, "}"; JSON allows no comma before a closing } or ]',
      ],
      [
        '{"title": "Holiday" // caption\n}',
        'at line 1, column 21, "/"; JSON has no comments',
      ],
      [
        '{title: "Holiday"}',
        'at line 1, column 2, "t"; JSON quotes a field\'s name with "',
      ],
      [
        '{"title": "line one\nline two"}',
        'at line 1, column 20, "\\u{A}"; a control character in a string is written escaped (\\n, \\t)',
      ],
      [
        '{"title": "Holiday"} {"title": "Again"}',
        'at line 1, column 22, "{"; the JSON ended before it: send one JSON value',
      ],
      [
        '{"title": "Holiday"',
        'it ends at line 1, column 20 before its JSON does (a missing } ] or ")',
      ],
      ["", "the body is empty"],
      [
        '{"title": "\u202e"  x}',
        'at line 1, column 16, "x"; JSON\'s values are "strings", numbers, true, false, null, objects and arrays',
      ],
    ];
    await assertAnswers(server.url, me.key, "/api/caption/check", cases);
  } finally {
    await server.close();
  }
});

// The bodies n8n and Make users send: an expression that came out empty
// leaves a field with no value, a caption typed into a raw JSON field
// keeps its quotes and a Windows path its backslashes.
Deno.test("a body broken the way workflow tools break it is answered with the mistake, not only the place", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "json_syntax_tools", "free");
    const cases: [string, string][] = [
      [
        '{"title":',
        'it ends at line 1, column 10 before its JSON does (after "title": a value is missing)',
      ],
      [
        '{"title":"x","privacy":',
        'it ends at line 1, column 24 before its JSON does (after "privacy": a value is missing)',
      ],
      // A body cut short ends with a line break as often as not (a file
      // sent with curl): the place is after the last thing written.
      [
        '{"title": "Holiday"\n',
        'it ends at line 1, column 20 before its JSON does (a missing } ] or ")',
      ],
      [
        '{"title": }',
        'at line 1, column 11, "}"; after "title": a value is missing (an expression that came out empty?)',
      ],
      // A raw tab in the name (which JSON.parse refuses) is spelt out.
      [
        '{"ti\ttle": }',
        'at line 1, column 12, "}"; after "ti\\u{9}tle": a value is missing (an expression that came out empty?)',
      ],
      [
        '{"title": , "privacy": "SELF_ONLY"}',
        'at line 1, column 11, ","; after "title": a value is missing (an expression that came out empty?)',
      ],
      [
        '{"title":"say "hi" now"}',
        `at line 1, column 16, "h"; ${UNESCAPED_QUOTE}`,
      ],
      [
        '{"title":"back\\slash"}',
        `at line 1, column 15, "\\"; ${LONE_BACKSLASH}`,
      ],
      [
        '{"title": "C:\\Users\\me"}',
        `at line 1, column 14, "\\"; ${LONE_BACKSLASH}`,
      ],
      // A body escaped twice (pasted from a log or a string field).
      [
        '{\\"title\\": \\"x\\"}',
        'at line 1, column 2, "\\"; JSON has no \\ outside a string: was the body escaped twice? Send it with plain "',
      ],
      [
        '{"title": "x"\n "privacy": "SELF_ONLY"}',
        'at line 2, column 2, """; a comma is missing before it',
      ],
      // A value after a value in a list, a number as much as a string.
      [
        '{"ids": ["a" 1]}',
        'at line 1, column 14, "1"; a comma is missing before it',
      ],
      // An inch mark typed into a caption, a space after it.
      [
        '{"title": "My 6" screen", "privacy": "SELF_ONLY"}',
        `at line 1, column 18, "s"; ${UNESCAPED_QUOTE}`,
      ],
      // An escape cut short (\u takes four hex digits).
      [
        '{"title": "caf\\u0e9"}',
        'at line 1, column 19, "9"; \\u takes four hex digits, as in \\u00e9 for é',
      ],
      [
        '{"title" "Holiday"}',
        'at line 1, column 10, """; a : is missing after the name "title"',
      ],
      // A quote left in a name, before a letter of any script.
      [
        '{"ti"Ütle": "x"}',
        `at line 1, column 6, "Ü"; ${UNESCAPED_QUOTE}`,
      ],
      [
        '{"title"}',
        'at line 1, column 9, "}"; a : is missing after the name "title"',
      ],
      [
        '{"ids": [, 2]}',
        'at line 1, column 10, ","; a value is missing before this comma (an expression that came out empty?)',
      ],
      [
        '{"title": "x", "auto_add_music": True}',
        'at line 1, column 34, "T"; JSON writes true in lower case',
      ],
      [
        '{"title": "x", "music": None}',
        'at line 1, column 25, "N"; JSON has no None: write null, or leave the field out',
      ],
    ];
    await assertAnswers(server.url, me.key, "/api/caption/check", cases);
    // The same reading serves every JSON body: the webhook's settings too.
    await assertAnswers(server.url, me.key, "/api/webhook", [[
      '{"url": }',
      'at line 1, column 9, "}"; after "url": a value is missing (an expression that came out empty?)',
    ]], "PUT");
  } finally {
    await server.close();
  }
});

const UNESCAPED_QUOTE =
  'the " before it ended the string: write a " inside a string as \\" (or build the body with a JSON function, such as n8n\'s JSON.stringify or Make\'s JSON > Create JSON)';

const LONE_BACKSLASH =
  'a \\ in a string starts an escape (\\n, \\"): write a \\ itself as \\\\, as in C:\\\\Users';

/** Sends each body and checks its 400 names the problem `why`. */
async function assertAnswers(
  url: string,
  key: string,
  path: string,
  cases: [string, string][],
  method = "POST",
): Promise<void> {
  for (const [body, why] of cases) {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        "Content-Type": "application/json",
      },
      body,
    });
    assert.equal(res.status, 400, body);
    const answer = await res.json();
    assert.equal(answer.error, "bad_request");
    assert.equal(
      answer.message,
      `The request body is not valid JSON: ${why}.`,
      body,
    );
  }
}
