/**
 * The Make blueprint (static/examples/make-direct-post.json) replayed as
 * Make's HTTP modules would send it, against a real PM3K over loopback with
 * the TikTok simulator (docs/workflows.md#templates). Make is a hosted
 * service these machines cannot reach: its engine is stood in for by
 * resolving each module's `{{…}}` mappings and sending its headers and body
 * as the module's settings say (a file field of a multipart form holding the
 * bytes of Google Drive's or HTTP's "Download a file" under `data`, with its
 * `fileName`). One scenario run (one `executionId`) carries every bundle its
 * trigger gave; an incomplete execution is retried from the module that
 * failed, with the bundles stored before it.
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./_helpers/test_server.ts";
import { fixture } from "./_helpers/api_client.ts";
import {
  type Poster,
  posterFor,
  sandboxUser,
} from "./_helpers/posting_setup.ts";
import { makeModules } from "./_helpers/make_flow.ts";
import { followDuePublishes } from "../lib/posting/follow_publishes.ts";

interface Mapper {
  url: string;
  method: string;
  headers: { name: string; value: string }[];
  bodyType: string;
  data?: string;
  formDataFields?: {
    key: string;
    fieldType: string;
    data: string;
    fileName: string;
  }[];
}
type Condition = { a: string; o: string; b?: string };
interface MakeModule {
  id: number;
  module: string;
  mapper: Mapper & Record<string, unknown>;
  filter?: { name: string; conditions: Condition[][] };
  routes?: { flow: MakeModule[] }[];
}

const blueprint = JSON.parse(
  await Deno.readTextFile(
    new URL("../static/examples/make-direct-post.json", import.meta.url),
  ),
) as { flow: MakeModule[] };

function moduleById(id: number): MakeModule | undefined {
  for (const m of makeModules(blueprint.flow)) if (m.id === id) return m;
  return undefined;
}

type Bundles = Record<string, unknown>;

const SHIPPED_CAPTION = "My caption without links";

/**
 * One `{{…}}` mapping: a module's output item, a number, or `ifempty(a; b)`.
 * A module the blueprint names but no bundle holds throws (a wrong id); an
 * item missing from a module's output is empty, as Make maps it.
 */
function evaluate(expr: string, bundles: Bundles): unknown {
  const e = expr.trim();
  const ifempty = /^ifempty\((.+);(.+)\)$/.exec(e);
  if (ifempty) {
    const v = evaluate(ifempty[1], bundles);
    return v === undefined || v === null || v === ""
      ? evaluate(ifempty[2], bundles)
      : v;
  }
  if (/^\d+$/.test(e)) return Number(e);
  const [first, ...rest] = e.split(".");
  if (!(first in bundles)) {
    throw new Error(`the blueprint maps {{${e}}}, which Make lacks`);
  }
  let v: unknown = bundles[first];
  for (const part of rest) {
    v = v !== null && typeof v === "object"
      ? (v as Record<string, unknown>)[part]
      : undefined;
  }
  return v;
}

/** A mapped text field, as Make resolves it (a lone mapping keeps its type). */
function resolve(text: string, bundles: Bundles): unknown {
  const lone = /^\{\{([^{}]+)\}\}$/.exec(text);
  if (lone) return evaluate(lone[1], bundles);
  return text.replace(
    /\{\{([^{}]+)\}\}/g,
    (_, p) => String(evaluate(p, bundles) ?? ""),
  );
}

/** One filter condition, with the operators the blueprint uses. */
function holds(c: Condition, bundles: Bundles): boolean {
  const a = resolve(c.a, bundles);
  const b = c.b === undefined ? undefined : resolve(c.b, bundles);
  const empty = a === undefined || a === null || a === "";
  const num = (x: unknown) =>
    x === undefined || x === null || x === "" ? NaN : Number(x);
  switch (c.o) {
    case "exist":
      return !empty;
    case "notexist":
      return empty;
    case "number:equal":
      return num(a) === num(b);
    case "number:notequal":
      return num(a) !== num(b);
    case "number:less":
      return num(a) < num(b);
    case "number:greater":
      return num(a) > num(b);
    case "text:notequal":
      return String(a ?? "") !== String(b ?? "");
    case "boolean:equal":
      return String(a) === String(b);
  }
  throw new Error(`filter operator ${c.o} is not replayed`);
}

/** A filter passes when every condition of one of its groups holds. */
function passes(m: MakeModule, bundles: Bundles): boolean {
  return !m.filter ||
    m.filter.conditions.some((group) => group.every((c) => holds(c, bundles)));
}

/** Sends module `id` as Make's HTTP › Make a request would; its output. */
async function run(base: string, key: string, id: number, bundles: Bundles) {
  const m = moduleById(id)!;
  assert.equal(m.module, "http:ActionSendData");
  const { mapper } = m;
  const headers = new Headers();
  for (const h of mapper.headers) {
    headers.append(
      h.name,
      String(resolve(h.value, bundles)).replace("YOUR_PM3K_API_KEY", key),
    );
  }
  let body: BodyInit;
  if (mapper.bodyType === "multipart_form_data") {
    const form = new FormData();
    for (const f of mapper.formDataFields!) {
      assert.equal(f.fieldType, "file");
      // Make types a file part as a generic binary, whatever its source.
      form.append(
        f.key,
        new File(
          [resolve(f.data, bundles) as Uint8Array<ArrayBuffer>],
          String(resolve(f.fileName, bundles)),
          { type: "application/octet-stream" },
        ),
      );
    }
    body = form;
  } else {
    headers.set(
      "Content-Type",
      (m.mapper as { contentType?: string })
        .contentType ?? "application/json",
    );
    let data = mapper.data!;
    // The builder maps each video's caption in place of the blueprint's
    // literal one (one caption is refused on its second video:
    // caption_duplicate_account), JSON-escaped as docs/workflows.md says.
    if (typeof bundles.caption === "string") {
      data = data.replace(
        JSON.stringify(SHIPPED_CAPTION).slice(1, -1),
        JSON.stringify(bundles.caption).slice(1, -1),
      );
    }
    body = String(resolve(data, bundles));
  }
  const url = new URL(mapper.url);
  const res = await fetch(`${base}${url.pathname}${url.search}`, {
    method: mapper.method.toUpperCase(),
    headers,
    body,
  });
  // Parse response: JSON becomes a collection; anything else (a proxy's
  // HTML page) stays text.
  const text = await res.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch { /* not JSON */ }
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    data: data as Record<string, unknown>,
  };
}

/** What one simulated scenario run did, module by module. */
interface Replay {
  base: string;
  key: string;
  /** Time passing while Make sleeps: the test clock, PM3K's cron meanwhile. */
  wait(ms: number): Promise<void>;
  /** Execution-scoped variables (Tools › Set variable). */
  vars: Record<string, unknown>;
  sent: { id: number; statusCode: number }[];
  slept: number[];
  logged: unknown[];
  finals: unknown[];
}

/**
 * Runs a flow for one bundle as Make's engine would (simulated): a module's
 * filter stops the bundle, a router hands it to each route whose filter
 * passes, a repeater sends each of its bundles through the rest of the
 * flow in turn, a sleep moves the test clock.
 */
async function runFlow(flow: MakeModule[], bundles: Bundles, r: Replay) {
  for (const [i, m] of flow.entries()) {
    if (!passes(m, bundles)) return;
    const map = m.mapper as Record<string, string>;
    switch (m.module) {
      case "http:ActionSendData": {
        const out = await run(r.base, r.key, m.id, bundles);
        r.sent.push({ id: m.id, statusCode: out.statusCode });
        bundles[m.id] = out;
        break;
      }
      case "util:FunctionSleep": {
        const s = Number(resolve(String(map.duration), bundles));
        // Sleep's Delay takes 1 to 300 seconds (make.com/en/help/tools/tools).
        assert.ok(s >= 1 && s <= 300, `Sleep ${s} s`);
        r.slept.push(s);
        await r.wait(s * 1000);
        break;
      }
      case "builtin:BasicRouter":
        for (const route of m.routes!) {
          await runFlow(route.flow, { ...bundles }, r);
        }
        return;
      case "builtin:BasicRepeater": {
        const { start, repeats, step } = m.mapper as unknown as Record<
          string,
          number
        >;
        for (let k = 0; k < repeats; k++) {
          await runFlow(
            flow.slice(i + 1),
            { ...bundles, [m.id]: { i: start + k * step } },
            r,
          );
        }
        return;
      }
      case "util:GetVariable2":
        bundles[m.id] = { [map.name]: r.vars[map.name] };
        break;
      case "util:SetVariable2": {
        const value = resolve(map.value, bundles);
        r.vars[map.name] = value;
        if (map.name === "pm3k_error") r.logged.push(value);
        bundles[m.id] = { [map.name]: value };
        break;
      }
      case "builtin:BasicFeeder":
        r.finals.push(resolve(map.array, bundles));
        break;
      default:
        throw new Error(`module ${m.module} is not replayed`);
    }
  }
}

/** The flow from the post module on (the file and its upload given). */
function fromPost(): MakeModule[] {
  return blueprint.flow.slice(blueprint.flow.findIndex((m) => m.id === 1));
}

function newReplay(base: string, key: string, server: TestServer): Replay {
  return {
    base,
    key,
    // PM3K follows publishes from a cron (simulated: run as the clock moves).
    async wait(ms) {
      server.clock.advance(ms);
      await followDuePublishes(server.deps);
    },
    vars: {},
    sent: [],
    slept: [],
    logged: [],
    finals: [],
  };
}

/**
 * A server of an app TikTok has not audited, with creator `username`
 * signed in on it, whose TikTok account is private (posts go SELF_ONLY),
 * for `fn`; the server closed after.
 */
async function withPrivatePoster(
  username: string,
  fn: (server: TestServer, me: Poster) => Promise<void>,
): Promise<void> {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, username);
    await me.sandbox({ private_account: true });
    await fn(server, me);
  } finally {
    await server.close();
  }
}

Deno.test("the Make blueprint's posts of one scenario run each keep their own Idempotency-Key: a refused bundle retried later posts, a retried post never posts twice", async () => {
  await withPrivatePoster("make_replay", async (server, me) => {
    const files = [
      {
        data: await fixture("portrait.mp4"),
        fileName: "first clip.mp4",
        caption: 'Day 1: "sunrise"',
      },
      {
        data: await fixture("portrait.mp4"),
        fileName: "second clip.mp4",
        caption: "Day 2: sunset",
      },
    ];
    // One run of the scenario: its trigger gave two files, each a bundle
    // going through the same modules under the same executionId.
    const run1 = { var: { scenario: { executionId: "a1b2c3d4e5" } } };
    const stored: Bundles[] = [];
    const posts = [];
    for (const file of files) {
      const bundles: Bundles = { ...run1, 8: file, caption: file.caption };
      const upload = await run(server.url, me.key, 9, bundles);
      assert.equal(upload.statusCode, 200, JSON.stringify(upload.data));
      bundles[9] = upload;
      stored.push(bundles);
      posts.push(await run(server.url, me.key, 1, bundles));
    }
    assert.equal(posts[0].statusCode, 200, JSON.stringify(posts[0].data));
    const status = await run(server.url, me.key, 5, {
      ...stored[0],
      10: posts[0],
    });
    assert.equal(status.statusCode, 200, JSON.stringify(status.data));
    // The second video meets the hour between posts (docs/posting.md), not
    // a key already spent on the first: the answer says when to retry.
    assert.equal(posts[1].statusCode, 429, JSON.stringify(posts[1].data));
    assert.equal(posts[1].data.error, "interval_limit");
    assert.ok(posts[1].headers["retry-after"], "Retry-After is sent");
    // Make retries the incomplete execution from the post module, with the
    // upload's stored output, once the wait is over; a retry is a run of
    // its own, whose executionId need not be the first's.
    server.clock.advance(
      Number(posts[1].headers["retry-after"]) * 1000 + 60_000,
    );
    const later = await run(server.url, me.key, 1, {
      ...stored[1],
      var: { scenario: { executionId: "f6a7b8c9d0" } },
    });
    assert.equal(later.statusCode, 200, JSON.stringify(later.data));
    assert.notEqual(later.data.publish_id, posts[0].data.publish_id);
    // The first post retried (its answer lost to a timeout), under either
    // run's id, is answered again and posts nothing.
    for (const executionId of ["a1b2c3d4e5", "0c9b8a7f6e"]) {
      const again = await run(server.url, me.key, 1, {
        ...stored[0],
        var: { scenario: { executionId } },
      });
      assert.equal(again.statusCode, 200, JSON.stringify(again.data));
      assert.equal(again.headers["idempotent-replayed"], "true");
      assert.equal(again.data.publish_id, posts[0].data.publish_id);
    }
    // TikTok was asked to publish twice: once per video.
    assert.equal((await sandboxUser(server, me.openId)).publishes_started, 2);
  });
});

/** A video's bundles up to the post: the file downloaded, then uploaded. */
async function uploadedBundles(
  server: TestServer,
  key: string,
  fileName: string,
  caption: string,
): Promise<Bundles> {
  const bundles: Bundles = {
    8: { data: await fixture("portrait.mp4"), fileName },
    caption,
  };
  bundles[9] = await run(server.url, key, 9, bundles);
  return bundles;
}

/** How many of the post router's routes an answer of the post module takes. */
function routesTaken(answer: unknown): number {
  const router = moduleById(2)!;
  return router.routes!.filter((rt) => passes(rt.flow[0], { 1: answer }))
    .length;
}

Deno.test("every answer to the Make blueprint's post takes exactly one route: a proxy's HTML error page is logged, not lost", async () => {
  await withPrivatePoster("make_routes", async (server, me) => {
    // A reverse proxy whose upstream is down: nginx's page, no JSON.
    const proxy = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        new Response(
          "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
          { status: 502, headers: { "Content-Type": "text/html" } },
        ),
    );
    try {
      const file = { data: await fixture("portrait.mp4"), fileName: "a.mp4" };
      const bundles: Bundles = { 8: file, caption: "Day 1" };
      bundles[9] = await run(server.url, me.key, 9, bundles);
      const answers = [];
      // PM3K's own answers: posted, refused (a link), an hour to wait.
      answers.push(await run(server.url, me.key, 1, bundles));
      const refused = await run(server.url, me.key, 1, {
        ...bundles,
        9: await run(server.url, me.key, 9, bundles),
        caption: "see https://example.com",
      });
      assert.equal(refused.statusCode, 400, JSON.stringify(refused.data));
      answers.push(refused);
      const later = await run(server.url, me.key, 1, {
        ...bundles,
        9: await run(server.url, me.key, 9, bundles),
        caption: "Day 2",
      });
      assert.equal(later.data.error, "interval_limit");
      answers.push(later);
      for (const a of answers) {
        assert.equal(routesTaken(a), 1, String(a.statusCode));
      }
      // The proxy's page: the run ends in "Log error and stop", saying so.
      const { port } = proxy.addr as Deno.NetAddr;
      const r = newReplay(`http://127.0.0.1:${port}`, me.key, server);
      const html = await run(r.base, me.key, 1, bundles);
      assert.equal(typeof html.data, "string");
      assert.equal(routesTaken(html), 1);
      await runFlow(fromPost(), { ...bundles }, r);
      assert.deepEqual(r.sent, [{ id: 1, statusCode: 502 }]);
      assert.equal(r.logged.length, 1);
      assert.match(String(r.logged[0]), /^HTTP 502/);
    } finally {
      await proxy.shutdown();
    }
  });
});

Deno.test("the Make blueprint waits out a 429's Retry-After, posts once, and stops polling at the final state", async () => {
  await withPrivatePoster("make_wait", async (server, me) => {
    const first = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "Day 1",
      privacy: "SELF_ONLY",
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    // Half a minute short of the hour between posts (docs/posting.md).
    server.clock.advance(59.5 * 60_000);
    const bundles = await uploadedBundles(server, me.key, "b.mp4", "Day 2");
    const r = newReplay(server.url, me.key, server);
    await runFlow(fromPost(), bundles, r);
    assert.deepEqual(r.logged, []);
    // Refused 429 with Retry-After, waited that long, posted.
    assert.deepEqual(r.sent.slice(0, 2), [
      { id: 1, statusCode: 429 },
      { id: 10, statusCode: 200 },
    ]);
    assert.ok(r.slept[0] >= 1 && r.slept[0] <= 31, String(r.slept[0]));
    assert.equal((await sandboxUser(server, me.openId)).publishes_started, 2);
    // Polled until a final state, then no more waits nor /status calls.
    const polls = r.sent.slice(2);
    assert.ok(polls.length >= 1 && polls.length < 20, String(polls.length));
    assert.ok(polls.every((p) => p.id === 5 && p.statusCode === 200));
    assert.equal(r.finals.length, 1);
    assert.equal((r.finals[0] as { state: string }).state, "done");
    assert.equal(r.slept.length, 1 + polls.length);
  });
});

Deno.test("the Make job time in docs/workflows.md, formatted in UTC as Make's formatDate writes it, is taken as run_at", async () => {
  const guide = await Deno.readTextFile(
    new URL("../docs/workflows.md", import.meta.url),
  );
  // The run_at the guide maps: five minutes on, formatted, in UTC.
  const m = /\{\{formatDate\(addMinutes\(now; (\d+)\); ([^;]+); UTC\)\}\}/
    .exec(guide);
  assert.ok(m, "docs/workflows.md formats the job's run_at");
  assert.equal(m[2], "YYYY-MM-DDTHH:mm:ssZ");
  await withPrivatePoster("make_job", async (server, me) => {
    // formatDate's tokens (Make's, moment's) in UTC, simulated: Z is +00:00.
    const at = new Date(server.clock.now() + Number(m[1]) * 60_000);
    const runAt = at.toISOString().replace(/\.\d{3}Z$/, "+00:00");
    const res = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: runAt,
      if_taken: "next_free",
      source_url: await me.uploadVideo(),
      title: "Day 3",
      privacy: "SELF_ONLY",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(Date.parse(String(res.body.run_at)), at.setMilliseconds(0));
  });
});

Deno.test("the Make blueprint polls a video posted at once without posting it again: one request to post, then /status to its end", async () => {
  await withPrivatePoster("make_posted", async (server, me) => {
    const bundles = await uploadedBundles(server, me.key, "c.mp4", "Day 4");
    const r = newReplay(server.url, me.key, server);
    await runFlow(fromPost(), bundles, r);
    assert.deepEqual(r.logged, []);
    // The post, then only polls: no second post, no Retry-After sleep.
    assert.deepEqual(r.sent[0], { id: 1, statusCode: 200 });
    const polls = r.sent.slice(1);
    assert.ok(polls.length >= 1 && polls.length < 20, String(polls.length));
    assert.ok(
      polls.every((p) => moduleById(p.id)!.mapper.url.endsWith("/status")),
      JSON.stringify(r.sent),
    );
    assert.ok(polls.every((p) => p.statusCode === 200));
    assert.deepEqual(r.slept, polls.map(() => 15));
    assert.equal((await sandboxUser(server, me.openId)).publishes_started, 1);
    assert.equal(r.finals.length, 1);
    assert.equal((r.finals[0] as { state: string }).state, "done");
  });
});

Deno.test("the Make blueprint's two polling chains (a post made at once, a post made again) poll alike, each its own post's publish_id", () => {
  const router = moduleById(2)!;
  const chainOf = (route: { flow: MakeModule[] }): MakeModule[] =>
    route.flow.find((m) => m.module === "builtin:BasicRepeater")
      ? route.flow
      : chainOf(route.flow.at(-1)!.routes![0]);
  const [atOnce, again] = [router.routes![0], router.routes![1]].map(chainOf);
  // Make's routes never join again, so the chain is there once per route;
  // told apart only by the module numbers, they are the same modules.
  const numbered = (chain: MakeModule[], post: number) => {
    const ids = new Map(chain.map((m, i) => [m.id, `#${i}`]));
    ids.set(post, "#post");
    // Where the designer draws it and its number aside.
    return JSON.stringify(
      chain.map((m) => ({ ...m, id: 0, metadata: undefined })),
    )
      .replace(/\{\{(\d+)\./g, (_, id) => `{{${ids.get(Number(id))}.`);
  };
  assert.equal(numbered(atOnce, 1), numbered(again, 10));
  assert.match(numbered(atOnce, 1), /\{\{#post\.data\.publish_id\}\}/);
});
