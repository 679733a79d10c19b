/**
 * `run_at` is an RFC 3339 date-time, whose §5.6 lets the `T` separator and
 * the `Z` zone be written in lower case: `2026-12-06t12:00:00z` is taken as
 * `2026-12-06T12:00:00Z` by `POST /api/jobs`, `PATCH /api/jobs/{id}` and the
 * MCP tools schedule_post and change_scheduled alike, and answered in UTC
 * (docs/scheduling.md#creating-a-job). A space for the `T` stays refused.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import { mcpClient, toolError, toolOk } from "./_helpers/mcp_client.ts";

const HOUR = 3600_000;

/** `t` as RFC 3339 in lower case (`…t12:00:00.000z`). */
function lowerCase(t: number): string {
  return new Date(t).toISOString().toLowerCase();
}

Deno.test("POST and PATCH /api/jobs take run_at with a lower-case t and z, answered in UTC", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "lower_case_times");
    const runAt = server.clock.now() + 2 * HOUR;
    const created = await scheduleJob(me, runAt, {
      run_at: lowerCase(runAt),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.run_at, new Date(runAt).toISOString());

    // An offset with a lower-case t too.
    const later = Math.floor((runAt + 3 * HOUR) / 1000) * 1000;
    const offset = new Date(later + HOUR).toISOString().slice(0, 19)
      .replace("T", "t") + "+01:00";
    const moved = await me.json("PATCH", `/api/jobs/${created.body.job_id}`, {
      run_at: offset,
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.run_at, new Date(later).toISOString());

    // Not RFC 3339's grammar: a space for the T (its §5.6 note only).
    const spaced = await me.json("PATCH", `/api/jobs/${created.body.job_id}`, {
      run_at: new Date(later).toISOString().replace("T", " "),
    });
    assert.equal(spaced.status, 400);
    assert.equal(spaced.body.error, "bad_request");
    assert.equal(
      (spaced.body.issues as { path: string }[])[0].path,
      "run_at",
    );
  } finally {
    await server.close();
  }
});

Deno.test("MCP schedule_post and change_scheduled take run_at with a lower-case t and z", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "mcp_lower_case_times");
  const client = await mcpClient(server, me.key);
  try {
    const runAt = server.clock.now() + 2 * HOUR;
    const job = await toolOk(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "lower case",
      run_at: lowerCase(runAt),
    });
    assert.equal(job.run_at, new Date(runAt).toISOString());
    const changed = await toolOk(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: lowerCase(runAt + 3 * HOUR),
    });
    assert.equal(changed.run_at, new Date(runAt + 3 * HOUR).toISOString());
    await toolError(client, "change_scheduled", {
      job_id: job.job_id,
      run_at: new Date(runAt).toISOString().replace("T", " "),
    }, "bad_request");
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("the OpenAPI document's run_at pattern takes a lower-case t and z", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const text = JSON.stringify(doc.paths["/api/jobs"].post.requestBody);
    const patterns = [
      ...text.matchAll(/"run_at":\{[^}]*"pattern":"((?:[^"\\]|\\.)*)"/g),
    ]
      .map((m) => new RegExp(JSON.parse(`"${m[1]}"`)));
    assert.ok(patterns.length > 0, "run_at has a pattern");
    for (const pattern of patterns) {
      assert.ok(pattern.test("2026-12-06t12:00:00z"));
      assert.ok(pattern.test("2026-12-06T12:00:00.5+01:00"));
      assert.ok(!pattern.test("2026-12-06 12:00:00Z"));
    }
  } finally {
    await server.close();
  }
});
