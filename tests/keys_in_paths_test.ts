/**
 * An API key pasted into a URL's path (`/api/uploads/pm3k_…`, a workflow
 * tool's base URL holding the key) is kept neither in the request log nor
 * in the account's refused-requests log, whose message echoes the id it
 * was given (docs/operations.md#logs): the log promises never a key, and
 * KV otherwise keeps keys only as hashes.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { listApiRefusals } from "../lib/activity/api_refusals.ts";
import { mcpClient, toolError } from "./_helpers/mcp_client.ts";

Deno.test("a key in a URL's path or a tool's id is kept in no log, the request log nor the refused-requests log", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "key_in_path", "free");
    for (
      const path of [
        `/api/uploads/${me.key}`,
        `/api/jobs/${me.key}`,
        `/api/${me.key}/me`,
        `/dashboard/${me.key}`,
      ]
    ) {
      const res = await me.call("GET", path);
      assert.ok(res.status >= 400, `${path}: ${res.status}`);
      await res.body?.cancel();
    }
    const mcp = await mcpClient(server, me.key);
    try {
      await toolError(mcp, "get_scheduled", { job_id: me.key }, "not_found");
    } finally {
      await mcp.close();
    }
    const logged = JSON.stringify(server.logs);
    assert.ok(logged.includes("pm3k_[redacted]"), "the paths were logged");
    assert.ok(!logged.includes(me.key), "no key in the request log");
    const refusals = await listApiRefusals(server.deps, me.openId);
    assert.ok(refusals.length >= 3, JSON.stringify(refusals));
    assert.ok(
      refusals.some((r) => r.message.includes("pm3k_[redacted]")),
      JSON.stringify(refusals),
    );
    for (const r of refusals) {
      assert.ok(!r.message.includes(me.key.slice(0, 25)), r.message);
    }
  } finally {
    await server.close();
  }
});
