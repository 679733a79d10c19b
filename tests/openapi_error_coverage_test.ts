/**
 * The error lists of the OpenAPI document are complete. Every documented
 * operation, sent generic bad requests over loopback (no key; a malformed,
 * unknown, revoked or expired key; a body over the limit; a cross-site
 * cookie write; malformed, mistyped or empty JSON; unknown ids; invalid
 * documented headers and query values), answers only codes it documents,
 * each at the status it documents it under. Every error code the API's
 * contract names (docs/api.md#error-codes) is on some operation. Strict
 * mode (on in every test server) reports a code an operation does not
 * document, without changing the answer.
 */
import assert from "node:assert/strict";
import { apiClientFor } from "./_helpers/api_client.ts";
import { z } from "zod";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { issueKeyFromDashboard, signIn } from "./_helpers/sandbox_sign_in.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { MAX_JSON_BODY_BYTES } from "../lib/http/api_app.ts";
import { AppError } from "../lib/errors.ts";
import { PLANS } from "../lib/plans.ts";
import type { Manifest, RouteModule } from "../lib/http/app_types.ts";
import type { RouteDocs } from "../lib/http/openapi/route_docs.ts";
import manifest from "../fresh.gen.ts";

/** The part of a JSON Schema the probes read. */
interface Schema {
  type?: string;
  format?: string;
  const?: unknown;
  enum?: unknown[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
}

/** One operation of the served document. */
interface Operation {
  /** `POST /api/jobs` */
  name: string;
  method: string;
  path: string;
  public: boolean;
  /** Each documented error code with the status it is documented under. */
  codes: Map<string, number>;
  bodies: Schema[];
  pathParams: string[];
  query: string[];
  headers: string[];
}

interface Outcome {
  op: Operation;
  probe: string;
  status: number;
  /** The error code, "" for a success, or what was wrong with the envelope. */
  code: string;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** A ULID that was never issued. */
const UNKNOWN_ID = "01HZZZZZZZZZZZZZZZZZZZZZZZ";
const UNKNOWN_PARAM: Record<string, string> = {
  domain: "never-added.example.com",
};
const MALFORMED_PARAMS = ["not an id!", "x".repeat(600), "..%2F..", "%00"];

type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

function operationsOf(doc: Doc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as {
        security?: unknown[];
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        responses: Record<string, {
          content?: Record<string, {
            schema: { properties?: { error?: { enum?: string[] } } };
          }>;
        }>;
      };
      const codes = new Map<string, number>();
      for (const [status, response] of Object.entries(op.responses)) {
        const listed = response.content?.["application/json"]?.schema
          .properties?.error?.enum ?? [];
        for (const code of listed) codes.set(code, Number(status));
      }
      const schema = op.requestBody?.content["application/json"].schema;
      const params = (where: string) =>
        (op.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);
      ops.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        public: Array.isArray(op.security) && op.security.length === 0,
        codes,
        bodies: schema ? schema.oneOf ?? [schema] : [],
        pathParams: params("path"),
        query: params("query"),
        headers: params("header"),
      });
    }
  }
  return ops;
}

/** The operation's URL with each path parameter set by `value`. */
function urlOf(
  server: TestServer,
  op: Operation,
  value: (param: string) => string = (p) => UNKNOWN_PARAM[p] ?? UNKNOWN_ID,
  query = "",
): string {
  const path = op.path.replace(
    /\{(\w+)\}/g,
    (_, name: string) => encodeURIComponent(value(name)),
  );
  return `${server.url}${path}${query}`;
}

/** Sends one request and reads its answer down to the error code. */
async function send(
  op: Operation,
  probe: string,
  url: string,
  init: RequestInit = {},
): Promise<Outcome> {
  const res = await fetch(url, { method: op.method, ...init });
  const text = await res.text();
  if (res.status < 400) return { op, probe, status: res.status, code: "" };
  let code = "(not a JSON error envelope)";
  try {
    const body = JSON.parse(text);
    if (body.ok === false && typeof body.error === "string") code = body.error;
  } catch {
    // Stays flagged as not an envelope.
  }
  return { op, probe, status: res.status, code };
}

/**
 * Answers a generic bad request must not give: a code the operation does
 * not document, a status other than the documented one, or a crash.
 */
function problems(outcomes: Outcome[]): string[] {
  return outcomes.flatMap(({ op, probe, status, code }) => {
    if (status < 400) return [];
    const documented = op.codes.get(code);
    if (code === "internal_error") {
      return [`${op.name} [${probe}]: crashed with 500 internal_error`];
    }
    if (documented === undefined) {
      return [`${op.name} [${probe}]: ${status} ${code} is not documented`];
    }
    return documented === status ? [] : [
      `${op.name} [${probe}]: ${code} answered ${status}, documented ${documented}`,
    ];
  });
}

/** The answers of `outcomes` as `METHOD path code`, for exact expectations. */
function codesOf(outcomes: Outcome[]): string[] {
  return outcomes.map((o) => `${o.op.name} ${o.code || o.status}`);
}

/** A body the schema accepts in shape, with unknown ids and files in it. */
function sample(
  schema: Schema,
  fill: { fileUrl: string; runAt: string },
  name = "",
): unknown {
  if (schema.oneOf) return sample(schema.oneOf[0], fill, name);
  if ("const" in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case "object":
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [
          key,
          sample(schema.properties?.[key] ?? {}, fill, key),
        ]),
      );
    case "array":
      return [];
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    default:
      if (schema.format === "uri") return fill.fileUrl;
      if (schema.format === "date-time") return fill.runAt;
      return name.endsWith("_id") ? UNKNOWN_ID : "probe";
  }
}

/** The schema with every property required, so sample() fills them all. */
function allRequired(schema: Schema): Schema {
  return { ...schema, required: Object.keys(schema.properties ?? {}) };
}

Deno.test("every documented operation answers generic bad requests only with codes it documents, at their documented statuses", async (t) => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const ops = operationsOf(doc);
    assert.ok(ops.length >= 20, `only ${ops.length} operations documented`);
    const secured = ops.filter((op) => !op.public);
    const unsafe = ops.filter((op) => UNSAFE.has(op.method));
    const withBody = ops.filter((op) => op.bodies.length > 0);
    const withParams = ops.filter((op) => op.pathParams.length > 0);

    const { jar } = await signIn(server, "coverage_user", "free");
    const revoked = String(
      (await issueKeyFromDashboard(server, jar)).body.api_key,
    );
    const key = String((await issueKeyFromDashboard(server, jar)).body.api_key);
    const auth = { Authorization: `Bearer ${key}` };
    const json = { ...auth, "Content-Type": "application/json" };

    await t.step(
      "without an API key: 401 unauthorized (the public document answers 200)",
      async () => {
        const out = [];
        for (const op of ops) {
          out.push(await send(op, "no key", urlOf(server, op)));
        }
        assert.deepEqual(problems(out), []);
        assert.deepEqual(
          codesOf(out),
          ops.map((op) => `${op.name} ${op.public ? 200 : "unauthorized"}`),
        );
      },
    );

    await t.step(
      "with a malformed, an unknown or a revoked API key: 401 unauthorized",
      async () => {
        const keys = {
          "malformed key": "Bearer not-a-pm3k-key",
          "unknown key": `Bearer pm3k_${"A".repeat(43)}`,
          "revoked key": `Bearer ${revoked}`,
          "non-Bearer scheme": `Basic ${key}`,
        };
        for (const [probe, authorization] of Object.entries(keys)) {
          const out = [];
          for (const op of secured) {
            out.push(
              await send(op, probe, urlOf(server, op), {
                headers: { Authorization: authorization },
              }),
            );
          }
          assert.deepEqual(problems(out), [], probe);
          assert.deepEqual(
            codesOf(out),
            secured.map((op) => `${op.name} unauthorized`),
            probe,
          );
        }
      },
    );

    await t.step(
      "a body over 64 KiB: 413 payload_too_large on every operation that takes one",
      async () => {
        const big = JSON.stringify({ title: "x".repeat(MAX_JSON_BODY_BYTES) });
        const out = [];
        for (const op of unsafe) {
          out.push(
            await send(op, "oversized body", urlOf(server, op), {
              headers: json,
              body: big,
            }),
          );
        }
        assert.deepEqual(problems(out), []);
        assert.deepEqual(
          codesOf(out),
          unsafe.map((op) => `${op.name} payload_too_large`),
        );
      },
    );

    await t.step(
      "a dashboard cookie writing from another site: 403 csrf_rejected",
      async () => {
        const out = [];
        for (const op of unsafe.filter((op) => !op.public)) {
          out.push(
            await send(op, "cross-site cookie write", urlOf(server, op), {
              headers: {
                Cookie: jar.header(),
                Origin: "https://evil.example",
                "Content-Type": "application/json",
              },
              body: "{}",
            }),
          );
        }
        assert.deepEqual(problems(out), []);
        assert.deepEqual(
          codesOf(out),
          unsafe.filter((op) => !op.public).map((op) =>
            `${op.name} csrf_rejected`
          ),
        );
      },
    );

    await t.step(
      "malformed JSON, a non-JSON type and bodies of the wrong shape: 415 and 400 bad_request",
      async () => {
        const probes: [string, Record<string, string>, string, string][] = [
          ["malformed JSON", json, '{"title": "x",', "bad_request"],
          ["JSON null", json, "null", "bad_request"],
          ["JSON array", json, "[]", "bad_request"],
          ["JSON string", json, '"probe"', "bad_request"],
          ["empty object", json, "{}", "bad_request"],
          ["empty body", json, "", "bad_request"],
          [
            "text/plain body",
            { ...auth, "Content-Type": "text/plain" },
            "title=x",
            "unsupported_media_type",
          ],
        ];
        for (const [probe, headers, body, expected] of probes) {
          const out = [];
          for (const op of unsafe.filter((op) => !op.public)) {
            out.push(
              await send(op, probe, urlOf(server, op), { headers, body }),
            );
          }
          assert.deepEqual(problems(out), [], probe);
          // Where the document promises a JSON body, this one is refused.
          assert.deepEqual(
            codesOf(out.filter((o) => o.op.bodies.length > 0)),
            withBody.map((op) => `${op.name} ${expected}`),
            probe,
          );
        }
      },
    );

    await t.step(
      "a well-formed unknown id in the path: 404 not_found; malformed ids: documented codes only",
      async () => {
        const out = [];
        for (const op of withParams) {
          out.push(
            await send(op, "unknown id", urlOf(server, op), {
              headers: op.bodies.length ? json : auth,
              // A body its schema takes (PATCH /api/jobs/{id} needs a
              // field), so the unknown id is what is refused.
              body: op.bodies.length
                ? JSON.stringify(sample(allRequired(op.bodies[0]), {
                  fileUrl:
                    `${server.deps.config.filesBaseUrl}/uploads/never/probe.mp4`,
                  runAt: new Date(server.clock.now() + 3600_000).toISOString(),
                }))
                : undefined,
            }),
          );
        }
        assert.deepEqual(problems(out), []);
        assert.deepEqual(
          codesOf(out),
          withParams.map((op) => `${op.name} not_found`),
        );
        const malformed = [];
        for (const op of withParams) {
          for (const value of MALFORMED_PARAMS) {
            malformed.push(
              await send(
                op,
                `id ${value.slice(0, 12)}`,
                urlOf(server, op, () => value),
                { headers: auth },
              ),
            );
          }
        }
        assert.deepEqual(problems(malformed), []);
        assert.ok(
          malformed.every((o) => o.status >= 400),
          codesOf(malformed.filter((o) => o.status < 400)).join("\n"),
        );
      },
    );

    await t.step(
      "bodies shaped like the documented schema, with unknown ids and files: documented codes only",
      async () => {
        const fill = {
          fileUrl: `${server.deps.config.filesBaseUrl}/uploads/never/probe.mp4`,
          runAt: new Date(server.clock.now() + 3600_000).toISOString(),
        };
        const out = [];
        for (const op of withBody) {
          for (const [i, schema] of op.bodies.entries()) {
            out.push(
              await send(op, `schema body ${i}`, urlOf(server, op), {
                headers: json,
                body: JSON.stringify(sample(schema, fill)),
              }),
            );
          }
        }
        assert.deepEqual(problems(out), []);
        // The bodies are refused past schema validation, for a reason of
        // their own (an unknown id, file or domain), never for their shape.
        assert.ok(out.some((o) => o.code === "not_found"), codesOf(out).join());
      },
    );

    await t.step(
      "invalid documented headers and query values: 400 bad_request",
      async () => {
        const out = [];
        for (const op of ops.filter((op) => op.headers.length)) {
          for (const name of op.headers) {
            for (const value of ["x".repeat(300), "é", "probe-key"]) {
              out.push(
                await send(
                  op,
                  `${name}: ${value.slice(0, 8)}`,
                  urlOf(server, op),
                  {
                    headers: { ...json, [name]: value },
                    body: "{}",
                  },
                ),
              );
            }
          }
        }
        for (const op of ops.filter((op) => op.query.length)) {
          for (const name of op.query) {
            for (const value of ["", "-1", "abc", "x".repeat(600)]) {
              const query = `?${name}=${encodeURIComponent(value)}`;
              out.push(
                await send(
                  op,
                  `${name}=${value.slice(0, 8)}`,
                  urlOf(server, op, undefined, query),
                  {
                    headers: auth,
                  },
                ),
              );
            }
          }
        }
        assert.ok(out.length > 0, "no operation documents a header or a query");
        assert.deepEqual(problems(out), []);
        // Every operation with such parameters refuses some invalid value.
        const refusing = new Set(
          out.filter((o) => o.code === "bad_request").map((o) => o.op.name),
        );
        assert.deepEqual(
          [...refusing].sort(),
          [...new Set(out.map((o) => o.op.name))].sort(),
        );
      },
    );

    await t.step("with an expired API key: 401 key_expired", async () => {
      server.clock.advance((PLANS.free.apiKeyLifetimeDays + 1) * 86_400_000);
      const out = [];
      for (const op of secured) {
        out.push(
          await send(op, "expired key", urlOf(server, op), { headers: auth }),
        );
      }
      assert.deepEqual(problems(out), []);
      assert.deepEqual(
        codesOf(out),
        secured.map((op) => `${op.name} key_expired`),
      );
    });
  } finally {
    await server.close();
  }
});

/**
 * The error codes the API's contract names, with their status
 * (docs/api.md#error-codes): the one the contract states for the
 * anti-spam, limit and status-limit errors, else PM3K's (lib/errors.ts).
 */
const CONTRACT_ERRORS: Record<string, number> = {
  bad_request: 400,
  too_few_images: 400,
  too_many_images: 400,
  cover_out_of_range: 400,
  unsupported_image_type: 400,
  image_too_large: 400,
  image_too_large_px: 400,
  content_length_required: 400,
  domain_not_verified: 400,
  links_forbidden: 400,
  forbidden_word: 400,
  video_duplicate: 400,
  caption_duplicate_account: 400,
  caption_global_spam: 400,
  rate_limit_status: 429,
  status_cooldown: 429,
  hourly_limit_status: 429,
  daily_limit: 429,
  interval_limit: 429,
  tiktok_rate_limit: 429,
  tiktok_cooldown: 429,
  tiktok_error: 502,
  proxy_error: 502,
};

Deno.test("every error code of the contract is documented on at least one operation, at its status", async () => {
  const server = await startTestServer();
  try {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const ops = operationsOf(doc);
    const missing = Object.entries(CONTRACT_ERRORS).filter(([code, status]) =>
      !ops.some((op) => op.codes.get(code) === status)
    ).map(([code, status]) => `${code} (${status})`);
    assert.deepEqual(missing, []);
    // The posting errors are on both ways to post.
    for (const name of ["POST /api/tiktok/direct_post", "POST /api/jobs"]) {
      const op = ops.find((o) => o.name === name)!;
      const posting = Object.keys(CONTRACT_ERRORS).filter((code) =>
        !/status/.test(code) && !op.codes.has(code)
      );
      assert.deepEqual(posting, [], name);
    }
  } finally {
    await server.close();
  }
});

/** The real manifest plus a documented route that throws a code it omits. */
const omittingManifest: Manifest = {
  ...manifest,
  routes: {
    ...manifest.routes,
    "./routes/api/probe/[id].ts": {
      handler: {
        GET() {
          throw new AppError("conflict", "A conflict the docs do not list.");
        },
      },
      docs: {
        GET: {
          summary: "Documents not_found and the shared codes, not conflict",
          response: z.object({ ok: z.literal(true) }),
        },
      } satisfies RouteDocs,
    } as RouteModule,
    "./routes/api/probe/fields.ts": {
      handler: {
        GET() {
          throw new AppError("conflict", "A conflict with fields.", {
            // job_id is documented for conflict everywhere; state only on
            // /api/jobs/{id}; surprise nowhere.
            extra: { job_id: "j1", state: "posted", surprise: 1 },
          });
        },
      },
      docs: {
        GET: {
          summary: "Documents conflict, not all of its fields here",
          response: z.object({ ok: z.literal(true) }),
          errors: ["conflict"],
        },
      } satisfies RouteDocs,
    } as RouteModule,
  },
};

async function keyFor(server: TestServer): Promise<string> {
  return (await apiClientFor(server, "strict_user")).key;
}

Deno.test("strict mode: an undocumented error code still reaches the client, is logged as an error, and makes close() throw", async () => {
  const server = await startTestServer({ manifest: omittingManifest });
  let closed = false;
  try {
    const auth = { Authorization: `Bearer ${await keyFor(server)}` };
    await assertJsonError(
      await fetch(`${server.url}/api/probe/x`, { headers: auth }),
      409,
      "conflict",
    );
    // Documented codes, unknown paths and wrong methods are not reported.
    await assertJsonError(
      await fetch(`${server.url}/api/probe/x`),
      401,
      "unauthorized",
    );
    await assertJsonError(
      await fetch(`${server.url}/api/probe/x/y`, { headers: auth }),
      404,
      "not_found",
    );
    await assertJsonError(
      await fetch(`${server.url}/api/probe/x`, {
        method: "DELETE",
        headers: auth,
      }),
      405,
      "method_not_allowed",
    );
    assert.deepEqual(server.undocumentedErrors, [
      { method: "GET", route: "/api/probe/:id", code: "conflict" },
    ]);
    const logged = server.logs.filter((l) =>
      l.message === "undocumented error"
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0].level, "error");
    assert.equal(logged[0].code, "conflict");
    assert.equal(logged[0].path, "/api/probe/x");
    closed = true;
    await assert.rejects(
      server.close(),
      /Undocumented API errors[^]*GET \/api\/probe\/:id conflict/,
    );
  } finally {
    if (!closed) await server.close().catch(() => {});
  }
});

Deno.test("strict mode judges an answer by the route that gave it: GET /api/uploads/from_url's 405 is not GET /api/uploads/{id}'s", async () => {
  const server = await startTestServer();
  try {
    const auth = { Authorization: `Bearer ${await keyFor(server)}` };
    for (const method of ["GET", "DELETE"]) {
      await assertJsonError(
        await fetch(`${server.url}/api/uploads/from_url`, {
          method,
          headers: auth,
        }),
        405,
        "method_not_allowed",
      );
    }
    assert.deepEqual(server.undocumentedErrors, []);
  } finally {
    await server.close();
  }
});

Deno.test("strict mode: a documented error code with a field the document does not give it there is reported, and close() throws", async () => {
  const server = await startTestServer({ manifest: omittingManifest });
  let closed = false;
  try {
    const auth = { Authorization: `Bearer ${await keyFor(server)}` };
    const body = await assertJsonError(
      await fetch(`${server.url}/api/probe/fields`, { headers: auth }),
      409,
      "conflict",
    );
    assert.equal(body.surprise, 1, "the answer itself is unchanged");
    assert.deepEqual(server.undocumentedErrors, [
      {
        method: "GET",
        route: "/api/probe/fields",
        code: "conflict",
        fields: ["state", "surprise"],
      },
    ]);
    const logged = server.logs.filter((l) =>
      l.message === "undocumented error fields"
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0].level, "error");
    closed = true;
    await assert.rejects(
      server.close(),
      /GET \/api\/probe\/fields conflict with fields state, surprise/,
    );
  } finally {
    if (!closed) await server.close().catch(() => {});
  }
});

Deno.test("without strict mode the same undocumented error answers the same and nothing is reported", async () => {
  const server = await startTestServer({
    manifest: omittingManifest,
    strictDocumentedAnswers: false,
  });
  try {
    const auth = { Authorization: `Bearer ${await keyFor(server)}` };
    const body = await assertJsonError(
      await fetch(`${server.url}/api/probe/x`, { headers: auth }),
      409,
      "conflict",
    );
    assert.equal(body.message, "A conflict the docs do not list.");
    assert.deepEqual(server.undocumentedErrors, []);
    assert.ok(!server.logs.some((l) => l.message === "undocumented error"));
  } finally {
    await server.close();
  }
});
