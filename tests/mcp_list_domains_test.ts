/**
 * MCP's list_domains (docs/mcp.md#media): the account's domains, read
 * only, so an agent whose post was refused with domain_not_verified can
 * tell the user which domains are verified and why one is not, without
 * the verification token REST's `GET /api/domains` shows. Driven by the
 * official SDK's client over HTTP against a loopback source.
 */
import assert from "node:assert/strict";
import { mcpClient, toolError, toolOk as ok } from "./_helpers/mcp_client.ts";
import type { CallToolResult, ListToolsResult } from "./_helpers/mcp_client.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, verifySource } from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";

Deno.test("MCP list_domains lists the account's domains, verified or why not, never their verification token", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  const me = await posterFor(server, "mcp_domains");
  const client = await mcpClient(server, me.key);
  try {
    const { tools } = await client.listTools() as ListToolsResult;
    const listed = tools.find((t) => t.name === "list_domains");
    assert.ok(listed, "list_domains is listed");
    assert.deepEqual(listed.inputSchema.properties ?? {}, {});
    assert.equal(listed.annotations?.readOnlyHint, true);
    assert.match(String(listed.description), /domain_not_verified/);
    assert.deepEqual((await ok(client, "list_domains")).domains, []);

    // One domain whose file holds the wrong text, one verified.
    const port = new URL(source.origin).port;
    const other = `localhost:${port}`;
    const added = await me.json("POST", "/api/domains", { domain: other });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    source.verifyText = "not the text";
    const failed = await me.json(
      "POST",
      `/api/domains/${encodeURIComponent(other)}/verify`,
    );
    assert.notEqual(failed.status, 200);
    await verifySource(me, source);

    // A post from the unverified one is refused; list_domains says why.
    await toolError(client, "post_video", {
      source_url: `http://${other}/video.mp4`,
      title: "from a domain not verified",
      privacy: "SELF_ONLY",
    }, "domain_not_verified");
    const result = await client.callTool({
      name: "list_domains",
      arguments: {},
    }) as CallToolResult;
    assert.ok(!result.isError, JSON.stringify(result.content));
    const domains = (result.structuredContent as {
      domains: Record<string, unknown>[];
    }).domains;
    assert.deepEqual(domains.map((d) => [d.domain, d.verified]), [
      [source.host, true],
      [other, false],
    ]);
    for (const d of domains) {
      assert.deepEqual(Object.keys(d), [
        "domain",
        "verified",
        "verified_at",
        "last_error",
        "last_checked_at",
      ]);
    }
    assert.ok(domains[0].verified_at);
    assert.equal(domains[0].last_error, null);
    assert.equal(domains[1].verified_at, null);
    assert.ok(domains[1].last_checked_at);
    assert.match(
      String(domains[1].last_error),
      /^pm3k-verify\.txt does not contain the expected text \(the dashboard shows the text to put in the file\)$/,
    );
    // REST shows each token; the tool's answer, text included, none.
    const rest = await assertJsonOk(await me.call("GET", "/api/domains"));
    const tokens = (rest.domains as { token: string }[]).map((d) => d.token);
    assert.equal(tokens.length, 2);
    const said = JSON.stringify(result);
    for (const token of tokens) assert.ok(!said.includes(token), said);

    await toolError(client, "list_domains", { domain: other }, "bad_request");
  } finally {
    await client.close();
    await source.close();
    await server.close();
  }
});
