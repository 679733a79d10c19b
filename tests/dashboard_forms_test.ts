/**
 * The dashboard's forms are read as the API reads JSON
 * (docs/accounts.md#sessions-and-csrf): a field given twice, an unknown
 * field or another body type is refused, naming what is wrong, and
 * changes nothing; sign-out takes only the scopes its buttons send.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { addAccountInJar, signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import type { CookieJar } from "./_helpers/cookie_jar.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";

/** POSTs `body` as it is, from the dashboard's origin, asking for JSON. */
function postRaw(
  server: TestServer,
  jar: CookieJar,
  path: string,
  body: string,
  type = "application/x-www-form-urlencoded",
): Promise<Response> {
  return visit(jar, `${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": type,
      Origin: server.url,
      Accept: "application/json",
    },
    body,
  });
}

Deno.test("a dashboard form giving a field twice is 400 naming it, and saves neither value", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_twice", "annual");
    const privacy = await postRaw(
      server,
      jar,
      "/dashboard/default_privacy",
      "privacy=SELF_ONLY&privacy=PUBLIC_TO_EVERYONE",
    );
    const body = await assertJsonError(privacy, 400, "bad_request");
    assert.equal(body.message, "The form gives privacy 2 times: give it once.");
    const plan = await postRaw(
      server,
      jar,
      "/dashboard/plan",
      "plan=free&plan=monthly",
    );
    await assertJsonError(plan, 400, "bad_request");
    const account = await getAccount(server.deps, openId);
    assert.equal(account?.defaultPrivacy, undefined, "privacy not saved");
    assert.equal(account?.plan, "annual", "plan not changed");

    const other = await addAccountInJar(server, jar, "form_twice_other");
    const switched = await postRaw(
      server,
      jar,
      "/auth/switch",
      `open_id=${openId}&open_id=${other.openId}`,
    );
    await assertJsonError(switched, 400, "bad_request");
  } finally {
    await server.close();
  }
});

Deno.test("a dashboard form with a field it does not have is 400 naming it (a nameless one as such), and changes nothing", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_unknown", "annual");
    const plan = await postRaw(
      server,
      jar,
      "/dashboard/plan",
      "plan=free&evil=1",
    );
    const body = await assertJsonError(plan, 400, "bad_request");
    assert.equal(
      body.message,
      "This form takes only plan; it does not know evil.",
    );
    // A field with no name ("=monthly", a template's empty key) is named
    // as such, not as nothing.
    const unnamed = await postRaw(server, jar, "/dashboard/plan", "=monthly");
    assert.equal(
      (await assertJsonError(unnamed, 400, "bad_request")).message,
      "This form takes only plan; it does not know a field with no name.",
    );
    const blank = await postRaw(server, jar, "/dashboard/plan", "%20=monthly");
    assert.equal(
      (await assertJsonError(blank, 400, "bad_request")).message,
      "This form takes only plan; it does not know a field named with white space only.",
    );
    assert.equal((await getAccount(server.deps, openId))?.plan, "annual");
    const switched = await postRaw(
      server,
      jar,
      "/auth/switch",
      `open_id=${openId}&x=1`,
    );
    assert.equal(
      (await assertJsonError(switched, 400, "bad_request")).message,
      "This form takes only open_id, back; it does not know x.",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a dashboard form sent as JSON or text is 415, not a form missing its value", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_json", "annual");
    for (
      const [type, body] of [
        ["application/json", '{"plan":"free"}'],
        ["text/plain", "plan=free"],
      ]
    ) {
      const res = await postRaw(server, jar, "/dashboard/plan", body, type);
      const error = await assertJsonError(res, 415, "unsupported_media_type");
      assert.equal(
        error.message,
        `This form is declared ${type}: send it as application/x-www-form-urlencoded, as the dashboard's page sends it.`,
      );
    }
    assert.equal((await getAccount(server.deps, openId))?.plan, "annual");
  } finally {
    await server.close();
  }
});

Deno.test("a dashboard form sent compressed or in another charset is 415 naming it, and changes nothing", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_coding", "annual");
    const form = "application/x-www-form-urlencoded";
    for (
      const [headers, named] of [
        // A header that lies: the bytes are plain, the header says gzip.
        [{ "Content-Type": form, "Content-Encoding": "gzip" }, /gzip/],
        [{ "Content-Type": `${form}; charset=latin1` }, /charset=latin1/],
      ] as const
    ) {
      const res = await visit(jar, `${server.url}/dashboard/plan`, {
        method: "POST",
        headers: { ...headers, Origin: server.url, Accept: "application/json" },
        body: "plan=free",
      });
      const error = await assertJsonError(res, 415, "unsupported_media_type");
      assert.match(String(error.message), named);
      assert.match(String(error.message), /form/);
    }
    assert.equal((await getAccount(server.deps, openId))?.plan, "annual");
  } finally {
    await server.close();
  }
});

Deno.test("sign-out with a scope its buttons do not send is 400 and signs no one out; with no body it signs every account out", async () => {
  const server = await startTestServer();
  try {
    const { jar } = await signIn(server, "logout_typo", "annual");
    await addAccountInJar(server, jar, "logout_typo_other");
    for (
      const [type, body] of [
        ["application/x-www-form-urlencoded", "scope=acount"],
        ["application/x-www-form-urlencoded", "scope=account&scope=all"],
        ["application/json", '{"scope":"account"}'],
      ]
    ) {
      const res = await postRaw(server, jar, "/auth/logout", body, type);
      assert.ok([400, 415].includes(res.status), `${body}: ${res.status}`);
      await res.body?.cancel();
    }
    const sessionId = jar.get("pm3k_session");
    assert.ok(sessionId);
    const session = await getTyped(server.kv, keys.session(sessionId));
    assert.equal(session.value?.openIds?.length, 2, "both still signed in");

    const out = await visit(jar, `${server.url}/auth/logout`, {
      method: "POST",
      headers: { Origin: server.url },
    });
    assert.equal(out.status, 303);
    await out.body?.cancel();
    assert.equal(
      (await getTyped(server.kv, keys.session(sessionId))).value,
      null,
    );
  } finally {
    await server.close();
  }
});

Deno.test("the Delete account form with a field it does not have says it has none, names it, and deletes nothing", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_delete_extra", "annual");
    const other = await addAccountInJar(server, jar, "form_delete_other");
    // The page now shows the other account: its own form, plus a field.
    const res = await postRaw(
      server,
      jar,
      "/dashboard/delete_account",
      `${PAGE_ACCOUNT_FIELD}=${other.openId}&open_id=${openId}`,
    );
    assert.equal(
      (await assertJsonError(res, 400, "bad_request")).message,
      "This form has no fields to fill in; it does not know open_id.",
    );
    assert.ok(await getAccount(server.deps, openId), "not deleted");
    assert.ok(await getAccount(server.deps, other.openId), "not deleted");
  } finally {
    await server.close();
  }
});

Deno.test("forty settings forms sent at once are each saved or answered 409 conflict, never a 500", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_burst", "annual");
    const burst = (path: string, body: string) =>
      Promise.all(
        Array.from({ length: 40 }, () => postRaw(server, jar, path, body)),
      );
    const forms: [string, string][] = [
      [
        "/dashboard/default_privacy",
        `${PAGE_ACCOUNT_FIELD}=${openId}&privacy=SELF_ONLY`,
      ],
      ["/dashboard/plan", `${PAGE_ACCOUNT_FIELD}=${openId}&plan=monthly`],
      ["/dashboard/api_key", ""],
    ];
    for (const [path, body] of forms) {
      const answers = await burst(path, body);
      const statuses = new Set<number>();
      for (const res of answers) {
        statuses.add(res.status);
        if (res.status === 409) {
          const error = await assertJsonError(res, 409, "conflict");
          assert.match(String(error.message), /try again/);
        } else {
          await res.body?.cancel();
        }
      }
      const saved = path === "/dashboard/api_key" ? 200 : 303;
      assert.ok(statuses.has(saved), `${path}: some saved`);
      assert.deepEqual(
        [...statuses].filter((s) => s !== saved && s !== 409),
        [],
        `${path}: only saved or 409`,
      );
    }
    const account = await getAccount(server.deps, openId);
    assert.equal(account?.defaultPrivacy, "SELF_ONLY");
    assert.equal(account?.plan, "monthly");
  } finally {
    await server.close();
  }
});

Deno.test("a dashboard write sent with a query is 400 naming it, in words on the page, and changes nothing", async () => {
  const server = await startTestServer();
  try {
    const { jar, openId } = await signIn(server, "form_query", "annual");
    const refused = async (path: string, body: string) => {
      const res = await postRaw(server, jar, path, body);
      return String((await assertJsonError(res, 400, "bad_request")).message);
    };
    // The form's value would win over the query's without a word.
    assert.equal(
      await refused("/dashboard/plan?plan=free", "plan=monthly"),
      "This address takes no query (?plan): send the form from its dashboard page, with its fields in the body.",
    );
    assert.match(
      await refused(
        "/dashboard/default_privacy?x=1&=2&x=3",
        "privacy=SELF_ONLY",
      ),
      /takes no query \(\?x, \(no name\)\)/,
    );
    assert.match(await refused("/auth/logout?scope=all", ""), /no query/);
    // A name is the client's text: cut, its invisible characters spelt out.
    assert.equal(
      await refused(
        `/dashboard/plan?%E2%80%AE${"q".repeat(500)}=1`,
        "plan=monthly",
      ),
      `This address takes no query (?\\u{202E}${
        "q".repeat(99)
      }…): send the form from its dashboard page, with its fields in the body.`,
    );
    // Many names: the first 20, then how many more, as an API answer's
    // issues are bounded (docs/api.md#limits-on-every-request).
    const names = Array.from({ length: 2000 }, (_, i) => `n${i}`);
    assert.equal(
      await refused(
        `/dashboard/plan?${names.map((n) => `${n}=1`).join("&")}`,
        "plan=monthly",
      ),
      `This address takes no query (?${
        names.slice(0, 20).join(", ")
      } and 1980 more): send the form from its dashboard page, with its fields in the body.`,
    );
    // A form's unknown fields are bounded the same way.
    assert.match(
      await refused(
        "/dashboard/plan",
        `plan=free&${names.map((n) => `${n}=1`).join("&")}`,
      ),
      new RegExp(
        `it does not know ${names.slice(0, 20).join(", ")} and 1980 more\\.$`,
      ),
    );
    assert.match(
      await refused("/dashboard/plan", `plan=free&${"f".repeat(5000)}=1`),
      /it does not know f{100}…\.$/,
    );
    assert.match(
      await refused(
        "/dashboard/delete_account?confirm=yes",
        `${PAGE_ACCOUNT_FIELD}=${openId}`,
      ),
      /no query/,
    );
    const key = await visit(jar, `${server.url}/dashboard/api_key?x=1`, {
      method: "POST",
      headers: { Origin: server.url, Accept: "application/json" },
    });
    await assertJsonError(key, 400, "bad_request");
    // A browser gets the page, in the same words.
    const page = await visit(jar, `${server.url}/dashboard/plan?plan=free`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
        Accept: "text/html",
      },
      body: "plan=monthly",
    });
    assert.equal(page.status, 400);
    assert.match(await page.text(), /This address takes no query/);
    const account = await getAccount(server.deps, openId);
    assert.equal(account?.plan, "annual", "plan not changed");
    assert.equal(account?.defaultPrivacy, undefined, "privacy not saved");
    const sessionId = jar.get("pm3k_session");
    assert.ok(sessionId);
    assert.ok((await getTyped(server.kv, keys.session(sessionId))).value);
    assert.equal(account?.apiKeyHash, null, "no key issued");
    // A page's own query is still read.
    const shown = await visit(jar, `${server.url}/dashboard/settings?saved=x`);
    assert.equal(shown.status, 200);
    await shown.body?.cancel();
  } finally {
    await server.close();
  }
});
