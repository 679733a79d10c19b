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
    for (const [body, why] of cases) {
      const res = await fetch(`${server.url}/api/caption/check`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
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
  } finally {
    await server.close();
  }
});
