/**
 * The creator rules judged from creator_info alone (creator_rules.ts):
 * privacy options, longest video, ad disclosure, and the interaction
 * settings a post cannot turn back on.
 */
import assert from "node:assert/strict";
import {
  checkCreatorRules,
  interactionFlags,
} from "../lib/posting/creator_rules.ts";
import type { CreatorInfo } from "../lib/tiktok/creator_info_record.ts";
import type { VideoProbe } from "../lib/media/media_record.ts";
import { AppError } from "../lib/errors.ts";

const INFO: CreatorInfo = {
  creatorUsername: "maker",
  creatorNickname: "Maker",
  privacyLevelOptions: ["PUBLIC_TO_EVERYONE", "SELF_ONLY"],
  commentDisabled: false,
  duetDisabled: false,
  stitchDisabled: false,
  maxVideoPostDurationSec: 60,
};
const NO_AD = { isAd: false, adYourBrand: false, adBrandedContent: false };

function video(durationSec: number | null): { video: VideoProbe } {
  return {
    video: {
      width: 1080,
      height: 1920,
      rotation: 0,
      displayWidth: 1080,
      displayHeight: 1920,
      durationSec,
    },
  };
}

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, "bad_request");
    return error;
  }
  assert.fail("expected a bad_request refusal");
}

Deno.test("a privacy level the creator does not offer is refused, naming the allowed ones", () => {
  const error = refusal(() =>
    checkCreatorRules(INFO, "MUTUAL_FOLLOW_FRIENDS", video(10), NO_AD)
  );
  assert.equal(
    error.message,
    "privacy MUTUAL_FOLLOW_FRIENDS is not allowed for this TikTok account; allowed: PUBLIC_TO_EVERYONE, SELF_ONLY.",
  );
  assert.deepEqual(error.extra, {
    allowed_privacy: ["PUBLIC_TO_EVERYONE", "SELF_ONLY"],
  });
});

Deno.test("a video longer than the creator's maximum is refused; at the maximum, unknown or unlimited it passes", () => {
  const error = refusal(() =>
    checkCreatorRules(INFO, "SELF_ONLY", video(61), NO_AD)
  );
  assert.equal(
    error.message,
    "The video lasts 61 s; this TikTok account may post at most 60 s.",
  );
  checkCreatorRules(INFO, "SELF_ONLY", video(60), NO_AD);
  checkCreatorRules(INFO, "SELF_ONLY", video(null), NO_AD);
  checkCreatorRules(
    { ...INFO, maxVideoPostDurationSec: 0 },
    "SELF_ONLY",
    video(3600),
    NO_AD,
  );
  checkCreatorRules(INFO, "SELF_ONLY", { video: null }, NO_AD);
});

Deno.test("without creator_info (a TikTok cooldown) only the ad rules apply", () => {
  checkCreatorRules(null, "FOLLOWER_OF_CREATOR", video(9999), NO_AD);
  refusal(() =>
    checkCreatorRules(null, "SELF_ONLY", video(10), {
      ...NO_AD,
      adBrandedContent: true,
    })
  );
});

Deno.test("an ad must say whose brand it promotes, and branded content cannot be SELF_ONLY", () => {
  assert.match(
    refusal(() =>
      checkCreatorRules(INFO, "PUBLIC_TO_EVERYONE", video(10), {
        ...NO_AD,
        isAd: true,
      })
    ).message,
    /is_ad requires ad_your_brand or ad_branded_content/,
  );
  assert.match(
    refusal(() =>
      checkCreatorRules(INFO, "SELF_ONLY", video(10), {
        isAd: true,
        adYourBrand: false,
        adBrandedContent: true,
      })
    ).message,
    /Branded content cannot be posted with privacy SELF_ONLY/,
  );
  checkCreatorRules(INFO, "SELF_ONLY", video(10), {
    isAd: true,
    adYourBrand: true,
    adBrandedContent: false,
  });
  checkCreatorRules(INFO, "PUBLIC_TO_EVERYONE", video(10), {
    isAd: true,
    adYourBrand: false,
    adBrandedContent: true,
  });
});

Deno.test("interactions the creator disabled stay disabled; the post may disable more", () => {
  const none = {
    disableComment: false,
    disableDuet: false,
    disableStitch: false,
  };
  assert.deepEqual(interactionFlags(none, INFO), {
    disable_comment: false,
    disable_duet: false,
    disable_stitch: false,
  });
  assert.deepEqual(
    interactionFlags(none, {
      ...INFO,
      commentDisabled: true,
      duetDisabled: true,
      stitchDisabled: true,
    }),
    { disable_comment: true, disable_duet: true, disable_stitch: true },
  );
  assert.deepEqual(
    interactionFlags({ ...none, disableDuet: true }, null),
    { disable_comment: false, disable_duet: true, disable_stitch: false },
  );
  assert.deepEqual(
    interactionFlags({ ...none, disableComment: true, disableStitch: true }, {
      ...INFO,
      duetDisabled: true,
    }),
    { disable_comment: true, disable_duet: true, disable_stitch: true },
  );
});
