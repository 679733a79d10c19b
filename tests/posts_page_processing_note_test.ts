/**
 * The posts page's line about Processing names PUBLISH_DEADLINE_HOURS as
 * words do (docs/posting.md#posts-page): "1 hour", not "1 hours", and in
 * the page's way of writing numbers (docs/dashboard.md#numbers), as served
 * before any script runs.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";

/** The processing line's text in the served posts page, or null. */
async function processingNote(
  url: string,
  jar: Parameters<typeof visit>[0],
  language: string,
): Promise<string | null> {
  const res = await visit(jar, `${url}/dashboard/posts`, {
    headers: { "Accept-Language": language },
  });
  const html = await res.text();
  const note = /<p[^>]*data-testid="processing-note"[^>]*>([\s\S]*?)<\/p>/
    .exec(html);
  return note ? note[1].replace(/<[^>]*>/g, "").replace(/\s+/g, " ") : null;
}

for (
  const [hours, language, words] of [
    ["1", "en-US", "has not finished 1 hour after it was sent"],
    ["1.5", "de-DE", "has not finished 1,5 hours after it was sent"],
  ] as const
) {
  Deno.test(`posts page: with PUBLISH_DEADLINE_HOURS=${hours}, a ${language} page's Processing line says "${words}"`, async () => {
    const server = await startTestServer({
      env: { PUBLISH_DEADLINE_HOURS: hours },
    });
    try {
      const me = await posterFor(server, `processing_${language.slice(0, 2)}`);
      const r = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: "still processing",
        privacy: "SELF_ONLY",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const note = await processingNote(server.url, me.jar, language);
      assert.ok(note, "the page has the processing line");
      assert.ok(note.includes(words), note);
    } finally {
      await server.close();
    }
  });
}
