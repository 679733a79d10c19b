/**
 * A batch run again in the real n8n that tests/n8n/install_n8n.sh installs
 * (ignored when it is not there), with the PM3K node built from its
 * sources (docs/workflows.md#re-running-a-batch): n8n's Retry of a failed
 * execution, or running the workflow again, is a new execution, so the
 * node's Idempotency-Key is new and an item that went through before is
 * refused as a duplicate, not replayed. The refusal keeps PM3K's code and
 * message; its description starts with what that means in n8n and names
 * the post or job holding the video or caption (Cancel Scheduled Post for
 * a job, not PM3K's REST and MCP calls).
 */
import assert from "node:assert/strict";
import { executeFailing, importInto, n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  importAndExecute,
  only,
  pm3k,
  postVideo,
  start,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const HOUR = 3600_000;

Deno.test({
  name:
    "a batch run again in a real n8n (a new execution, new Idempotency-Keys): an item already scheduled or posted fails video_duplicate or caption_duplicate_account, the description saying why in n8n and naming the job (Cancel Scheduled Post) or the post",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n("n8n_rerun_batch", {}, async (run) => {
      const { server, me, home, env } = run;
      const runAt = new Date(
        Math.ceil((server.clock.now() + 3 * HOUR) / HOUR) * HOUR,
      ).toISOString();
      const scheduled = await me.uploadVideo("scheduled.mp4");
      const posted = await me.uploadVideo("posted.mp4");
      const schedule = (name: string) =>
        pm3k(name, {
          operation: "schedule",
          sourceUrl: scheduled,
          title: "Scheduled by the first execution",
          privacy: "SELF_ONLY",
          runAt,
        });
      const post = (name: string, url: string) =>
        postVideo(name, url, "Posted by the first execution");

      // The first execution schedules one video and posts another.
      const first = await importAndExecute(
        run,
        chain("pm3kRerunFirst01", [
          start(),
          schedule("Schedule"),
          post("Post", posted),
        ]),
        { follow: false },
      );
      const job = only(first["Schedule"][0]);
      assert.equal(job.state, "scheduled", JSON.stringify(job));
      const made = only(first["Post"][0]);
      assert.equal(made.ok, true, JSON.stringify(made));

      // Run again (n8n's Retry of an execution failed after them gives the
      // node the same items, in a new execution).
      const again = async (
        id: string,
        node: ReturnType<typeof pm3k>,
      ): Promise<string> => {
        await importInto(home, "workflow", chain(id, [start(), node]), env);
        return await executeFailing(home, id, env, { raw: true });
      };
      const jobAgain = await again("pm3kRerunJob0001", schedule("Schedule"));
      assert.match(
        jobAgain,
        /^Execution error:\n=+\nvideo_duplicate: This video URL was already used for this TikTok account recently\./m,
      );
      assert.match(
        jobAgain,
        new RegExp(
          `"description": "In n8n: a scheduled post of this account \\(job_id ${job.job_id}, run_at ${runAt}\\) already has this video \\(the same upload or URL\\), often this same item, posted or scheduled by an earlier execution: n8n's Retry of a failed execution, or running the workflow again, is a new execution with new Idempotency-Keys[^"]*an IF skip the items whose error is video_duplicate; to post it anew, cancel that job first with a PM3K Cancel Scheduled Post node \\(Job ID ${job.job_id}\\); PM3K error code \\\\"video_duplicate\\\\" \\(HTTP 400\\)`,
        ),
      );

      const postAgain = await again("pm3kRerunPost001", post("Post", posted));
      assert.match(postAgain, /^Execution error:\n=+\nvideo_duplicate: /m);
      assert.match(
        postAgain,
        /"description": "In n8n: a post of this account \(post_id [^)\s]+\) already has this video \(the same upload or URL\)[^"]*whose error is video_duplicate; List Posts shows that post; PM3K error code \\"video_duplicate\\" \(HTTP 400\)/,
      );

      // Running the whole workflow again uploads the file anew (a new URL),
      // so it is the caption that is met.
      const reuploaded = await me.uploadVideo("posted again.mp4");
      const captionAgain = await again(
        "pm3kRerunCaption",
        post("Post", reuploaded),
      );
      assert.match(
        captionAgain,
        /^Execution error:\n=+\ncaption_duplicate_account: /m,
      );
      assert.match(
        captionAgain,
        /"description": "In n8n: a post of this account \(post_id [^)\s]+\) already has this caption, often this same item[^"]*whose error is caption_duplicate_account; or give this post another caption; PM3K error code \\"caption_duplicate_account\\" \(HTTP 400\)/,
      );
    });
  },
});
