/**
 * PM3K's MCP tools as an n8n AI Agent gets them, in a real n8n (installed
 * by tests/n8n/install_n8n.sh; ignored when it is not there): n8n's "MCP
 * Client Tool" node connects to `/mcp` with the API key, turns every tool's
 * input schema into its own validator, and hands the agent a toolkit. Here
 * n8n's "Tool Executor" node calls a tool of that toolkit as the agent
 * would, with the arguments a model would send; only the model is missing
 * (docs/mcp.md#n8n-ai-agents). n8n's standalone "MCP Client" node, one
 * tool call as a workflow step, is run too.
 */
import assert from "node:assert/strict";
import { startTestServer } from "../_helpers/test_server.ts";
import type { TestServer } from "../_helpers/test_server.ts";
import { posterFor, publishAtTikTok } from "../_helpers/posting_setup.ts";
import { startSourceServer } from "../_helpers/source_server.ts";
import { importInto, n8n, n8nInstalled } from "./n8n_cli.ts";
import { node, start } from "./pm3k_node_workflows.ts";

const CREDENTIAL = { id: "pm3kBearer000001", name: "PM3K API key" };
const WORKFLOW_ID = "pm3kAgentTools01";

/** n8n's MCP nodes' parameters reaching `server`'s `/mcp` with the key. */
const mcpConnection = (server: TestServer) => ({
  endpointUrl: `${server.url}/mcp`,
  serverTransport: "httpStreamable",
  authentication: "bearerAuth",
});

/** The execution `n8n execute --rawOutput` printed, or null if none. */
// deno-lint-ignore no-explicit-any
function executionOf(out: string): any {
  const first = out.indexOf("{");
  return first < 0
    ? null
    : JSON.parse(out.slice(first, out.lastIndexOf("}") + 1));
}

/** The agent's n8n: its user folder, with the key as a Bearer credential. */
async function agentN8n(key: string): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "pm3k-n8n-" });
  await importInto(home, "credentials", [{
    ...CREDENTIAL,
    type: "httpBearerAuth",
    data: { token: key },
  }]);
  return home;
}

interface ToolRun {
  /** The run ended without an error. */
  ok: boolean;
  /** What the tool gave the agent: PM3K's JSON answer, parsed. */
  answer: Record<string, unknown> | null;
  /** n8n's output, for messages. */
  out: string;
}

/**
 * Calls PM3K's tool `tool` through n8n's MCP Client Tool, as its agent
 * would with `args`.
 */
async function callAsAgent(
  server: TestServer,
  home: string,
  tool: string,
  args: Record<string, unknown>,
): Promise<ToolRun> {
  await importInto(home, "workflow", {
    id: WORKFLOW_ID,
    name: "PM3K tools for an AI Agent",
    nodes: [
      start(),
      node("PM3K", "@n8n/n8n-nodes-langchain.mcpClientTool", {
        ...mcpConnection(server),
        include: "all",
      }, { typeVersion: 1.2, credentials: { httpBearerAuth: CREDENTIAL } }),
      node("Agent's call", "@n8n/n8n-nodes-langchain.toolExecutor", {
        toolName: tool,
        query: JSON.stringify(args),
      }),
    ],
    connections: {
      Start: { main: [[{ node: "Agent's call", type: "main", index: 0 }]] },
      PM3K: {
        ai_tool: [[{ node: "Agent's call", type: "ai_tool", index: 0 }]],
      },
    },
  });
  const run = await n8n(home, [
    "execute",
    `--id=${WORKFLOW_ID}`,
    "--rawOutput",
  ]);
  const execution = executionOf(run.out);
  const given = execution?.data?.resultData?.runData?.["Agent's call"]?.[0]
    ?.data?.main?.[0]?.[0]?.json;
  return {
    ok: run.code === 0 && execution?.status === "success",
    answer: given === undefined ? null : toolAnswer(given),
    out: run.out,
  };
}

/**
 * The tool's text as PM3K wrote it: n8n gives the agent an MCP result's
 * content list (as JSON text), or the text of a tool error alone.
 */
function toolAnswer(given: unknown): Record<string, unknown> {
  const parsed = typeof given === "string" ? JSON.parse(given) : given;
  const text = Array.isArray(parsed) ? parsed[0].text : parsed;
  return typeof text === "string" ? JSON.parse(text) : text;
}

Deno.test({
  name:
    "n8n's MCP Client Tool loads every PM3K tool and posts a video from a URL with the privacy its agent chose",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const source = await startSourceServer();
    const me = await posterFor(server, "n8n_agent");
    const home = await agentN8n(me.key);
    try {
      const copied = await callAsAgent(server, home, "upload_media_from_url", {
        url: `${source.origin}/video.mp4`,
        idempotency_key: "agent-copy-1",
      });
      assert.ok(copied.ok, copied.out);
      assert.equal(copied.answer?.ok, true, copied.out);
      assert.match(String(copied.answer?.url), /^http:\/\/127\.0\.0\.1/);

      const posted = await callAsAgent(server, home, "post_video", {
        source_url: copied.answer?.url,
        title: "posted by an n8n agent #pm3k",
        privacy: "SELF_ONLY",
        idempotency_key: "agent-post-1",
      });
      assert.ok(posted.ok, posted.out);
      const publishId = posted.answer?.publish_id;
      const publish = await publishAtTikTok(server, publishId);
      assert.equal(publish.openId, me.openId);
      assert.equal(publish.title, "posted by an n8n agent #pm3k");
      assert.equal(publish.privacyLevel, "SELF_ONLY");

      const status = await callAsAgent(server, home, "get_post_status", {
        publish_id: publishId,
      });
      assert.ok(status.ok, status.out);
      assert.equal(status.answer?.ok, true, status.out);
      assert.ok(
        ["pending", "done"].includes(String(status.answer?.state)),
        status.out,
      );
    } finally {
      await source.close();
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "an n8n agent's refused post gets PM3K's error code and message, and TikTok's privacy_level is stopped by the tool's schema before anything posts",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const me = await posterFor(server, "n8n_agent_refused");
    const home = await agentN8n(me.key);
    try {
      const url = await me.uploadVideo();
      const linked = await callAsAgent(server, home, "post_video", {
        source_url: url,
        title: "see https://example.com",
        privacy: "SELF_ONLY",
      });
      assert.equal(linked.answer?.ok, false, linked.out);
      assert.equal(linked.answer?.error, "links_forbidden", linked.out);
      assert.equal(typeof linked.answer?.message, "string");

      // TikTok's name for the field: PM3K's schema allows no other fields,
      // so n8n refuses the call itself, naming it, and nothing is sent.
      const tiktokName = await callAsAgent(server, home, "post_video", {
        source_url: url,
        title: "private, the agent thought",
        privacy_level: "SELF_ONLY",
      });
      assert.equal(tiktokName.ok, false, tiktokName.out);
      assert.match(tiktokName.out, /privacy_level/);
      assert.equal(await me.sandboxPosts(), 0);
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "n8n's standalone MCP Client node gives PM3K's refusal as an ordinary item whose content holds the error body, the run succeeding",
  ignore: !n8nInstalled,
  async fn() {
    const server = await startTestServer();
    const me = await posterFor(server, "n8n_mcp_client");
    const home = await agentN8n(me.key);
    try {
      const url = await me.uploadVideo();
      await importInto(home, "workflow", {
        id: "pm3kMcpClient001",
        name: "PM3K through the MCP Client node",
        nodes: [
          start(),
          node("Post", "@n8n/n8n-nodes-langchain.mcpClient", {
            ...mcpConnection(server),
            tool: { mode: "id", value: "post_video" },
            inputMode: "json",
            jsonInput: JSON.stringify({
              source_url: url,
              title: "see https://example.com",
              privacy: "SELF_ONLY",
            }),
          }, { credentials: { httpBearerAuth: CREDENTIAL } }),
        ],
        connections: {
          Start: { main: [[{ node: "Post", type: "main", index: 0 }]] },
        },
      });
      const run = await n8n(home, [
        "execute",
        "--id=pm3kMcpClient001",
        "--rawOutput",
      ]);
      assert.equal(run.code, 0, run.out);
      const execution = executionOf(run.out);
      assert.equal(execution.status, "success", run.out);
      const [item] = execution.data.resultData.runData.Post[0].data.main[0];
      // n8n parses the text: the refusal is there as PM3K wrote it, so a
      // workflow tells it by an IF on content[0].text.ok (docs/mcp.md).
      const body = item.json.content[0].text;
      assert.equal(body.ok, false, run.out);
      assert.equal(body.error, "links_forbidden", run.out);
      assert.equal(await me.sandboxPosts(), 0);
    } finally {
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
