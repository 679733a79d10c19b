/**
 * `/dashboard?again=<post_id>` (docs/posting.md#posts-page) reads the id
 * with lib/ulid_ids.ts's isUlid: a link whose id is not one gives the
 * "not valid" notice, never a lookup of another id.
 */
import assert from "node:assert/strict";
import { ulid } from "ulid";
import { composeAgain } from "../lib/http/compose_again.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { startTestServer } from "./_helpers/test_server.ts";

const NOT_VALID = /This Post again link is not valid/;
const NO_SUCH_POST = /This account has no such post/;

Deno.test("Post again: a link whose id holds ſ or ß is not valid, though they upper-case into the alphabet; an unknown id in small letters is looked up", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "again_link_reader");
    const again = (id: string) =>
      composeAgain(server.deps, me.openId, false, id);
    const id = ulid(server.clock.now());
    for (const odd of ["ſ", "ß"]) {
      const typed = id.slice(0, 26 - odd.length) + odd;
      const answer = await again(typed);
      assert.equal(answer.prefill, null);
      assert.match(String(answer.notice), NOT_VALID, typed);
    }
    for (const typed of ["", "zzz", `${id}0`]) {
      assert.match(String((await again(typed)).notice), NOT_VALID, typed);
    }
    assert.match(String((await again(id.toLowerCase())).notice), NO_SUCH_POST);
    assert.deepEqual(
      await composeAgain(server.deps, me.openId, false, undefined),
      {
        prefill: null,
        notice: null,
      },
    );
  } finally {
    await server.close();
  }
});
