/**
 * What a builder meets when PM3K refuses, run in the real n8n that
 * tests/n8n/install_n8n.sh installs (ignored when it is not there) with the
 * PM3K node built from its sources: the error output carries PM3K's code and
 * message (all n8n passes there), On Error → Continue the other fields too
 * (an upload's `fetched_url`, an unknown outcome's `outcome` and `post_id`,
 * a limit's `retry_after`), Retry On Fail never posts twice (yet fetches a
 * Drive file shared meanwhile again, its refusal not replayed), and Get Status
 * or Wait for Result given a failure instead of a post says so
 * (docs/workflows.md#the-native-n8n-node).
 */
import assert from "node:assert/strict";
import { hostsNetwork, startSourceServer } from "../_helpers/source_server.ts";
import {
  directPost,
  initsAtTikTok,
  postsOf,
  SHORT_TIKTOK_TIMEOUT,
} from "../_helpers/posting_setup.ts";
import { OUTCOME_UNKNOWN_SENTENCE } from "../../lib/tiktok/fail_reasons.ts";
import { importInto, n8nInstalled } from "./n8n_cli.ts";
import {
  chain,
  execute,
  importAndExecute,
  noOp,
  only,
  pm3k,
  postVideo,
  start,
  uploadFromUrl,
  waitForResult,
  withNodeInN8n,
} from "./pm3k_node_workflows.ts";

const toErrorOutput = { onError: "continueErrorOutput" };
const toMainOutput = { onError: "continueRegularOutput" };

Deno.test({
  name:
    "Upload Media from a URL in a real n8n: Drive and Dropbox share links are uploaded; a web page in place of the file reaches the error output as unsupported_file_type with PM3K's sentence naming the URL fetched, and On Error → Continue gives fetched_url",
  ignore: !n8nInstalled,
  async fn() {
    // Drive and Dropbox cannot be reached from the tests: the source server
    // answers for them as their published link forms say they do.
    const source = await startSourceServer();
    const net = hostsNetwork(source);
    try {
      await withNodeInN8n(
        "n8n_share_links",
        { fetchOptions: net.fetchOptions },
        async (run) => {
          const links: Record<string, string> = {
            Drive: "https://drive.google.com/file/d/FILE_ID/view?usp=sharing",
            Dropbox:
              "https://www.dropbox.com/scl/fi/abc123/clip.mp4?rlkey=x7y8&dl=0",
            "Drive, not shared":
              "https://drive.google.com/file/d/PRIVATE_ID/view",
            "A web page": "https://files.example.com/clip",
          };
          const uploads = Object.entries(links).map(([name, fileUrl]) =>
            uploadFromUrl(name, fileUrl, toErrorOutput)
          );
          uploads.push(
            uploadFromUrl("Continue", links["Drive, not shared"], toMainOutput),
          );
          const workflow = chain("pm3kShareLinks01", [start()], {
            Start: { main: [uploads.map((u) => ({ node: u.name }))] },
          });
          workflow.nodes.push(...uploads);
          const out = await importAndExecute(run, workflow, { follow: false });

          for (
            const [name, filename] of [["Drive", "drive clip.mp4"], [
              "Dropbox",
              "dropbox clip.mp4",
            ]]
          ) {
            const upload = only(out[name][0]);
            assert.deepEqual([upload.filename, upload.kind], [
              filename,
              "video",
            ]);
            assert.deepEqual(out[name][1], [], `${name}: no error`);
          }
          const notShared = only(out["Drive, not shared"][1]);
          assert.deepEqual(out["Drive, not shared"][0], []);
          assert.equal(notShared.error, "unsupported_file_type");
          assert.match(
            String(notShared.message),
            /^The Google Drive link answered a web page \(HTML\), not the file.*"Anyone with the link"/,
          );
          const fetched =
            "https://drive.google.com/uc?export=download&id=PRIVATE_ID";
          assert.ok(
            String(notShared.message).includes(
              `(${fetched}, fetched in its place)`,
            ),
            "the message names the URL PM3K fetched for the share link",
          );
          // n8n passes `error` and `message` alone to the error output; On
          // Error → Continue (the main output) carries PM3K's other fields.
          assert.deepEqual(Object.keys(notShared).sort(), ["error", "message"]);
          const continued = only(out["Continue"][0]);
          assert.deepEqual(
            [continued.error, continued.message, continued.fetched_url],
            ["unsupported_file_type", notShared.message, fetched],
          );
          const page = only(out["A web page"][1]);
          assert.equal(page.error, "unsupported_file_type");
          assert.match(
            String(page.message),
            /^The URL answered a web page \(HTML\), not a file: give a link that downloads the file itself\./,
          );
          assert.doesNotMatch(String(page.message), /fetched in its place/);
        },
      );
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name:
    "Upload Media of a Google Drive link in a real n8n, its file shared while Retry On Fail waits: the retry, with the same Idempotency-Key, uploads it instead of getting the sign-in page's refusal replayed",
  ignore: !n8nInstalled,
  async fn() {
    const source = await startSourceServer();
    const net = hostsNetwork(source);
    // The owner shares the file right after the first try met the
    // sign-in page, before n8n's retry.
    const fetchOptions = {
      ...net.fetchOptions,
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const answer = await net.fetchOptions.fetch(input, init);
        if (new URL(String(input)).hostname === "accounts.google.com") {
          source.privateShared = true;
        }
        return answer;
      },
    };
    try {
      await withNodeInN8n(
        "n8n_shared_on_retry",
        { fetchOptions },
        async (run) => {
          const out = await importAndExecute(
            run,
            chain("pm3kSharedRetry01", [
              start(),
              uploadFromUrl(
                "Upload",
                "https://drive.google.com/file/d/PRIVATE_ID/view?usp=sharing",
                { retryOnFail: true, maxTries: 2, waitBetweenTries: 1000 },
              ),
            ]),
            { follow: false },
          );
          const upload = only(out["Upload"][0]);
          assert.deepEqual([upload.filename, upload.kind], [
            "shared clip.mp4",
            "video",
          ]);
          const tries = run.server.logs.filter((l) =>
            l.path === "/api/uploads/from_url"
          );
          assert.deepEqual(tries.map((l) => l.status), [400, 200]);
        },
      );
    } finally {
      await source.close();
    }
  },
});

Deno.test({
  name:
    "Post Video in a real n8n when TikTok does not answer in time: tiktok_error with PM3K's sentence on the error output, outcome unknown and post_id with On Error → Continue, List Posts shows it unknown with not_posted_from, Get Status after it says there is no publish_id, and Retry On Fail never posts it twice",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_outcome_unknown",
      { env: SHORT_TIKTOK_TIMEOUT },
      async ({ server, me, home, env }) => {
        await importInto(home, "workflow", [
          chain(
            "pm3kUnknown00001",
            [
              start(),
              postVideo(
                "Post video",
                await me.uploadVideo(),
                "TikTok never answers",
                toErrorOutput,
              ),
              noOp("Posted"),
              noOp("Refused"),
              pm3k("List posts", { operation: "listPosts" }),
            ],
            {
              "Post video": {
                main: [[{ node: "Posted" }], [{ node: "Refused" }]],
              },
            },
          ),
          // On Error → Continue: the failure goes on, to a status check.
          chain("pm3kUnknown00002", [
            start(),
            postVideo(
              "Post video",
              await me.uploadVideo(),
              "TikTok still silent",
              toMainOutput,
            ),
            pm3k("Get status", { operation: "getStatus" }, toErrorOutput),
            noOp("No status"),
          ], { "Get status": { main: [[], [{ node: "No status" }]] } }),
        ], env);
        await me.sandbox({ faults: [{ fault: "timeout" }] });
        const out = await execute(server, home, "pm3kUnknown00001", env, {
          follow: false,
        });
        assert.deepEqual(out["Post video"][0], []);
        const refused = only(out["Refused"][0]);
        assert.deepEqual(
          [refused.error, refused.message],
          ["tiktok_error", OUTCOME_UNKNOWN_SENTENCE],
        );
        const listed = only(out["List posts"][0]);
        assert.deepEqual(
          [listed.state, listed.publish_id, listed.title],
          ["unknown", null, "TikTok never answers"],
        );
        assert.ok(
          Date.parse(String(listed.not_posted_from)) >
            Date.parse(String(listed.created_at)),
          "when it may be marked not posted",
        );

        server.clock.advance(61 * 60_000);
        await me.sandbox({ faults: [{ fault: "timeout" }] });
        const continued = await execute(
          server,
          home,
          "pm3kUnknown00002",
          env,
          { follow: false },
        );
        const unknown = only(continued["Post video"][0]);
        assert.deepEqual(
          [
            unknown.error,
            unknown.outcome,
            unknown.tiktok_code,
            unknown.message,
          ],
          ["tiktok_error", "unknown", "timeout", OUTCOME_UNKNOWN_SENTENCE],
        );
        const [last] = await postsOf(me);
        assert.deepEqual([unknown.post_id, last.state], [
          last.post_id,
          "unknown",
        ]);
        assert.equal(
          only(continued["No status"][0]).error,
          "No Publish ID: the input item has no publish_id",
        );
        assert.ok(
          !server.logs.some((l) => l.path === "/api/tiktok/status"),
          "no status call without a publish_id",
        );
        assert.equal(await initsAtTikTok(server, me), 0);

        // An hour on, another post with Retry On Fail, and TikTok again
        // silent: the retry sends the same Idempotency-Key, whose answer PM3K
        // kept, so it gets the same unknown outcome again: never posted twice,
        // and never a misleading duplicate refusal.
        server.clock.advance(61 * 60_000);
        await importInto(
          home,
          "workflow",
          chain("pm3kUnknown00003", [
            start(),
            postVideo("Post video", await me.uploadVideo(), "Retried", {
              onError: "continueRegularOutput",
              retryOnFail: true,
              maxTries: 2,
              waitBetweenTries: 1000,
            }),
            waitForResult(
              "Wait for result",
              { maxWaitSeconds: 30 },
              toErrorOutput,
            ),
            noOp("No result"),
          ], {
            "Wait for result": { main: [[], [{ node: "No result" }]] },
          }),
          env,
        );
        await me.sandbox({ faults: [{ fault: "timeout" }] });
        const posts = () =>
          server.logs.filter((l) => l.path === "/api/tiktok/direct_post")
            .map((l) => l.status);
        const before = posts().length;
        const retried = await execute(server, home, "pm3kUnknown00003", env, {
          follow: false,
        });
        assert.deepEqual(posts().slice(before), [502, 502]);
        const failure = only(retried["Post video"][0]);
        assert.deepEqual([failure.error, failure.outcome], [
          "tiktok_error",
          "unknown",
        ]);
        assert.equal(
          only(retried["No result"][0]).error,
          "No Publish ID: the input item has no publish_id",
        );
        assert.equal(await initsAtTikTok(server, me), 0, "never posted");
      },
    );
  },
});

Deno.test({
  name:
    "Post Video refusals in a real n8n: links_forbidden reaches the error output with PM3K's message, and interval_limit with On Error → Continue carries minutes_left and retry_after",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_refusals",
      {},
      async (run) => {
        const { server, me } = run;
        const posted = await directPost(me, {
          source_url: await me.uploadVideo(),
          title: "Posted from elsewhere",
          privacy: "SELF_ONLY",
        });
        assert.equal(posted.status, 200, await posted.text());
        const post = (
          name: string,
          title: string,
          extra: Record<string, unknown>,
        ) => postVideo(name, "={{ $json.url }}", title, extra);
        // PM3K's own file: fetched back over loopback.
        const upload = uploadFromUrl("Upload", await me.uploadVideo());
        const workflow = chain("pm3kRefusals0001", [start(), upload], {
          Upload: { main: [[{ node: "With a link" }, { node: "Too soon" }]] },
        });
        workflow.nodes.push(
          post("With a link", "See www.example.com", toErrorOutput),
          post("Too soon", "A second post within the hour", toMainOutput),
        );
        const out = await importAndExecute(run, workflow, { follow: false });
        const link = only(out["With a link"][1]);
        assert.equal(link.error, "links_forbidden");
        assert.equal(typeof link.message, "string");
        // n8n merges the error output's item into the input item: the
        // upload's fields stay beside PM3K's code and message.
        assert.equal(typeof link.upload_id, "string");
        const soon = only(out["Too soon"][0]);
        assert.equal(soon.error, "interval_limit");
        assert.match(
          String(soon.message),
          /^You must wait about \d+ more minutes before next TikTok post\.$/,
        );
        assert.equal(typeof soon.minutes_left, "number");
        assert.ok(Date.parse(String(soon.retry_after)) > server.clock.now());
      },
    );
  },
});

Deno.test({
  name:
    "Wait for Result in a real n8n when TikTok fails the publish: publish_failed with TikTok's reason and its sentence on the error output, and fail_reason, fail_message, publish_id and status with On Error → Continue",
  ignore: !n8nInstalled,
  async fn() {
    await withNodeInN8n(
      "n8n_publish_failed",
      {},
      async (run) => {
        const { me } = run;
        await me.sandbox({
          faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
        });
        const wait = (name: string, extra: Record<string, unknown>) =>
          waitForResult(name, { publishId: "={{ $json.publish_id }}" }, extra);
        const workflow = chain("pm3kFailedPub001", [
          start(),
          postVideo("Post video", await me.uploadVideo(), "Flagged", {}),
        ], {
          "Post video": {
            main: [[{ node: "Wait (error output)" }, {
              node: "Wait (continue)",
            }]],
          },
        });
        workflow.nodes.push(
          wait("Wait (error output)", toErrorOutput),
          wait("Wait (continue)", toMainOutput),
        );
        const out = await importAndExecute(run, workflow);
        const failed = only(out["Wait (error output)"][1]);
        assert.equal(failed.error, "publish_failed");
        const sentence =
          "TikTok flagged the caption as spam. Change the caption before posting again.";
        assert.equal(
          failed.message,
          `TikTok publish failed (spam_risk_text): ${sentence}`,
        );
        const continued = only(out["Wait (continue)"][0]);
        assert.deepEqual(
          [
            continued.error,
            continued.fail_reason,
            continued.fail_message,
            continued.status,
          ],
          ["publish_failed", "spam_risk_text", sentence, "FAILED"],
        );
        assert.equal(typeof continued.publish_id, "string");
      },
    );
  },
});
