/**
 * The API reference and the dashboard's webhook card in a real headless
 * Chromium against the real app on a loopback port: Swagger UI on /docs
 * built from /api/openapi.json with every file served by the app itself,
 * the guide's errors table, drafts section and webhook events, and the
 * WebhookCard saving a loopback URL, showing its signing secret, sending a
 * signed test event to a receiver and logging it, and showing the API's
 * refusal of a private address.
 */
import assert from "node:assert/strict";
import { hmacHex } from "../_helpers/webhook_signature.ts";
import { ERROR_STATUS } from "../../lib/errors.ts";
import { runAdminCommand } from "../../lib/admin/admin_commands.ts";
import {
  cellTexts,
  nextApiResponse,
  signInWithPlan,
  withBrowser,
} from "../_helpers/browser_flows.ts";
import type { BrowserRun } from "../_helpers/browser_flows.ts";

/** Chromium logs every 4xx answer a page's fetch gets. */
const STATUS_400_LOGGED = /status of 400/;
/** `t=<unix seconds>,v1=<HMAC-SHA256 in hex>`. */
const SIGNATURE_PATTERN = /^t=(\d+),v1=([0-9a-f]{64})$/;
const SECRET_PATTERN = /^whsec_[A-Za-z0-9_-]+$/;
/** How long Swagger UI may take to load its bundle and render the spec. */
const SWAGGER_RENDER_TIMEOUT_MS = 12_000;

/** What a webhook receiver got in one request. */
interface Received {
  method: string;
  path: string;
  signature: string | null;
  body: string;
}

/** A customer's webhook receiver on loopback that answers 200 to all. */
function startReceiver() {
  const got: Received[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      got.push({
        method: req.method,
        path: new URL(req.url).pathname,
        signature: req.headers.get("pm3k-signature"),
        body: await req.text(),
      });
      return new Response("thanks");
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () => server.shutdown(),
  };
}

/**
 * Signs in as sandbox user `username`, chooses the monthly plan and waits
 * for the WebhookCard island to hydrate.
 */
async function signInForWebhooks(run: BrowserRun, username: string) {
  await signInWithPlan(run, username, {
    path: "/dashboard/settings",
    cards: ["webhook-card"],
    islands: ["WebhookCard"],
  });
}

Deno.test("the /docs API reference renders from /api/openapi.json with no request leaving localhost", async () => {
  await withBrowser(async ({ server, watched, page }) => {
    const spec = nextApiResponse(page, {
      method: "GET",
      path: "/api/openapi.json",
    });
    const answer = await page.goto(`${server.url}/docs`);
    assert.equal(answer?.status(), 200);
    const csp = answer?.headers()["content-security-policy"] ?? "";
    assert.match(csp, /script-src 'self'(;|$)/, "no inline or remote script");

    assert.equal((await spec).status(), 200, "the spec was served");
    // Parsing the 1.7 MB bundle and rendering take about 3 s here: more
    // than the 5 s default leaves on a busy machine.
    await page.locator("#swagger[data-started=true]").waitFor({
      state: "attached",
      timeout: SWAGGER_RENDER_TIMEOUT_MS,
    });
    await page.locator(".swagger-ui .opblock").first().waitFor({
      timeout: SWAGGER_RENDER_TIMEOUT_MS,
    });
    // Relative to an operation block (a `has` locator is matched inside it).
    const directPost = page.locator(
      '.opblock-summary-path[data-path="/api/tiktok/direct_post"]',
    );
    const block = page.locator(".swagger-ui .opblock", { has: directPost });
    await block.first().waitFor();
    assert.equal(
      (await block.first().locator(directPost).textContent())?.trim(),
      "/api/tiktok/direct_post",
    );
    assert.ok(
      (await block.count()) >= 1,
      "an operation block for /api/tiktok/direct_post",
    );
    assert.match(
      await block.first().locator(".opblock-summary-method").textContent() ??
        "",
      /POST/i,
    );
    watched.watch.assertClean();

    // The guide: its errors table lists links_forbidden with HTTP 400.
    const guide = await page.goto(`${server.url}/docs/guide`);
    assert.equal(guide?.status(), 200);
    const table = page.locator("[data-testid=error-table]");
    await table.waitFor();
    const row = table.locator("tbody tr", {
      has: page.locator("td code", { hasText: /^links_forbidden$/ }),
    });
    assert.equal(await row.count(), 1, "one row for links_forbidden");
    assert.deepEqual(await cellTexts(row), ["links_forbidden", "400"]);
    // Every error code of the service, each with its status.
    const rows = table.locator("tbody tr");
    assert.equal(await rows.count(), Object.keys(ERROR_STATUS).length);
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      const r = table.locator("tbody tr", {
        has: page.locator("td code", { hasText: new RegExp(`^${code}$`) }),
      });
      assert.deepEqual(await cellTexts(r), [code, String(status)]);
    }
    // The guide's topics, in the order a newcomer needs them.
    assert.deepEqual(
      (await page.locator("main h2").allTextContents()).map((t) =>
        t.replace(/^\d+\.\s*/, "")
      ),
      [
        "Sign in and pick a plan",
        "API key",
        "A video URL",
        "Post",
        "Poll the status",
        "Drafts",
        "Schedule",
        "Anti-spam rules",
        "Errors",
        "Webhooks",
      ],
    );
    /** The text and code spans of a guide section, up to the next heading. */
    const section = (title: string) =>
      page.evaluate((title) => {
        const heading = [...document.querySelectorAll("main h2")].find((h) =>
          h.textContent?.replace(/^\d+\.\s*/, "") === title
        );
        const parts: Element[] = [];
        for (
          let n = heading?.nextElementSibling;
          n && n.tagName !== "H2";
          n = n.nextElementSibling
        ) parts.push(n);
        return {
          text: parts.map((p) => p.textContent).join(" "),
          codes: parts.flatMap((p) =>
            [...p.querySelectorAll("code")].map((c) => c.textContent)
          ),
        };
      }, title);
    // Drafts: the field and when a draft is done.
    const drafts = await section("Drafts");
    for (
      const words of [
        '"post_mode": "MEDIA_UPLOAD"',
        'state: "done"',
        "SEND_TO_USER_INBOX",
      ]
    ) {
      assert.ok(drafts.text.includes(words), `the Drafts section: ${words}`);
    }
    // Webhooks: every event a receiver may get.
    assert.deepEqual(
      (await section("Webhooks")).codes.filter((c) =>
        /^[a-z]+\.[a-z]+$/.test(c ?? "")
      ),
      ["post.published", "post.failed", "job.failed", "account.disconnected"],
    );
    watched.watch.assertClean();
  });
});

Deno.test("/docs try-it: Authorize with an API key, then Execute calls the API with it", async () => {
  await withBrowser(async ({ server, watched, page }) => {
    // An account and key made by the operator CLI: the browser has no
    // session, so only the key can authenticate the call.
    const admin = {
      config: server.deps.config,
      kv: server.kv,
      clock: server.clock,
    };
    const openId = (await runAdminCommand(
      admin,
      ["create-sandbox-user", "docs_tryer", "--plan", "free"],
    )).at(-1)!;
    const key = (await runAdminCommand(admin, ["issue-key", openId])).at(-1)!;
    await page.goto(`${server.url}/docs`);
    await page.locator(".swagger-ui .btn.authorize").first().waitFor({
      timeout: SWAGGER_RENDER_TIMEOUT_MS,
    });
    await page.locator(".swagger-ui .btn.authorize").first().click();
    await page.locator(".modal-ux input").fill(key);
    await page.locator(".modal-ux .modal-btn.authorize").click();
    await page.locator(".modal-ux .btn-done").click();
    await page.locator(".modal-ux").waitFor({ state: "detached" });

    const me = page.locator(".swagger-ui .opblock", {
      has: page.locator('.opblock-summary-path[data-path="/api/me"]'),
    }).first();
    await me.locator(".opblock-summary").click();
    await me.locator(".opblock-body").waitFor();
    // tryItOutEnabled: the Execute button is there without "Try it out".
    const execute = me.locator(".execute");
    await execute.waitFor();
    const call = page.waitForRequest(
      (r) => new URL(r.url()).pathname === "/api/me",
      { timeout: SWAGGER_RENDER_TIMEOUT_MS },
    );
    await execute.click();
    const sent = await call;
    assert.equal(sent.headers()["authorization"], `Bearer ${key}`);
    const status = me.locator(
      ".live-responses-table .response .response-col_status",
    );
    await status.first().waitFor();
    assert.equal((await status.first().textContent())?.trim(), "200");
    assert.match(
      await me.locator(".live-responses-table").textContent() ?? "",
      new RegExp(openId),
    );
    watched.watch.assertClean();
  });
});

Deno.test("the webhook card saves a URL, shows the secret, sends a test event and shows it in the log", async () => {
  const receiver = startReceiver();
  try {
    await withBrowser(async (run) => {
      const { server, watched, page } = run;
      await signInForWebhooks(run, "webhook_owner");
      const card = page.locator("[data-testid=webhook-card]");
      assert.equal(await card.locator("[data-testid=webhook-test]").count(), 0);

      // Save: the card shows the URL and the new signing secret.
      const saved = nextApiResponse(page, {
        method: "PUT",
        path: "/api/webhook",
      });
      await page.fill("[data-testid=webhook-url]", receiver.url);
      await page.click("[data-testid=webhook-save]");
      const saveAnswer = await (await saved).json();
      assert.equal(saveAnswer.ok, true, JSON.stringify(saveAnswer));
      // The card names every event the API says it sends, no fewer.
      const named = await card.locator("p.muted code").allTextContents();
      assert.deepEqual(
        named.filter((c) => /^[a-z]+\.[a-z]+$/.test(c)),
        saveAnswer.events,
      );
      const secretCode = page.locator("[data-testid=webhook-secret]");
      await secretCode.waitFor();
      const secret = (await secretCode.textContent())?.trim() ?? "";
      assert.match(secret, SECRET_PATTERN);
      assert.equal(secret, saveAnswer.secret);
      assert.equal(
        (await page.locator("[data-testid=webhook-saved]").textContent())
          ?.trim(),
        receiver.url,
      );
      assert.equal(receiver.got.length, 0, "saving sends nothing");

      // Test event: delivered at once and shown in the log.
      const tested = nextApiResponse(page, {
        method: "POST",
        path: "/api/webhook/test",
      });
      await page.click("[data-testid=webhook-test]");
      const testAnswer = await (await tested).json();
      assert.equal(testAnswer.ok, true, JSON.stringify(testAnswer));
      const row = page.locator(
        "[data-testid=webhook-log] tr[data-state=delivered]",
        { hasText: "test" },
      );
      await row.waitFor();
      assert.equal(
        await page.locator("[data-testid=webhook-log] tbody tr").count(),
        1,
      );
      const [, event] = await cellTexts(row);
      assert.equal(event, "test");
      assert.equal(
        await row.locator("[data-testid=webhook-delivery-words]").innerText(),
        "Delivered.",
      );
      assert.equal(
        await row.locator("[data-testid=webhook-delivery-detail]")
          .textContent(),
        "state: delivered; attempts: 1; HTTP status: 200",
      );

      // The receiver got the event, signed with the secret shown.
      assert.equal(receiver.got.length, 1, "one request reached the receiver");
      const [got] = receiver.got;
      assert.equal(got.method, "POST");
      assert.equal(got.path, "/hook");
      const body = JSON.parse(got.body);
      assert.equal(body.type, "test");
      assert.equal(body.id, testAnswer.delivery_id);
      assert.ok(got.signature, "the request carries PM3K-Signature");
      const signature = SIGNATURE_PATTERN.exec(got.signature);
      assert.ok(signature, `signature header: ${got.signature}`);
      assert.equal(Number(signature[1]), Math.floor(server.clock.now() / 1000));
      assert.equal(
        signature[2],
        await hmacHex(secret, `${signature[1]}.${got.body}`),
        "the signature verifies with the secret the card showed",
      );
      watched.watch.assertClean();
    });
  } finally {
    await receiver.close();
  }
});

Deno.test("a private webhook address shows the API's refusal", async () => {
  await withBrowser(async (run) => {
    const { watched, page } = run;
    await signInForWebhooks(run, "webhook_private");
    const refused = nextApiResponse(page, {
      method: "PUT",
      path: "/api/webhook",
    });
    await page.fill("[data-testid=webhook-url]", "https://10.0.0.1/hook");
    await page.click("[data-testid=webhook-save]");
    const answer = await refused;
    assert.equal(answer.status(), 400);
    const refusal = await answer.json();
    assert.equal(refusal.ok, false);
    assert.equal(refusal.error, "bad_request");

    const error = page.locator("[data-testid=webhook-error]");
    await error.waitFor();
    const shown = (await error.textContent())?.trim() ?? "";
    assert.match(shown, /cannot be used/);
    assert.equal(shown, refusal.message, "the card shows the API's message");
    assert.equal(await page.locator("[data-testid=webhook-saved]").count(), 0);
    assert.equal(await page.locator("[data-testid=webhook-secret]").count(), 0);
    assert.equal(await page.locator("[data-testid=webhook-test]").count(), 0);

    // Nothing was stored: the API has no webhook for the account.
    const stored = await page.evaluate(async () => {
      const res = await fetch("/api/webhook", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      return await res.json();
    });
    assert.equal(stored.url, null);
    assert.equal(stored.secret, null);
    watched.watch.assertClean({ allowConsole: [STATUS_400_LOGGED] });
  });
});

Deno.test("a delivery that did not get through says why in plain words, with the technical detail folded for developers", async () => {
  await withBrowser(async (run) => {
    const { watched, page } = run;
    await signInForWebhooks(run, "webhook_refused");
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const hook = "http://127.0.0.1:9/hook";
    await page.fill("[data-testid=webhook-url]", hook);
    await page.click("[data-testid=webhook-save]");
    await page.locator("[data-testid=webhook-secret]").waitFor();
    await page.click("[data-testid=webhook-test]");
    const row = page.locator(
      "[data-testid=webhook-log] tr[data-state=pending]",
      { hasText: "test" },
    );
    await row.waitFor();

    // The API keeps its contract: state, attempts and the raw error.
    const api = await page.evaluate(async () => {
      const res = await fetch("/api/webhook/deliveries", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      return (await res.json()).deliveries[0];
    });
    assert.equal(api.state, "pending");
    assert.equal(api.attempts, 1);
    assert.match(api.last_error, /ECONNREFUSED|refused/i);
    assert.ok(api.next_attempt_at);

    // The card says it in words, with the next try in local time.
    const words = await row.locator("[data-testid=webhook-delivery-words]")
      .innerText();
    // On the browser's clock: "10:41" on a 24-hour one, "10:41 AM" on a
    // 12-hour one.
    const nextTry = await page.evaluate(
      (iso) => {
        const d = new Date(iso);
        const pad = (n: number) => String(n).padStart(2, "0");
        const h12 = new Intl.DateTimeFormat(undefined, { hour: "numeric" })
          .resolvedOptions().hour12;
        const h = d.getHours();
        return h12
          ? `${h % 12 || 12}:${pad(d.getMinutes())}\\s${h < 12 ? "AM" : "PM"}`
          : `${pad(h)}:${pad(d.getMinutes())}`;
      },
      api.next_attempt_at,
    );
    assert.match(
      words,
      new RegExp(
        `^Not delivered yet: your server refused the connection\\. Next try at (.*, )?${nextTry}\\s(UTC|GMT[+\\-\\d:]*|[A-Z]{2,5})\\.$`,
      ),
    );
    // No raw error or state words in what is shown…
    const shown = await row.innerText();
    assert.doesNotMatch(shown, /ECONNREFUSED|pending|attempt|127\.0\.0\.1/);
    // …but a developer can unfold them.
    const detail = row.locator("[data-testid=webhook-delivery-detail]");
    assert.equal(await detail.isVisible(), false);
    await row.locator("details.tech-detail summary").click();
    assert.equal(await detail.isVisible(), true);
    const raw = await detail.textContent() ?? "";
    assert.match(raw, /state: pending; attempts: 1/);
    assert.ok(raw.includes(api.last_error), raw);
    watched.watch.assertClean();
  });
});

Deno.test("the webhook URL field shows a long hook's URL and its example whole, wide and at 375 px without overflow", async () => {
  await withBrowser(async (run) => {
    const { watched, page } = run;
    await signInForWebhooks(run, "webhook_wide_field");
    const field = page.locator("[data-testid=webhook-url]");
    // An n8n webhook's production URL: 70 characters.
    const hook =
      "https://n8n.example.com/webhook/3f2a9c1e-7b4d-4e8a-9f61-2c5d8e0b7a13";
    /** How many px of `text` the field cannot show, in its own font. */
    const hidden = (text: string) =>
      field.evaluate((el, text) => {
        const input = el as HTMLInputElement;
        const style = getComputedStyle(input);
        const probe = document.createElement("span");
        probe.textContent = text;
        probe.style.font = style.font;
        probe.style.whiteSpace = "pre";
        probe.style.position = "absolute";
        document.body.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        const room = input.clientWidth - parseFloat(style.paddingLeft) -
          parseFloat(style.paddingRight);
        return Math.max(0, Math.ceil(width - room));
      }, text);
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await hidden(hook), 0, "the hook's URL at 1280px");
    const example = String(await field.getAttribute("placeholder"));
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 });
      assert.equal(await hidden(example), 0, `${example} at ${width}px`);
      assert.equal(
        await page.evaluate(() =>
          document.documentElement.scrollWidth -
          document.documentElement.clientWidth
        ),
        0,
        `no overflow at ${width}px`,
      );
    }
    watched.watch.assertClean();
  });
});
