import { browserRunner } from "../_helpers/browser_flows.ts";

Deno.test("walk", async () => {
  await browserRunner({}, { env: { TIKTOK_APP_AUDITED: "false", OPERATOR_NAME: "Acme Ltd", CONTACT_EMAIL: "a@acme.example" } })(async (run) => {
    const { page } = run;
    for (const path of ["/", "/docs"]) {
      await page.goto(run.server.url + path);
      console.log("=====" + path + " " + await page.title() + "\n" + (await page.locator("body").innerText()).slice(0, 6000));
    }
  });
});
