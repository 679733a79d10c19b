/**
 * The composer's rules as plain functions (docs/dashboard.md#compose):
 * when the post button waits, what the time chosen allows, the words for a
 * post that failed to be sent, the album's request for automations and the
 * video the composer starts with. The browser tests check the same through
 * the page; these pin each rule alone.
 */
import assert from "node:assert/strict";
import { ApiCallError } from "../components/api_client.ts";
import { composeState } from "../components/compose/compose_state.ts";
import type { ComposeInput } from "../components/compose/compose_state.ts";
import { toLocalInput } from "../components/local_times.ts";
import { composerInput } from "../lib/tiktok_app/composer_check.tsx";
import { failedOutcome } from "../components/compose/post_outcome.ts";
import { albumRequest } from "../components/compose/post_requests.ts";
import type { ComposeChoices } from "../components/compose_rules.ts";
import { NOTHING_CHOSEN } from "./_helpers/compose_choices.ts";
import { scheduleTiming } from "../components/compose/schedule_timing.ts";
import {
  againVideos,
  startingVideo,
} from "../components/compose/video_choices.ts";
import type { CreatorInfoResponse } from "../lib/http/api_responses.ts";
import type { ComposePrefill } from "../lib/posting/post_again.ts";
import { OUTCOME_UNKNOWN_SENTENCE } from "../lib/tiktok/fail_reasons.ts";
// The server's words, given to the components as a page render does.
import "../lib/islands/page_words.ts";

const NOW = Date.parse("2026-12-03T10:00:00Z");
const HOUR = 3600_000;
/** A `datetime-local` value `ms` from NOW, in this runtime's zone. */
const localIn = (ms: number) => toLocalInput(new Date(NOW + ms).toISOString());
const at = (ms: number) => new Date(NOW + ms).toISOString();

const INFO: CreatorInfoResponse = {
  ok: true,
  available: true,
  creator_nickname: "Nick",
  creator_username: "nick",
  creator_avatar_url: "",
  privacy_level_options: ["PUBLIC_TO_EVERYONE", "SELF_ONLY"],
  max_video_post_duration_sec: 60,
  comment_disabled: false,
  duet_disabled: false,
  stitch_disabled: false,
  app_audited: true,
};

/** A video post ready to go now: creator_info in, privacy chosen. */
const READY: ComposeInput = composerInput({
  info: INFO,
  appAudited: true,
  canDraft: true,
  source: "https://files.example/v.mp4",
  seconds: 12,
  privacy: "PUBLIC_TO_EVERYONE",
});

const state = (change: Partial<ComposeInput>) =>
  composeState({ ...READY, ...change }, NOW);

Deno.test("the post button waits for creator_info, privacy, media and a time to schedule at, and no longer", () => {
  assert.equal(state({}).blocked, false);
  assert.equal(state({ info: null }).blocked, true);
  const noPrivacy = state({ privacy: "" });
  assert.equal(noPrivacy.blocked, true);
  assert.equal(noPrivacy.needsPrivacy, true);
  assert.equal(state({ source: "" }).blocked, true);
  assert.equal(state({ source: "" }).needsMedia, "video");
  assert.equal(state({ mode: "photo" }).blocked, true);
  assert.equal(state({ mode: "photo" }).needsMedia, "photo");
  assert.equal(state({}).needsMedia, null);
  assert.equal(
    state({ mode: "photo", images: ["https://files.example/1.jpg"] }).blocked,
    false,
  );
  // A photo still uploading holds the button: the post would leave it out.
  const photoOnItsWay = state({
    mode: "photo",
    images: ["https://files.example/1.jpg"],
    uploading: true,
  });
  assert.equal(photoOnItsWay.blocked, true);
  assert.equal(photoOnItsWay.needsMedia, "uploading");
  // A video uploading is said instead of "choose one"; one chosen is posted.
  assert.equal(state({ source: "", uploading: true }).needsMedia, "uploading");
  assert.equal(state({ uploading: true }).blocked, false);
  assert.equal(state({ when: "schedule" }).blocked, true);
  assert.equal(
    state({ when: "schedule", localRunAt: localIn(2 * HOUR) }).blocked,
    false,
  );
  assert.equal(state({ busy: true }).blocked, true);
  assert.equal(
    state({ caption: { problem: null, overLimit: true } }).blocked,
    true,
  );
});

Deno.test("branded content with Only me alone offered holds the button on the disclosure, not on a privacy to choose", () => {
  const branded = { disclose: true, brandedContent: true };
  // An unaudited app: Only me is the one option, and branded content
  // cannot take it, so there is nothing to choose.
  const unaudited = state({ ...branded, appAudited: false, privacy: "" });
  assert.equal(unaudited.blocked, true);
  assert.equal(unaudited.needsPrivacy, false);
  assert.equal(unaudited.privateBranded, true);
  // Audited, other options are there to choose.
  const audited = state({ ...branded, privacy: "" });
  assert.equal(audited.needsPrivacy, true);
  assert.equal(audited.privateBranded, false);
  // Only me chosen before branded content was ticked.
  const chosen = state({ ...branded, privacy: "SELF_ONLY" });
  assert.equal(chosen.blocked, true);
  assert.equal(chosen.privateBranded, true);
  assert.equal(
    state({ ...branded, privacy: "PUBLIC_TO_EVERYONE" }).blocked,
    false,
  );
});

Deno.test("TikTok refusing posts stops the composer; an unaudited app offers only Only me", () => {
  const refused = state({ infoError: "TikTok says no." });
  assert.equal(refused.cannotPost, true);
  assert.equal(refused.blocked, true);
  assert.equal(refused.needsPrivacy, false);
  assert.equal(state({ info: { ...INFO, available: false } }).cannotPost, true);
  assert.deepEqual(state({ appAudited: false }).privacyOptions, ["SELF_ONLY"]);
  assert.deepEqual(state({}).privacyOptions, INFO.privacy_level_options);
});

Deno.test("a draft needs no privacy and discloses nothing; without the grant the box does not count", () => {
  const draft = state({
    toDrafts: true,
    privacy: "",
    disclose: true,
    brandedContent: true,
  });
  assert.equal(draft.drafting, true);
  assert.equal(draft.branded, false);
  assert.equal(draft.choiceMissing, false);
  assert.equal(draft.blocked, false);
  assert.equal(state({ toDrafts: true, canDraft: false }).drafting, false);
});

Deno.test("an open disclosure needs a box, and branded content cannot be private", () => {
  const neither = state({ disclose: true });
  assert.equal(neither.choiceMissing, true);
  assert.equal(neither.blocked, true);
  assert.equal(state({ disclose: true, yourBrand: true }).blocked, false);
  const branded = state({ disclose: true, brandedContent: true });
  assert.equal(branded.branded, true);
  assert.equal(branded.blocked, false);
  assert.equal(
    state({ disclose: true, brandedContent: true, privacy: "SELF_ONLY" })
      .blocked,
    true,
  );
});

Deno.test("a video longer than the creator may post is named with both lengths and waits", () => {
  const long = state({ seconds: 61 });
  assert.deepEqual(long.tooLong, { seconds: 61, maxSeconds: 60 });
  assert.equal(long.blocked, true);
  assert.equal(state({ seconds: 60 }).tooLong, null);
  assert.equal(state({ seconds: 61, mode: "photo" }).tooLong, null);
  assert.equal(
    state({ seconds: 61, info: { ...INFO, max_video_post_duration_sec: null } })
      .tooLong,
    null,
  );
});

Deno.test("a post made again whose media is gone says so until other media is chosen", () => {
  const again = { kind: "video" as const, mediaMissing: "Gone." };
  assert.equal(state({ again, source: "" }).againMissing, "Gone.");
  assert.equal(state({ again }).againMissing, "");
  assert.equal(state({ again, source: "", mode: "photo" }).againMissing, "");
});

Deno.test("Now waits out TikTok's cooldown and is named when the limits take the next post later", () => {
  const paused = state({ cooldownUntil: at(HOUR) });
  assert.equal(paused.inCooldown, true);
  assert.equal(paused.nowPaused, true);
  assert.equal(paused.blocked, true);
  assert.equal(state({ cooldownUntil: at(-HOUR) }).inCooldown, false);
  const scheduled = state({
    cooldownUntil: at(HOUR),
    when: "schedule",
    localRunAt: localIn(2 * HOUR),
  });
  assert.equal(scheduled.nowPaused, false);
  assert.equal(scheduled.blocked, false);

  const timing = (nextFree: string, when: "now" | "schedule" = "now") =>
    scheduleTiming(
      { when, localRunAt: "", nextFree, cooldownUntil: null, latestKept: null },
      NOW,
    );
  // Within the minute counts as now: next_post_at is whole minutes.
  assert.equal(timing(at(59_000)).nowIsFree, true);
  assert.equal(timing(at(59_000)).nowIsLimited, false);
  assert.equal(timing(at(HOUR)).nowIsFree, false);
  assert.equal(timing(at(HOUR)).nowIsLimited, true);
  assert.equal(timing(at(HOUR), "schedule").nowIsLimited, false);
});

Deno.test("a time to schedule at is named when it has passed or is before the next free time", () => {
  const timing = (localRunAt: string) =>
    scheduleTiming(
      {
        when: "schedule",
        localRunAt,
        nextFree: at(3 * HOUR),
        cooldownUntil: null,
        latestKept: null,
      },
      NOW,
    );
  assert.equal(timing(localIn(-HOUR)).runAtPassed, true);
  assert.equal(timing(localIn(-HOUR)).beforeNextFree, false);
  assert.equal(timing(localIn(HOUR)).beforeNextFree, true);
  assert.equal(timing(localIn(4 * HOUR)).beforeNextFree, false);
  assert.equal(timing("").runAtPassed, false);
  assert.equal(
    state({ when: "schedule", localRunAt: localIn(-HOUR) }).blocked,
    true,
  );
});

Deno.test("a time to schedule at past what the plan keeps the media for is named and cannot be sent", () => {
  const latestKept = at(47 * HOUR);
  const kept = (localRunAt: string) =>
    state({ when: "schedule", localRunAt, latestKept });
  assert.equal(kept(localIn(47 * HOUR)).pastKept, false, "the latest itself");
  assert.equal(kept(localIn(47 * HOUR)).blocked, false);
  assert.equal(kept(localIn(47 * HOUR + 60_000)).pastKept, true);
  assert.equal(kept(localIn(47 * HOUR + 60_000)).blocked, true);
  assert.equal(
    state({ when: "now", latestKept }).pastKept,
    false,
    "a post now is not kept",
  );
  assert.equal(
    state({ when: "schedule", localRunAt: localIn(99 * HOUR) }).pastKept,
    false,
    "media the plan does not hold (latestKept null) is not judged",
  );
});

Deno.test("a send that got no answer is never called refused and is pressed again, not reloaded; an unknown outcome says where it is listed", () => {
  const unanswered = new ApiCallError("network_error", "unreachable");
  const now = failedOutcome(unanswered, "now", "video", "video");
  assert.equal(now.kind, "error");
  assert.match(
    now.kind === "error" ? now.message : "",
    /may or may not have been sent\..*press the button again\. It is never posted twice/,
  );
  const later = failedOutcome(unanswered, "schedule", "video", "video");
  assert.match(
    later.kind === "error" ? later.message : "",
    /may or may not have been scheduled\./,
  );
  const unknown = failedOutcome(
    new ApiCallError("tiktok_timeout", "slow", { outcome: "unknown" }),
    "now",
    "video",
    "video",
  );
  // Kept whatever follows: no madeOf to tell it apart by.
  assert.deepEqual(unknown, {
    kind: "error",
    code: "tiktok_timeout",
    message:
      `${OUTCOME_UNKNOWN_SENTENCE} It is listed under Your posts as “Outcome unknown”.`,
  });
  assert.deepEqual(failedOutcome(new Error("Boom."), "now", "video", "v"), {
    kind: "error",
    code: "error",
    madeOf: "v",
    message: "Boom.",
  });
});

Deno.test("media posted already is refused in the dashboard's words, photos as photos, a scheduled post in the way by its time", () => {
  const api =
    "This video URL was already used for this TikTok account recently.";
  const posted = new ApiCallError("video_duplicate", api, { post_id: "p1" });
  const message = (mode: "video" | "photo", error = posted) => {
    const o = failedOutcome(error, "now", mode, mode);
    return o.kind === "error" ? o.message : "";
  };
  assert.equal(
    message("video"),
    "This video was already posted on this TikTok account in the last 12 months.",
  );
  assert.equal(
    message("photo"),
    "These photos were already posted on this TikTok account in the last 12 months.",
  );
  const held = new ApiCallError("video_duplicate", api, {
    job_id: "j1",
    run_at: "2026-12-06T10:00:00.000Z",
  });
  assert.match(
    message("video", held),
    /^A post scheduled for .* already has this video/,
  );
  assert.match(
    message("photo", held),
    /^A post scheduled for .* already has these photos/,
  );
});

Deno.test("the album's request for automations is a photo post, for direct_post or as a job", () => {
  const choices: ComposeChoices = {
    ...NOTHING_CHOSEN,
    photoImages: ["https://files.example/1.jpg"],
    title: "Hi",
    privacy: "SELF_ONLY",
  };
  const direct = albumRequest("direct", choices, "2030-01-01T00:00:00.000Z");
  assert.equal(direct.media_type, "PHOTO");
  assert.deepEqual(direct.photo_images, choices.photoImages);
  assert.equal(direct.brand, "");
  assert.equal("source_url" in direct, false);
  const job = albumRequest("job", choices, "2030-01-01T00:00:00.000Z");
  assert.deepEqual(Object.keys(job).slice(0, 3), [
    "kind",
    "run_at",
    "media_type",
  ]);
  assert.equal(job.run_at, "2030-01-01T00:00:00.000Z");
});

Deno.test("the composer starts from a post made again's own video, else the newest not posted", () => {
  const videos = [
    { url: "https://files.example/new.mp4", filename: "new.mp4", posted: true },
    { url: "https://files.example/old.mp4", filename: "old.mp4" },
  ];
  assert.equal(startingVideo(videos, null, true), videos[1].url);
  assert.equal(startingVideo(videos, null, false), "");
  const again = {
    video: {
      url: "https://files.example/older.mp4",
      filename: "older.mp4",
      duration_sec: 5,
    },
  } as ComposePrefill;
  assert.equal(startingVideo(videos, again, true), again.video!.url);
  assert.equal(
    startingVideo(videos, { video: null } as ComposePrefill, true),
    "",
  );
  assert.deepEqual(againVideos(videos, again).map((v) => v.filename), [
    "older.mp4",
    "new.mp4",
    "old.mp4",
  ]);
  assert.equal(againVideos(videos, null), videos);
});
