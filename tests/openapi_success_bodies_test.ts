/**
 * Strict mode (on in every test server) also checks success bodies: a 2xx
 * answer of a documented `/api` operation must have the documented status
 * and media type, and a JSON body matching the documented response schema
 * with no field the schema does not name. A mismatch still reaches the
 * client unchanged, is logged as an error, and makes `close()` throw; with
 * strict mode off nothing is checked, recorded or even registered.
 */
import assert from "node:assert/strict";
import { apiClientFor } from "./_helpers/api_client.ts";
import { z } from "zod";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { JSON_TYPE } from "./_helpers/http_asserts.ts";
import { jsonOk } from "../lib/http/json_body.ts";
import { AppError } from "../lib/errors.ts";
import {
  enableStrictDocumentedAnswers,
  strictAnswersCheck,
} from "../lib/http/openapi/documented_answers.ts";
import type {
  AppContext,
  Manifest,
  RouteModule,
} from "../lib/http/app_types.ts";
import type { RouteDocs } from "../lib/http/openapi/route_docs.ts";
import manifest from "../fresh.gen.ts";

/** The response every probe route documents. */
const ProbeResponse = z.object({
  ok: z.literal(true),
  count: z.number().int(),
  items: z.array(z.object({ id: z.string(), note: z.string().optional() })),
  extra: z.record(z.string(), z.unknown()),
});

const GOOD = {
  count: 2,
  items: [{ id: "a" }, { id: "b", note: "x" }],
  extra: { anything: [1, "two"] },
};

/** A documented GET route at `/api/probe/<name>` answering with `answer`. */
function probe(answer: (c: AppContext) => Response): RouteModule {
  return {
    handler: { GET: answer },
    docs: {
      GET: { summary: "A success-body probe", response: ProbeResponse },
    } satisfies RouteDocs,
  } as RouteModule;
}

/** The real manifest plus probes answering right and wrong successes. */
const probeManifest: Manifest = {
  ...manifest,
  routes: {
    ...manifest.routes,
    "./routes/api/probe/good.ts": probe((c) => jsonOk(c, GOOD)),
    "./routes/api/probe/wrong_type.ts": probe((c) =>
      jsonOk(c, { ...GOOD, count: "2" })
    ),
    "./routes/api/probe/missing_field.ts": probe((c) =>
      jsonOk(c, { count: 2, items: [{ note: "x" }], extra: {} })
    ),
    "./routes/api/probe/extra_keys.ts": probe((c) =>
      jsonOk(c, {
        ...GOOD,
        items: [{ id: "a", secret: "s" }],
        debug: true,
        trace: 1,
      })
    ),
    "./routes/api/probe/null_optional.ts": probe((c) =>
      jsonOk(c, { ...GOOD, items: [{ id: "a", note: null }] })
    ),
    "./routes/api/probe/text.ts": probe((c) => c.text("all good")),
    "./routes/api/probe/empty.ts": probe((c) =>
      c.body(null, 200, { "Content-Type": JSON_TYPE })
    ),
    "./routes/api/probe/created.ts": probe((c) => jsonOk(c, GOOD, 201)),
    // An error answer is not a success: not checked against the schema.
    "./routes/api/probe/[id].ts": probe(() => {
      throw new AppError("not_found", "No such probe.");
    }),
  },
};

/** What each probe answers: status, Content-Type, body text. */
async function answers(
  server: TestServer,
): Promise<Record<string, [number, string | null, string]>> {
  const { key } = await apiClientFor(server, "success_probe_user");
  const out: Record<string, [number, string | null, string]> = {};
  for (
    const name of [
      "good",
      "wrong_type",
      "missing_field",
      "extra_keys",
      "null_optional",
      "text",
      "empty",
      "created",
      "unknown-id",
    ]
  ) {
    const res = await fetch(`${server.url}/api/probe/${name}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    out[name] = [res.status, res.headers.get("content-type"), await res.text()];
  }
  return out;
}

const EXPECTED_ANSWERS: Record<string, [number, string | null, string]> = {
  good: [200, JSON_TYPE, JSON.stringify({ ok: true, ...GOOD })],
  wrong_type: [
    200,
    JSON_TYPE,
    JSON.stringify({ ok: true, ...GOOD, count: "2" }),
  ],
  missing_field: [
    200,
    JSON_TYPE,
    JSON.stringify({ ok: true, count: 2, items: [{ note: "x" }], extra: {} }),
  ],
  extra_keys: [
    200,
    JSON_TYPE,
    JSON.stringify({
      ok: true,
      ...GOOD,
      items: [{ id: "a", secret: "s" }],
      debug: true,
      trace: 1,
    }),
  ],
  null_optional: [
    200,
    JSON_TYPE,
    JSON.stringify({ ok: true, ...GOOD, items: [{ id: "a", note: null }] }),
  ],
  text: [200, "text/plain; charset=UTF-8", "all good"],
  empty: [200, JSON_TYPE, ""],
  created: [201, JSON_TYPE, JSON.stringify({ ok: true, ...GOOD })],
};

Deno.test("strict mode: a success body unlike its documented response still reaches the client, is logged as an error, and makes close() throw", async () => {
  const server = await startTestServer({ manifest: probeManifest });
  let closed = false;
  try {
    const got = await answers(server);
    const { "unknown-id": error, ...successes } = got;
    // Strict mode never changes an answer.
    assert.deepEqual(successes, EXPECTED_ANSWERS);
    assert.equal(error[0], 404);

    const found = server.successMismatches.map((m) =>
      `${m.method} ${m.route} ${m.status}: ${m.problem}`
    );
    assert.equal(found.length, 7, found.join("\n"));
    const [
      wrongType,
      missingField,
      extraKeys,
      nullOptional,
      text,
      empty,
      created,
    ] = found;
    assert.match(
      wrongType,
      /^GET \/api\/probe\/wrong_type 200: count: Invalid input: expected number, received string$/,
    );
    assert.match(
      missingField,
      /^GET \/api\/probe\/missing_field 200: items\.0\.id: .*expected string, received undefined$/,
    );
    assert.equal(
      extraKeys,
      'GET /api/probe/extra_keys 200: (body): undocumented keys "debug", "trace"; items.0: undocumented key "secret"',
    );
    assert.match(
      nullOptional,
      /^GET \/api\/probe\/null_optional 200: items\.0\.note: .*expected string, received null$/,
    );
    assert.equal(
      text,
      "GET /api/probe/text 200: Content-Type text/plain; charset=UTF-8, documented application/json",
    );
    assert.equal(
      empty,
      "GET /api/probe/empty 200: empty body, documented JSON",
    );
    assert.equal(
      created,
      "GET /api/probe/created 201: status 201, documented 200",
    );
    // The error answer and the right body were not reported.
    assert.ok(!found.some((f) => /\/api\/probe\/(good|:id)/.test(f)));
    assert.deepEqual(server.undocumentedErrors, []);

    const logged = server.logs.filter((l) =>
      l.message === "undocumented success body"
    );
    assert.equal(logged.length, 7);
    assert.ok(logged.every((l) => l.level === "error"));
    assert.deepEqual(
      {
        path: logged[0].path,
        route: logged[0].route,
        status: logged[0].status,
      },
      {
        path: "/api/probe/wrong_type",
        route: "/api/probe/wrong_type",
        status: 200,
      },
    );
    closed = true;
    await assert.rejects(
      server.close(),
      /API success bodies unlike their documented response[^]*GET \/api\/probe\/wrong_type 200: count:[^]*GET \/api\/probe\/created 201/,
    );
  } finally {
    if (!closed) await server.close().catch(() => {});
  }
});

Deno.test("without strict mode the same answers are sent, nothing is recorded, and no check is registered", async () => {
  const server = await startTestServer({
    manifest: probeManifest,
    strictDocumentedAnswers: false,
  });
  try {
    const { "unknown-id": error, ...successes } = await answers(server);
    assert.deepEqual(successes, EXPECTED_ANSWERS);
    assert.equal(error[0], 404);
    assert.deepEqual(server.successMismatches, []);
    assert.ok(
      !server.logs.some((l) => l.message === "undocumented success body"),
    );
    // Production's path: createApp gets no middleware for these deps...
    assert.equal(strictAnswersCheck(server.deps), null);
    // ...and strict mode cannot be switched on once the app is built.
    assert.throws(
      () => enableStrictDocumentedAnswers(server.deps, probeManifest),
      /before createApp/,
    );
  } finally {
    await server.close();
  }
});
