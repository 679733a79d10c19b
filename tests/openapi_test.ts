/**
 * The OpenAPI 3.1 document: valid for a maintained validator, generated
 * from the request schemas, and covering exactly the API's routes.
 */
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startTestServer } from "./_helpers/test_server.ts";
import { routePathFromFile } from "../lib/http/file_routes.ts";
import manifest from "../fresh.gen.ts";
import type { RouteModule } from "../lib/http/app_types.ts";

Deno.test("GET /api/openapi.json is a valid OpenAPI 3.1 document, public, with the Bearer scheme", async () => {
  const server = await startTestServer();
  try {
    const res = await fetch(`${server.url}/api/openapi.json`);
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get("content-type"),
      "application/json; charset=UTF-8",
    );
    const doc = await res.json();
    const result = await new Validator().validate(doc);
    assert.equal(
      result.valid,
      true,
      JSON.stringify(result.errors, null, 1)?.slice(0, 2000),
    );
    assert.equal(doc.openapi, "3.1.0");
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
      type: "http",
      scheme: "bearer",
      description: doc.components.securitySchemes.bearerAuth.description,
    });
    const post = doc.paths["/api/tiktok/direct_post"].post;
    assert.equal(
      post.requestBody.content["application/json"].schema.oneOf.length,
      2,
    );
    assert.deepEqual(
      post.responses["429"].content["application/json"].schema.properties.error
        .enum.sort(),
      [
        "daily_limit",
        "ingest_limit",
        "interval_limit",
        "tiktok_cooldown",
        "tiktok_inbox_full",
        "tiktok_rate_limit",
      ],
    );
    assert.ok(post.responses["400"].description.includes("links_forbidden"));
    assert.ok(
      post.parameters.some((p: { name: string }) =>
        p.name === "Idempotency-Key"
      ),
    );
    const status = doc.paths["/api/tiktok/status"].post;
    assert.deepEqual(
      status.requestBody.content["application/json"].schema.required,
      ["publish_id"],
    );
    assert.ok(doc.paths["/api/jobs/{id}"].delete.responses["409"]);
  } finally {
    await server.close();
  }
});

Deno.test("every API route of the app is in the document and every documented operation exists", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const documented = Object.entries(
      doc.paths as Record<string, Record<string, unknown>>,
    )
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
      ).sort();
    const registered = Object.entries(manifest.routes).flatMap(
      ([file, mod]) => {
        const path = routePathFromFile(file);
        if (!path?.startsWith("/api/")) return [];
        return Object.keys((mod as RouteModule).handler ?? {}).map((m) =>
          `${m} ${path.replace(/:(\w+)/g, "{$1}")}`
        );
      },
    ).sort();
    assert.deepEqual(documented, registered);
    // And each documented operation answers something other than 404/405 on the real server.
    for (const op of documented) {
      const [method, path] = op.split(" ");
      const res = await fetch(`${server.url}${path.replace(/\{\w+\}/g, "x")}`, {
        method,
      });
      await res.body?.cancel();
      assert.notEqual(res.status, 405, op);
      if (!path.includes("{")) assert.notEqual(res.status, 404, op);
    }
  } finally {
    await server.close();
  }
});

Deno.test("two apps in one process each describe their own server", async () => {
  const a = await startTestServer();
  const b = await startTestServer();
  try {
    for (const server of [a, b, a]) {
      const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
      assert.equal(doc.servers[0].url, server.url);
    }
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("the document gives Retry-After to 429, 503 and the 409 idempotency_in_progress, not to other 409s", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const answers = (path: string, method: string) =>
      doc.paths[path][method].responses as Record<
        string,
        { description: string; headers?: Record<string, unknown> }
      >;
    const post = answers("/api/tiktok/direct_post", "post");
    assert.match(post["409"].description, /idempotency_in_progress/);
    assert.ok(post["409"].headers?.["Retry-After"], "409 of direct_post");
    assert.ok(post["429"].headers?.["Retry-After"], "429 of direct_post");
    assert.ok(post["503"].headers?.["Retry-After"], "503 of direct_post");
    const conflicts = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { responses?: object }>)
        .map(([method]) => answers(path, method)["409"])
        .filter((r) => r && !/idempotency_in_progress/.test(r.description))
    );
    assert.ok(conflicts.length > 0, "other operations answer 409 too");
    for (const r of conflicts) assert.equal(r.headers, undefined);
  } finally {
    await server.close();
  }
});

Deno.test("the reference groups every operation under a known tag, the tags in the documented order (docs/api.md#openapi-document-and-reference)", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const order = [
      "Uploads",
      "Posting",
      "Status & posts",
      "Scheduling (jobs)",
      "Account & limits",
      "Albums",
      "Domains",
      "Webhooks",
      "Reference",
    ];
    assert.deepEqual(
      (doc.tags as { name: string }[]).map((t) => t.name),
      order,
    );
    for (const tag of doc.tags as { description: string }[]) {
      assert.ok(tag.description.length > 0);
    }
    // Paths come group by group, so Swagger UI reads in that order.
    let last = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (
        const [method, op] of Object.entries(
          ops as Record<string, { tags?: string[] }>,
        )
      ) {
        assert.equal(op.tags?.length, 1, `${method} ${path}`);
        const at = order.indexOf(op.tags![0]);
        assert.ok(at >= 0, `${method} ${path}: ${op.tags}`);
        assert.ok(at >= last, `${method} ${path} after ${order[last]}`);
        last = at;
      }
    }
    const first = Object.entries(doc.paths)[0];
    assert.equal(first[0], "/api/uploads");
    assert.deepEqual(doc.paths["/api/jobs"].post.tags, ["Scheduling (jobs)"]);
    assert.deepEqual(doc.paths["/api/album/retain"].post.tags, ["Albums"]);
  } finally {
    await server.close();
  }
});
