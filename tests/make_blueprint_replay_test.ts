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
import { startTestServer } from "./_helpers/test_server.ts";
import { fixture } from "./_helpers/api_client.ts";
import { posterFor, sandboxUser } from "./_helpers/posting_setup.ts";
import { makeModules } from "./_helpers/make_flow.ts";

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
interface MakeModule {
  id: number;
  module: string;
  mapper: Mapper;
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

/** One `{{a.b.c}}` mapping looked up in the bundles; unknown names throw. */
function lookup(path: string, bundles: Bundles): unknown {
  let v: unknown = bundles;
  for (const part of path.trim().split(".")) {
    if (v === null || typeof v !== "object" || !(part in v)) {
      throw new Error(`the blueprint maps {{${path}}}, which Make lacks`);
    }
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A mapped text field, as Make resolves it (a lone mapping keeps its type). */
function resolve(text: string, bundles: Bundles): unknown {
  const lone = /^\{\{([^{}]+)\}\}$/.exec(text);
  if (lone) return lookup(lone[1], bundles);
  return text.replace(
    /\{\{([^{}]+)\}\}/g,
    (_, p) => String(lookup(p, bundles)),
  );
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
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    data: await res.json() as Record<string, unknown>,
  };
}

Deno.test("the Make blueprint's posts of one scenario run each keep their own Idempotency-Key: a refused bundle retried later posts, a retried post never posts twice", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, "make_replay");
    await me.sandbox({ private_account: true });
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
      1: posts[0],
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
  } finally {
    await server.close();
  }
});
