/**
 * The refused-requests log (docs/api.md#refused-requests): what the API
 * refused an account's API key is kept by request and reason with a count,
 * the last message and request id, for 7 days after the last refusal, and
 * Settings lists it, the latest first. Successes and the dashboard's own
 * calls are not kept; refusals at once are each counted, in one process or
 * in two on one KV file.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import {
  REFUSAL_KEPT_MS,
  REFUSAL_PROBLEMS_MAX,
} from "../lib/activity/api_refusals.ts";
import { keys } from "../lib/kv_keys.ts";
import { listApiRefusals } from "../lib/activity/api_refusals.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { fixture } from "./_helpers/api_client.ts";
import { pairAccount, withProcessPair } from "./_helpers/process_pair.ts";
import { systemClock } from "../lib/clock.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { mcpClient, toolError, toolOk } from "./_helpers/mcp_client.ts";

/** The refused-requests rows of Settings, as text, in page order. */
async function settingsRows(server: TestServer, me: Poster) {
  const page = await visit(me.jar, `${server.url}/dashboard/settings`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const card = html.slice(html.indexOf('data-testid="refused-requests"'));
  return {
    none: card.includes('data-testid="refused-none"'),
    rows: [...card.matchAll(/<tr data-testid="refused-row">(.*?)<\/tr>/gs)]
      .map((m) => m[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()),
  };
}

Deno.test("refusals of an API key are kept by request and reason with a count, the last message and request id; successes are not", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_kept");
    assert.deepEqual(await settingsRows(server, me), { none: true, rows: [] });

    const ok = await me.call("GET", "/api/me");
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    // TikTok's field name, twice: one group counted twice.
    let lastId = "";
    for (let i = 0; i < 2; i++) {
      const res = await me.call("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo(),
        title: `refused ${i}`,
        privacy_level: "SELF_ONLY",
      });
      assert.equal(res.status, 400);
      lastId = res.headers.get("x-request-id")!;
      await res.body?.cancel();
    }
    server.clock.advance(60_000);
    const missing = await me.json("GET", "/api/uploads/01NOPE");
    assert.equal(missing.status, 404);
    server.clock.advance(60_000);
    const nowhere = await me.json("GET", "/api/nowhere");
    assert.equal(nowhere.status, 404);

    server.clock.advance(60_000);
    // Made-up methods are one group, not one each.
    for (const method of ["PROPFIND", "BREW"]) {
      const odd = await me.call(method, "/api/me");
      assert.ok(odd.status >= 400, `${method}: ${odd.status}`);
      await odd.body?.cancel();
    }
    const groups = await listApiRefusals(server.deps, me.openId);
    const other = groups.filter((g) => g.method === "OTHER");
    assert.equal(other.length, 1, JSON.stringify(other));
    assert.equal(other[0].count, 2);
    assert.deepEqual(
      groups.filter((g) => g !== other[0]).map((
        g,
      ) => [g.method, g.route, g.code, g.status, g.count]),
      [
        ["GET", "(no such route)", "not_found", 404, 1],
        ["GET", "/api/uploads/:id", "not_found", 404, 1],
        ["POST", "/api/tiktok/direct_post", "bad_request", 400, 2],
      ],
    );
    const posted = groups[3];
    assert.match(posted.message, /privacy_level/);
    assert.equal(posted.requestId, lastId);
    assert.equal(posted.lastAt - posted.firstAt >= 0, true);

    const shown = await settingsRows(server, me);
    assert.equal(shown.none, false);
    assert.equal(shown.rows.length, 4);
    assert.match(shown.rows[0], /^.* OTHER /);
    assert.match(shown.rows[1], /GET \(no such route\) 404 not_found/);
    assert.match(shown.rows[2], /GET \/api\/uploads\/:id 404 not_found/);
    assert.match(
      shown.rows[3],
      new RegExp(
        `POST /api/tiktok/direct_post 400 bad_request.*privacy_level.*${lastId}.* 2 times$`,
      ),
    );
  } finally {
    await server.close();
  }
});

Deno.test("the dashboard's own refused calls, and other accounts' refusals, are not in an account's refused requests", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_mine");
    const other = await posterFor(server, "refusals_other");
    // The composer calls the same API with the session, not a key.
    const fromDashboard = await visit(
      me.jar,
      `${server.url}/api/jobs`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: server.url },
        body: JSON.stringify({ kind: "tiktok" }),
      },
    );
    assert.equal(fromDashboard.status, 400);
    await fromDashboard.body?.cancel();
    const others = await other.json("POST", "/api/jobs", { kind: "tiktok" });
    assert.equal(others.status, 400);

    assert.deepEqual(await listApiRefusals(server.deps, me.openId), []);
    assert.equal(
      (await listApiRefusals(server.deps, other.openId)).length,
      1,
    );
  } finally {
    await server.close();
  }
});

Deno.test("thirty refusals of one request at once are each counted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_at_once");
    const answers = await Promise.all(
      Array.from(
        { length: 30 },
        () => me.json("POST", "/api/jobs", { kind: "tiktok" }),
      ),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([400]));
    const [group] = await listApiRefusals(server.deps, me.openId);
    assert.equal(group.count, 30);
  } finally {
    await server.close();
  }
});

Deno.test("different problems of one request and code each show their own last message and count in their row", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_problems");
    const post = (body: string) =>
      fetch(`${server.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
        },
        body,
      });
    const source_url = await me.uploadVideo();
    const messages: string[] = [];
    // Bad JSON twice, an unknown field, a missing title: all bad_request.
    for (
      const body of [
        "{not json",
        "{not json",
        JSON.stringify({ source_url, title: "t", nonsense_field: 1 }),
        JSON.stringify({ source_url }),
      ]
    ) {
      const res = await post(body);
      assert.equal(res.status, 400);
      const answer = await res.json();
      assert.equal(answer.error, "bad_request");
      messages.push(answer.message);
      server.clock.advance(60_000);
    }
    assert.equal(new Set(messages).size, 3, JSON.stringify(messages));
    const [group] = await listApiRefusals(server.deps, me.openId);
    assert.equal(group.count, 4);
    assert.deepEqual(
      group.problems?.map((p) => [p.message, p.count]),
      [[messages[3], 1], [messages[2], 1], [messages[0], 2]],
    );

    const { rows } = await settingsRows(server, me);
    assert.equal(rows.length, 1);
    const esc = (m: string) =>
      m.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;")
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(
      rows[0],
      new RegExp(
        `${esc(messages[3])} \\(once, last .*${
          esc(messages[2])
        } \\(once, last .*${esc(messages[0])} \\(2 times, last .* 4 times$`,
      ),
    );
  } finally {
    await server.close();
  }
});

Deno.test("a group keeps its latest different messages, at most a bounded few, and a group kept before messages were is still shown", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_bounded");
    for (let i = 0; i < REFUSAL_PROBLEMS_MAX + 2; i++) {
      const res = await me.json("GET", `/api/uploads/01NOPE${i}`);
      assert.equal(res.status, 404);
    }
    const [group] = await listApiRefusals(server.deps, me.openId);
    assert.equal(group.count, REFUSAL_PROBLEMS_MAX + 2);
    assert.equal(group.problems?.length, REFUSAL_PROBLEMS_MAX);

    // As written before groups kept their messages: no `problems`.
    const old = {
      method: "POST",
      route: "/api/jobs",
      code: "bad_request",
      status: 400,
      message: "an old record's message",
      count: 3,
      firstAt: server.clock.now(),
      lastAt: server.clock.now(),
      requestId: "req_old",
    };
    await server.deps.kv.set(
      keys.apiRefusal(me.openId, "POST /api/jobs", "bad_request"),
      old,
    );
    const shown = await settingsRows(server, me);
    assert.ok(
      shown.rows.some((r) =>
        /POST \/api\/jobs 400 bad_request : an old record's message .*req_old.* 3 times$/
          .test(r)
      ),
      JSON.stringify(shown.rows),
    );
    // Its next refusal keeps the old message as one of the group's.
    const again = await me.json("POST", "/api/jobs", { kind: "tiktok" });
    assert.equal(again.status, 400);
    const jobs = (await listApiRefusals(server.deps, me.openId))
      .find((g) => g.route === "/api/jobs")!;
    assert.equal(jobs.count, 4);
    assert.deepEqual(
      jobs.problems?.map((p) => [p.message, p.count]),
      [[again.body.message, 1], ["an old record's message", 3]],
    );
  } finally {
    await server.close();
  }
});

// That each write carries its expiry is checked by kv_growth_test.ts, as
// for every family (tests/_helpers/kv_families.ts).
Deno.test("a refused request is kept 7 days after its group's last refusal", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_week");
    const first = await me.json("POST", "/api/jobs", { kind: "tiktok" });
    assert.equal(first.status, 400);
    server.clock.advance(REFUSAL_KEPT_MS - 60_000);
    const again = await me.json("POST", "/api/jobs", { kind: "tiktok" });
    assert.equal(again.status, 400);
    // Kept a week from the last one, not the first.
    server.clock.advance(REFUSAL_KEPT_MS - 60_000);
    assert.equal((await listApiRefusals(server.deps, me.openId)).length, 1);
    server.clock.advance(2 * 60_000);
    assert.deepEqual(await listApiRefusals(server.deps, me.openId), []);
  } finally {
    await server.close();
  }
});

Deno.test("two processes on one KV file count the same refused request together", async () => {
  await withProcessPair("pm3k-refusals-procs-", "off", async (pair) => {
    const [a, b] = pair.procs;
    const video = await fixture("portrait.mp4");
    const acc = await pairAccount(pair, "refusals_two_procs", video, a);
    // Twenty at once through each process.
    const answers = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const res = await fetch(`${(i % 2 ? a : b).url}/api/jobs`, {
          method: "POST",
          headers: acc.auth,
          body: JSON.stringify({ kind: "tiktok" }),
        });
        await res.body?.cancel();
        return res.status;
      }),
    );
    assert.deepEqual(new Set(answers), new Set([400]));
    const groups = await listApiRefusals(
      { kv: pair.kv, clock: systemClock },
      acc.openId,
    );
    assert.deepEqual(
      groups.map((g) => [g.method, g.route, g.code, g.count]),
      [["POST", "/api/jobs", "bad_request", 40]],
    );
  });
});

Deno.test("an agent's refused MCP tool calls are kept as MCP and the tool's name, replays counted; its successes are not", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "refusals_mcp");
    const client = await mcpClient(server, me.key);
    try {
      await toolOk(client, "get_limits");
      for (let i = 0; i < 2; i++) {
        await toolError(client, "get_post_status", {
          publish_id: "nope",
        }, "not_found");
      }
      server.clock.advance(60_000);
      const args = {
        source_url: await me.uploadVideo(),
        title: "with privacy_level",
        privacy_level: "SELF_ONLY",
        idempotency_key: "mcp-refused-1",
      };
      await toolError(client, "post_video", args, "bad_request");
      // The same call again: its stored refusal, replayed, is counted too,
      // as REST counts a replayed 400.
      await toolError(client, "post_video", args, "bad_request");
    } finally {
      await client.close();
    }
    const groups = await listApiRefusals(server.deps, me.openId);
    assert.deepEqual(
      groups.map((g) => [g.method, g.route, g.code, g.status, g.count]),
      [
        ["MCP", "post_video", "bad_request", 400, 2],
        ["MCP", "get_post_status", "not_found", 404, 2],
      ],
    );
    assert.match(groups[0].message, /privacy_level/);
    assert.ok(groups[0].requestId.length > 0);
    const { rows } = await settingsRows(server, me);
    assert.equal(rows.length, 2);
    assert.match(rows[0], /MCP post_video/);
  } finally {
    await server.close();
  }
});
