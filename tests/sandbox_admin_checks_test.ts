/**
 * The sandbox's admin endpoint over HTTP, as tests and newcomers call it
 * (docs/sandbox.md#admin-endpoint-and-faults): a fault's option that fault
 * does not take is refused, not queued and ignored; a queue too long to
 * keep is a 400, never a 500; an unknown user is 404 on reads as on writes.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, postFreshVideo } from "./_helpers/posting_setup.ts";

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("a fault option its fault does not take (chunk, fail_reason) is a 400 naming it, and nothing is queued", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "admin_options");
    const admin = `${server.url}/_sandbox/tiktok/_admin/users/${me.openId}`;
    for (
      const [fault, message] of [
        [
          { fault: "rate_limit", chunk: 2 },
          "chunk is taken by the upload_chunk_* faults alone.",
        ],
        [
          { fault: "pull_failed", fail_reason: "file_format_check_failed" },
          "fail_reason is taken by publish_failed alone.",
        ],
      ] as const
    ) {
      const r = await post(admin, { faults: [fault] });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error, "bad_request");
      assert.equal(r.body.message, message);
    }
    const empty = await post(admin, {
      faults: [{ fault: "publish_failed", fail_reason: "" }],
    });
    assert.equal(empty.status, 400, "an empty fail_reason is no reason");
    // The options their faults take are still queued.
    const ok = await post(admin, {
      faults: [
        { fault: "upload_chunk_server_error", chunk: 2 },
        { fault: "publish_failed", fail_reason: "spam_risk_text" },
      ],
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.settings.faults, [
      { fault: "upload_chunk_server_error", chunk: 2 },
      { fault: "publish_failed", failReason: "spam_risk_text" },
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("a fault queue past its limit is a 400 saying so, not a 500, and the queue stays as it was", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "admin_queue");
    const admin = `${server.url}/_sandbox/tiktok/_admin/users/${me.openId}`;
    assert.equal(
      (await post(admin, { faults: [{ fault: "rate_limit", times: 150 }] }))
        .status,
      200,
    );
    for (const times of [100, 3000, 100_000_000]) {
      const r = await post(admin, {
        faults: [{ fault: "server_error", times }],
      });
      assert.equal(r.status, 400, `${times}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "bad_request");
      assert.match(
        r.body.message,
        /at most 200 faults; .*"clear_faults": true empties it first/,
      );
    }
    const r = await post(admin, {
      faults: [{ fault: "publish_failed", fail_reason: "x".repeat(1000) }],
    });
    assert.equal(r.status, 400, "a fail_reason too long to keep");
    const got = await (await fetch(admin)).json();
    assert.equal(got.settings.faults.length, 150);
  } finally {
    await server.close();
  }
});

Deno.test("clear_faults empties the queue, refresh faults included, before the body's faults, and posting works again", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "admin_clear");
    const admin = `${server.url}/_sandbox/tiktok/_admin/users/${me.openId}`;
    // A tester fills the queue: "faults": [] removes none.
    const full = await post(admin, {
      faults: [{ fault: "rate_limit", times: 199 }],
      refresh_faults: ["invalid_grant"],
    });
    assert.equal(full.status, 200, JSON.stringify(full.body));
    assert.equal(full.body.settings.faults.length, 200);
    assert.equal(
      (await post(admin, { faults: [] })).body.settings.faults.length,
      200,
    );
    // Cleared and replaced in one call: the new faults fit again.
    const replaced = await post(admin, {
      clear_faults: true,
      faults: [{ fault: "server_error", times: 200 }],
    });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.equal(replaced.body.settings.faults.length, 200);
    assert.ok(
      replaced.body.settings.faults.every((f: { fault: string }) =>
        f.fault === "server_error"
      ),
    );
    const cleared = await post(admin, { clear_faults: true });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.deepEqual(cleared.body.settings.faults, []);
    assert.deepEqual((await (await fetch(admin)).json()).settings.faults, []);
    // TikTok answers the next post as usual, not with a queued 500.
    assert.match(await postFreshVideo(me, "after clearing"), /^v_pub_url~v2\./);
    // false is refused, not read as "keep": only true clears.
    const no = await post(admin, { clear_faults: false });
    assert.equal(no.status, 400, JSON.stringify(no.body));
  } finally {
    await server.close();
  }
});

Deno.test("reading an unknown sandbox user is 404, as changing one is", async () => {
  const server = await startTestServer();
  try {
    for (const path of ["sbx-nobody", "sbx-nobody/webhooks"]) {
      const res = await fetch(
        `${server.url}/_sandbox/tiktok/_admin/users/${path}`,
      );
      assert.equal(res.status, 404, path);
      assert.deepEqual(await res.json(), {
        ok: false,
        error: "not_found",
        message: "No such sandbox user.",
      });
    }
  } finally {
    await server.close();
  }
});
