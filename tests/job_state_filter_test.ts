/**
 * `GET /api/jobs?state=` and MCP list_scheduled's `state` list only the
 * jobs in that state, paged by the same cursor, which stays a position in
 * the account's list whatever the filter; a page reads past at most 1,000
 * jobs of other states, so it may be short and still carry a cursor; a
 * state that does not exist is 400 `bad_request` naming the allowed ones
 * (docs/scheduling.md#listing-and-cancelling).
 */
import assert from "node:assert/strict";
import { decodeTime, monotonicFactory } from "ulid";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { mcpClient, toolError, toolOk } from "./_helpers/mcp_client.ts";
import { getTyped, keys } from "@/lib/kv_keys.ts";

const HOUR = 3600_000;

interface Page {
  ids: string[];
  states: string[];
  cursor: string | null;
}

async function pageOf(me: Poster, query: string): Promise<Page> {
  const r = await me.json("GET", `/api/jobs?${query}`);
  assert.equal(r.status, 200, `${query}: ${JSON.stringify(r.body)}`);
  const jobs = r.body.jobs as Record<string, string>[];
  return {
    ids: jobs.map((j) => j.job_id),
    states: jobs.map((j) => j.state),
    cursor: r.body.cursor as string | null,
  };
}

/** Every job id of `state`, read `limit` at a time until cursor is null. */
async function readAll(
  me: Poster,
  state: string,
  limit: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = "";
  let pages = 0;
  while (cursor !== null) {
    assert.ok(pages < 50, "paging with a state never ends");
    const page = await pageOf(
      me,
      `state=${state}&limit=${limit}&cursor=${cursor}`,
    );
    assert.ok(page.ids.length <= limit);
    assert.ok(page.states.every((s) => s === state), page.states.join());
    ids.push(...page.ids);
    cursor = page.cursor;
    pages++;
  }
  return { ids, pages };
}

Deno.test("GET /api/jobs?state= and list_scheduled's state list only that state's jobs, paged by a cursor that is a position in the list", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "state_me");
    const other = await posterFor(server, "state_other");
    // Seven jobs, three hours apart; the 2nd, 3rd and 6th cancelled.
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const job = await scheduleJob(
        me,
        server.clock.now() + 30 * HOUR + i * 3 * HOUR,
      );
      assert.equal(job.status, 200, JSON.stringify(job.body));
      ids.push(String(job.body.job_id));
    }
    const theirs = await scheduleJob(other, server.clock.now() + 30 * HOUR);
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    for (const i of [1, 2, 5]) {
      const r = await me.json("DELETE", `/api/jobs/${ids[i]}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // Jobs made in one millisecond: the list's order is the ids' order.
    const newestFirst = [...ids].sort().reverse();
    const cancelledSet = new Set([ids[1], ids[2], ids[5]]);
    const cancelled = newestFirst.filter((id) => cancelledSet.has(id));
    const scheduled = newestFirst.filter((id) => !cancelledSet.has(id));

    // Across pages of every size, each state's jobs once, newest first.
    for (const limit of [1, 2, 3, 100]) {
      const s = await readAll(me, "scheduled", limit);
      assert.deepEqual(s.ids, scheduled, `scheduled by ${limit}`);
      const c = await readAll(me, "cancelled", limit);
      assert.deepEqual(c.ids, cancelled, `cancelled by ${limit}`);
    }
    // A full page carries the cursor of its last job.
    assert.deepEqual(await pageOf(me, "state=cancelled&limit=2"), {
      ids: cancelled.slice(0, 2),
      states: ["cancelled", "cancelled"],
      cursor: cancelled[1],
    });
    // No job in the state: an empty page, the end.
    for (const state of ["failed", "posted", "publishing"]) {
      assert.deepEqual(await pageOf(me, `state=${state}`), {
        ids: [],
        states: [],
        cursor: null,
      });
    }
    // Without state, the list is as before: every job.
    assert.deepEqual((await pageOf(me, "limit=100")).ids, newestFirst);

    // A cursor another filter (or none) gave is a position: the jobs below
    // it in the state asked for.
    const cancelledCursor = (await pageOf(me, "state=cancelled&limit=1"))
      .cursor!;
    assert.equal(cancelledCursor, cancelled[0]);
    assert.deepEqual(
      (await pageOf(me, `state=scheduled&cursor=${cancelledCursor}`)).ids,
      scheduled.filter((id) => id < cancelledCursor),
    );
    const plainCursor = (await pageOf(me, "limit=3")).cursor!;
    assert.equal(plainCursor, newestFirst[2]);
    assert.deepEqual(
      (await pageOf(me, `state=cancelled&cursor=${plainCursor}`)).ids,
      cancelled.filter((id) => id < plainCursor),
    );
    // Another account's job id: only mine below it, never theirs.
    const afterTheirs = await pageOf(
      me,
      `state=scheduled&limit=100&cursor=${theirs.body.job_id}`,
    );
    assert.deepEqual(
      afterTheirs.ids,
      scheduled.filter((id) => id < String(theirs.body.job_id)),
    );
    assert.deepEqual(
      (await pageOf(other, "state=scheduled")).ids,
      [theirs.body.job_id],
    );

    // A state that does not exist, or given twice: 400 naming the allowed.
    for (const bad of ["Scheduled", "done", "", "scheduled,failed"]) {
      const r = await me.json("GET", `/api/jobs?state=${bad}`);
      assert.equal(r.status, 400, `${bad}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "bad_request");
      const issues = r.body.issues as { path: string; message: string }[];
      assert.deepEqual(issues.map((i) => i.path), ["state"]);
      assert.equal(
        issues[0].message,
        "Give state as one of scheduled, publishing, posted, failed, cancelled.",
      );
    }
    const twice = await me.json(
      "GET",
      "/api/jobs?state=scheduled&state=failed",
    );
    assert.equal(twice.status, 400, JSON.stringify(twice.body));
    assert.match(String(twice.body.message), /state/);

    // MCP: the same argument, the same pages as REST.
    const client = await mcpClient(server, me.key);
    try {
      const listed = await toolOk(client, "list_scheduled", {
        state: "cancelled",
        limit: 2,
      });
      assert.deepEqual(
        listed,
        (await me.json("GET", "/api/jobs?state=cancelled&limit=2")).body,
      );
      const next = await toolOk(client, "list_scheduled", {
        state: "cancelled",
        limit: 2,
        cursor: listed.cursor,
      });
      assert.deepEqual(
        (next.jobs as Record<string, string>[]).map((j) => j.job_id),
        [cancelled[2]],
      );
      assert.equal(next.cursor, null);
      assert.deepEqual(
        await toolOk(client, "list_scheduled", { state: "failed" }),
        { ok: true, jobs: [], cursor: null },
      );
      const bad = await toolError(
        client,
        "list_scheduled",
        { state: "done" },
        "bad_request",
      );
      assert.match(
        JSON.stringify(bad),
        /Give state as one of scheduled, publishing, posted, failed, cancelled\./,
      );
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/jobs?state= reads past at most 1,000 jobs of other states a page: a short page with a cursor, then the rest", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "state_scan");
    const job = await scheduleJob(me, server.clock.now() + 30 * HOUR);
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const oldest = String(job.body.job_id);
    const record = (await getTyped(server.kv, keys.job(oldest))).value!;
    // 1,050 cancelled jobs newer than it, written as the service writes a
    // job: its record and its place in the account's index.
    const next = monotonicFactory();
    const filler: string[] = [];
    for (let i = 0; i < 1050; i++) {
      filler.push(next(decodeTime(oldest) + 1000));
    }
    for (let i = 0; i < filler.length; i += 50) {
      const op = server.kv.atomic();
      for (const id of filler.slice(i, i + 50)) {
        op.set(keys.job(id), { ...record, id, state: "cancelled" });
        op.set(keys.jobByAccount(me.openId, id), id);
      }
      assert.ok((await op.commit()).ok);
    }
    const newest = [...filler].reverse();

    const first = await pageOf(me, "state=scheduled&limit=5");
    assert.deepEqual(first.ids, [], "the page stops after 1,000 jobs read");
    assert.equal(first.cursor, newest[999], "its cursor: the last job read");
    const second = await pageOf(
      me,
      `state=scheduled&limit=5&cursor=${first.cursor}`,
    );
    assert.deepEqual(second, {
      ids: [oldest],
      states: ["scheduled"],
      cursor: null,
    });

    // The cancelled ones page in full pages, the scan never shortening them.
    const cancelled = await readAll(me, "cancelled", 100);
    assert.deepEqual(cancelled.ids, newest);
    assert.equal(cancelled.pages, 11);
  } finally {
    await server.close();
  }
});
