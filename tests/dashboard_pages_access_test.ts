/**
 * Who may open the dashboard's pages (docs/dashboard.md#pages), over HTTP:
 * without a session each page sends the visitor to the start page; an
 * account without a plan is sent to /dashboard to choose one; with a plan
 * each page answers.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { signIn, visit } from "./_helpers/sandbox_sign_in.ts";
import { CookieJar } from "./_helpers/cookie_jar.ts";
import { apiClientFor } from "./_helpers/api_client.ts";
import { albumOf } from "./_helpers/posting_setup.ts";

const PAGES = [
  "/dashboard/calendar",
  "/dashboard/posts",
  "/dashboard/media",
  "/dashboard/settings",
];

async function answer(jar: CookieJar, url: string) {
  const res = await visit(jar, url);
  await res.body?.cancel();
  return { status: res.status, location: res.headers.get("location") };
}

Deno.test("dashboard pages send a visitor without a session to the start page, an account without a plan to choose one, and answer with a plan", async () => {
  const server = await startTestServer();
  try {
    for (const page of PAGES) {
      assert.deepEqual(
        await answer(new CookieJar(), `${server.url}${page}`),
        { status: 303, location: "/" },
        page,
      );
    }
    const noPlan = await signIn(server, "pages_no_plan");
    for (const page of PAGES) {
      assert.deepEqual(
        await answer(noPlan.jar, `${server.url}${page}`),
        { status: 303, location: "/dashboard" },
        page,
      );
    }
    const withPlan = await signIn(server, "pages_with_plan", "monthly");
    for (const page of PAGES) {
      assert.deepEqual(
        await answer(withPlan.jar, `${server.url}${page}`),
        { status: 200, location: null },
        page,
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("the plan choice names each plan's file time in the start page's words", async () => {
  const server = await startTestServer();
  try {
    const noPlan = await signIn(server, "plan_words");
    const choice = await (await visit(noPlan.jar, `${server.url}/dashboard`))
      .text();
    const start = await (await fetch(`${server.url}/`)).text();
    for (const [name, kept] of [["Free", "48 hours"], ["Monthly", "7 days"]]) {
      assert.match(choice, new RegExp(`${name}[^]*?files kept ${kept}<`));
      assert.match(start, new RegExp(`${name}[^]*?${kept}<`));
    }
  } finally {
    await server.close();
  }
});

Deno.test("the media page's albums are those holding an image, however many empty ones are newer", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "media_many_empty", "monthly");
    const { albumId } = await albumOf(me, "photo2.jpg");
    // More empty albums than the page's 20, all newer than the one shown.
    const empty: string[] = [];
    for (let i = 0; i < 21; i++) {
      empty.push(String((await me.json("POST", "/api/albums")).body.album_id));
    }
    const html = await (await visit(me.jar, `${server.url}/dashboard/media`))
      .text();
    assert.ok(html.includes(albumId), "the album with a photo is shown");
    assert.deepEqual(empty.filter((id) => html.includes(id)), []);
  } finally {
    await server.close();
  }
});

Deno.test("the media page leaves out an album with no image yet, which the API lists", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "media_empty_album", "monthly");
    const created = await me.json("POST", "/api/albums", {});
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const albumId = String(created.body.album_id);
    const listed = await me.json("GET", "/api/albums");
    assert.deepEqual(
      (listed.body.albums as { album_id: string }[]).map((a) => a.album_id),
      [albumId],
    );
    const page = await visit(me.jar, `${server.url}/dashboard/media`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes("No albums yet."), "the empty state, no card");
    assert.ok(!html.includes(albumId), "the empty album is not on the page");
  } finally {
    await server.close();
  }
});
