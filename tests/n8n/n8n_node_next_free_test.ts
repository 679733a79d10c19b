/**
 * Schedule Post's "If the Time Is Taken" in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there), with
 * the PM3K node built from its sources
 * (docs/workflows.md#the-native-n8n-node): "Use the Next Free Time" moves a
 * run time the account's limits refuse to PM3K's next_free_at and says what
 * was asked, past TikTok's daily cap too; "Fail", the default, stops with
 * the refusal.
 */
import assert from "node:assert/strict";
import { n8nInstalled } from "./n8n_cli.ts";
import { CREATOR_INFO_TTL_MS } from "../../lib/posting/creator_info_cache.ts";
import { dailyCapNextFree } from "../../lib/posting/daily_cap_refusals.ts";
import {
  chain,
  importAndExecute,
  only,
  pm3k,
  start,
  uploadFromUrl,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const HOUR = 3600_000;

Deno.test({
  name:
    "Schedule Post in a real n8n at a time the account's limits refuse: Use the Next Free Time schedules it at next_free_at with requested_run_at, past TikTok's daily cap too; Fail stops with interval_limit",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_next_free",
      {},
      async (run) => {
        const { server, me } = run;
        const asked = new Date(
          Math.ceil((server.clock.now() + 3 * HOUR) / HOUR) * HOUR,
        ).toISOString();
        const schedule = (
          name: string,
          title: string,
          whenTaken?: string,
        ) =>
          pm3k(name, {
            operation: "schedule",
            sourceUrl: "={{ $json.url }}",
            title,
            privacy: "SELF_ONLY",
            runAt: asked,
            ...(whenTaken ? { whenTaken } : {}),
          }, { executeOnce: true, onError: "continueRegularOutput" });
        const upload = async (name: string, file: string) =>
          uploadFromUrl(name, await me.uploadVideo(file));
        const out = await importAndExecute(
          run,
          chain("pm3kNextFree01", [
            start(),
            await upload("Upload 1", "one.mp4"),
            schedule("First", "The first post at its time"),
            await upload("Upload 2", "two.mp4"),
            schedule("Moved", "Moved to the next free time", "nextFree"),
            await upload("Upload 3", "three.mp4"),
            schedule("Refused", "Refused at a taken time"),
          ]),
          { follow: false },
        );
        const first = only(out["First"][0]);
        assert.equal(first.run_at, asked);
        assert.equal(first.requested_run_at, undefined);
        const moved = only(out["Moved"][0]);
        assert.equal(moved.state, "scheduled", JSON.stringify(moved));
        assert.equal(
          moved.run_at,
          new Date(Date.parse(asked) + HOUR).toISOString(),
        );
        assert.equal(moved.requested_run_at, asked);
        const refused = only(out["Refused"][0]);
        assert.equal(refused.error, "interval_limit", JSON.stringify(refused));
        // The refusal names the next free time, the hour after the moved one.
        assert.equal(
          refused.next_free_at,
          new Date(Date.parse(asked) + 2 * HOUR).toISOString(),
        );
        // Two jobs, at the two times.
        const jobs = await me.json("GET", "/api/jobs");
        assert.deepEqual(
          (jobs.body.jobs as { run_at: string }[]).map((j) => j.run_at)
            .sort(),
          [asked, moved.run_at],
        );

        // TikTok's daily cap reached: a Run At within 24 hours moves to the
        // refusal's next_free_at, a day on.
        await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
        server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
        const capped = await importAndExecute(
          run,
          chain("pm3kNextFree02", [
            start(),
            await upload("Upload 4", "four.mp4"),
            schedule("Past the cap", "Moved past TikTok's cap", "nextFree"),
          ]),
          { follow: false },
        );
        const pastCap = only(capped["Past the cap"][0]);
        assert.equal(pastCap.state, "scheduled", JSON.stringify(pastCap));
        assert.equal(
          pastCap.run_at,
          new Date(dailyCapNextFree(server.clock.now())).toISOString(),
        );
        assert.equal(pastCap.requested_run_at, asked);
      },
    );
  },
});
