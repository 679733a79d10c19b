/**
 * audit-check's "posting screen" line
 * (docs/tiktok-audit.md#checking-before-you-submit): the composer's
 * posting fields rendered here, as the server renders them, for simulated
 * creators whose creator_info is TikTok's example answers (a public and a
 * private account), for a video and a photo post, with the check's
 * TIKTOK_APP_AUDITED. The rendered
 * HTML is read as a reviewer's screen: what "Who can view this post"
 * lists, that nothing is chosen and the button waits for a choice, the
 * interactions under TikTok's names and unticked (greyed where
 * creator_info turns them off, with the reason in their own row), "Disclose
 * post content" so named and off, and the Music Usage Confirmation
 * linked above the post button; then after a reviewer's next steps
 * (composerStepProblems): each disclosure choice under TikTok's names,
 * with its sentences, labels and Branded Content Policy, and a video
 * longer than creator_info allows.
 *
 * The fields are rendered from the same components and the same rules
 * (creator_info_json.ts, compose_state.ts) as the composer island; the
 * island's starting state (nothing chosen, nothing ticked) is the browser
 * tests' to prove (tests/browser/compose_audit_test.ts). The server's own
 * page needs a signed-in creator and is not seen here.
 * @module
 */
// The page's words (components/page_words.ts), as a page render gives them.
import { openOnPublicLooking } from "./account_looks_public.ts";
import "../islands/page_words.ts";
import { renderToString } from "preact-render-to-string";
import { DomUtils, parseDocument } from "htmlparser2";
import { creatorInfoJson } from "../http/creator_info_json.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import { composeState } from "../../components/compose/compose_state.ts";
import type { ComposeInput } from "../../components/compose/compose_state.ts";
import { PostingPauseNotices } from "../../components/compose/PostingPauseNotices.tsx";
import { FAIL_REASON_SENTENCES } from "../tiktok/fail_reasons.ts";
import { PrivacyField } from "../../components/compose/PrivacyField.tsx";
import {
  InteractionToggles,
  NO_INTERACTIONS,
} from "../../components/compose/InteractionToggles.tsx";
import { DisclosureFields } from "../../components/compose/DisclosureFields.tsx";
import { ConsentLine } from "../../components/compose/ConsentLine.tsx";
import {
  BRANDED_CONTENT_URL,
  MUSIC_USAGE_URL,
} from "../tiktok/tiktok_policies.ts";
import { VideoPicker } from "../../components/compose/VideoPicker.tsx";
import { PostPreview } from "../../components/compose/PostPreview.tsx";
import { SendButton } from "../../components/compose/SendButton.tsx";
import { PostOutcome } from "../../components/compose/PostOutcome.tsx";
import { processingAfterSend } from "../../components/publish_time_words.ts";
import { MEASURED_POSTS } from "../posting/publish_time.ts";
import { CreatorHeader } from "../../components/compose/CreatorHeader.tsx";
import { UNAUDITED_PRIVACY } from "../posting/app_audit.ts";
import { videoTooLongMessage } from "../media/video_length_message.ts";

/**
 * TikTok's creator_info for a public and a private account, as its
 * reference describes them: a private account offers followers, not
 * everyone, and has Duet and Stitch turned off; the public one has turned
 * comments off, so a greyed box is seen too.
 */
export const SIMULATED_CREATORS: ReadonlyArray<
  { account: string; info: CreatorInfo }
> = [
  {
    account: "public",
    info: {
      creatorAvatarUrl: "https://p16.tiktokcdn.example/audit-public.jpeg",
      creatorUsername: "audit.public",
      creatorNickname: "Audit Public",
      privacyLevelOptions: [
        "PUBLIC_TO_EVERYONE",
        "MUTUAL_FOLLOW_FRIENDS",
        "SELF_ONLY",
      ],
      commentDisabled: true,
      duetDisabled: false,
      stitchDisabled: false,
      maxVideoPostDurationSec: 300,
    },
  },
  {
    account: "private",
    info: {
      creatorAvatarUrl: "https://p16.tiktokcdn.example/audit-private.jpeg",
      creatorUsername: "audit.private",
      creatorNickname: "Audit Private",
      privacyLevelOptions: [
        "FOLLOWER_OF_CREATOR",
        "MUTUAL_FOLLOW_FRIENDS",
        "SELF_ONLY",
      ],
      commentDisabled: false,
      duetDisabled: true,
      stitchDisabled: true,
      maxVideoPostDurationSec: 600,
    },
  },
];

/**
 * What a reviewer has chosen and ticked in the composer; a freshly opened
 * one has chosen nothing, ticked nothing, and holds a 10 s video.
 */
export interface ComposerChoices {
  privacy: string;
  disclose: boolean;
  yourBrand: boolean;
  brandedContent: boolean;
  /** The chosen video's length. */
  seconds: number;
}

const OPENED: ComposerChoices = {
  privacy: "",
  disclose: false,
  yourBrand: false,
  brandedContent: false,
  seconds: 10,
};

/**
 * The composer island's state for compose_state.ts: a video post, now,
 * nothing chosen, sent or uploading, with `given` in place of each
 * default (tests/compose_state_test.ts starts from it too).
 */
export function composerInput(given: Partial<ComposeInput>): ComposeInput {
  return {
    info: null,
    infoError: null,
    appAudited: false,
    canDraft: false,
    canPublish: true,
    again: null,
    mode: "video",
    source: "",
    posted: false,
    images: [],
    uploading: false,
    seconds: null,
    toDrafts: false,
    privacy: "",
    disclose: false,
    yourBrand: false,
    brandedContent: false,
    caption: { problem: null, overLimit: false },
    when: "now",
    localRunAt: "",
    nextFree: null,
    cooldownUntil: null,
    latestKept: null,
    busy: false,
    ...given,
  };
}

/** The photo of a rendered photo post. */
const PHOTO_URL = "https://files.example/photo.jpg";

/**
 * The composer's posting fields as `info`'s creator sees them, a video
 * chosen and a caption typed: freshly opened unless `choices` say what
 * the creator has chosen and ticked since.
 */
export function renderComposerFields(
  info: CreatorInfo,
  appAudited: boolean,
  mode: "video" | "photo" = "video",
  choices: Partial<ComposerChoices> = {},
): string {
  const chosen = { ...OPENED, ...choices };
  const json = creatorInfoJson(info, appAudited);
  const source = mode === "video" ? "https://files.example/video.mp4" : "";
  const images = mode === "photo" ? [PHOTO_URL] : [];
  const state = composeState(composerInput({
    info: { ok: true, ...json },
    appAudited,
    mode,
    source,
    images,
    seconds: chosen.seconds,
    privacy: chosen.privacy,
    disclose: chosen.disclose,
    yourBrand: chosen.yourBrand,
    brandedContent: chosen.brandedContent,
  }));
  const none = () => {};
  return renderToString(
    <form>
      {
        /* The account's own name and avatar stand in only while creator_info
        names no one: here it does, so they must not show. */
      }
      <CreatorHeader
        info={{ ok: true, ...json }}
        refused={false}
        avatarUrl="https://pm3k.example/account-avatar.jpeg"
        accountName="The account's own name"
      />
      {mode === "video" && (
        <VideoPicker
          videos={[{
            url: source,
            filename: "video.mp4",
            duration_sec: chosen.seconds,
          }]}
          source={source}
          onChoose={none}
          againMissing=""
          tooLong={state.tooLong}
          posted={false}
        />
      )}
      <PostPreview
        mode={mode}
        source={source}
        images={images}
        coverIndex={0}
        onCover={none}
        videoRef={{ current: null }}
        onVideoLoaded={none}
      />
      <PrivacyField
        value={chosen.privacy}
        options={state.privacyOptions}
        appAudited={appAudited}
        openOnPublic={appAudited ? null : openOnPublicLooking(json)}
        branded={state.branded}
        onChoose={none}
      />
      <InteractionToggles
        allow={NO_INTERACTIONS}
        mode={mode}
        info={{ ok: true, ...json }}
        onChange={none}
      />
      <DisclosureFields
        disclose={chosen.disclose}
        yourBrand={chosen.yourBrand}
        brandedContent={chosen.brandedContent}
        privacy={chosen.privacy}
        mode={mode}
        branded={state.branded}
        choiceMissing={state.choiceMissing}
        onDisclose={none}
        onYourBrand={none}
        onBrandedContent={none}
      />
      <ConsentLine branded={state.branded} />
      <SendButton state={state} busy={false} when="now" drafts={false} />
    </form>,
  );
}

/** What a reviewer's screen shows wrong in `html`, in words; [] if nothing. */
export function composerProblems(
  html: string,
  info: CreatorInfo,
  appAudited: boolean,
  mode: "video" | "photo" = "video",
): string[] {
  const doc = parseDocument(html);
  const byTestId = (id: string) =>
    DomUtils.findOne(
      (e) => e.attribs["data-testid"] === id,
      doc.children,
    );
  const text = (e: ReturnType<typeof DomUtils.findOne>) =>
    e ? DomUtils.textContent(e).replace(/\s+/g, " ").trim() : "";
  const problems: string[] = [];
  // TikTok's point 1: the creator named from creator_info, with the avatar.
  const creator = byTestId("post-creator");
  const named =
    `Posting to ${info.creatorNickname} (@${info.creatorUsername}) on TikTok`;
  if (text(creator) !== named) {
    problems.push(
      `the creator line says "${
        text(creator)
      }", not "${named}" from creator_info`,
    );
  }
  const avatar = creator
    ? DomUtils.findOne((e) => e.name === "img", creator.children)
    : null;
  if (avatar?.attribs.src !== info.creatorAvatarUrl) {
    problems.push("the creator's avatar from creator_info is not shown");
  }
  const select = byTestId("post-privacy");
  const options = select
    ? DomUtils.findAll((e) => e.name === "option", select.children)
    : [];
  const offered = options.filter((o) => o.attribs.value !== "");
  const wanted = appAudited
    ? info.privacyLevelOptions
    : info.privacyLevelOptions.filter((p) => p === UNAUDITED_PRIVACY);
  const values = offered.map((o) => o.attribs.value);
  if (
    values.length !== wanted.length || !wanted.every((p) => values.includes(p))
  ) {
    problems.push(
      `"Who can view this post" offers ${values.join(", ") || "nothing"}, not ${
        wanted.join(", ")
      }`,
    );
  }
  // TikTok's words, never its field names (PUBLIC_TO_EVERYONE).
  const coded = offered.filter((o) => /^[A-Z_]+$/.test(text(o)));
  if (coded.length > 0) {
    problems.push(
      `"Who can view this post" shows TikTok's codes (${
        coded.map(text).join(", ")
      }), not its words`,
    );
  }
  const chosen = options.filter((o) => "selected" in o.attribs);
  if (chosen.some((o) => o.attribs.value !== "")) {
    problems.push(
      `"Who can view this post" starts with ${
        chosen.map(text).join(", ")
      } chosen: TikTok wants no default`,
    );
  }
  if (!appAudited && !byTestId("post-unaudited")) {
    problems.push(`no notice says why "Only me" alone is offered`);
  }
  const button = byTestId("post-submit");
  if (!button || !("disabled" in button.attribs)) {
    problems.push("the post button does not wait for a privacy to be chosen");
  } else if (
    !DomUtils.findOne(
      (e) => e.attribs.id === "post-needs-privacy",
      doc.children,
    )
  ) {
    problems.push(`the post button does not say a privacy must be chosen`);
  }
  const offWhere = {
    comment: info.commentDisabled,
    duet: info.duetDisabled,
    stitch: info.stitchDisabled,
  };
  /** The words of the label holding (or naming) the checkbox `box`. */
  const labelText = (box: Element) =>
    text(
      labelAround(box) ?? (box.attribs.id
        ? DomUtils.findOne(
          (e) => e.name === "label" && e.attribs.for === box.attribs.id,
          doc.children,
        )
        : null),
    );
  for (const [key, off] of Object.entries(offWhere)) {
    const box = byTestId(`post-allow-${key}`);
    // TikTok's photo posts take comments only: no Duet or Stitch to offer.
    if (mode === "photo" && key !== "comment") {
      if (box) problems.push(`a photo post offers "Allow ${key}"`);
      continue;
    }
    if (!box) {
      problems.push(`no "Allow ${key}" box`);
      continue;
    }
    if ("checked" in box.attribs) {
      problems.push(`"Allow ${key}" starts ticked: TikTok wants it off`);
    }
    // TikTok's name for the interaction after "Allow", its plural too: the
    // composer's "Allow comments" (docs/tiktok-audit.md#checking-before-you-submit).
    const name = TIKTOK_SAYS.interactions[key as keyof typeof offWhere];
    const label = labelText(box);
    if (!new RegExp(`^Allow ${name}s?$`, "i").test(label)) {
      problems.push(
        `the ${key} box says "${label}", not TikTok's "Allow ${name}"`,
      );
    }
    if (off && !("disabled" in box.attribs)) {
      problems.push(
        `"Allow ${key}" is not greyed though creator_info turns it off`,
      );
    }
    if ("disabled" in box.attribs && !reasonBeside(box, doc)) {
      problems.push(`"Allow ${key}" is greyed with no reason beside it`);
    }
  }
  const disclose = byTestId("post-is_ad");
  if (!disclose || "checked" in disclose.attribs) {
    problems.push(`"Disclose post content" does not start off`);
  }
  if (disclose && labelText(disclose) !== TIKTOK_SAYS.disclose) {
    problems.push(
      `the disclosure toggle says "${
        labelText(disclose)
      }", not TikTok's "${TIKTOK_SAYS.disclose}"`,
    );
  }
  const consent = byTestId("post-declaration");
  const links = consent
    ? DomUtils.findAll((e) => e.name === "a", consent.children)
    : [];
  if (
    !text(consent).startsWith("By posting, you agree to TikTok's") ||
    !links.some((a) => a.attribs.href === MUSIC_USAGE_URL)
  ) {
    problems.push(
      "the consent line above the button does not link TikTok's Music Usage Confirmation",
    );
  } else if (text(consent) !== TIKTOK_SAYS.musicConsent) {
    // Nothing disclosed: TikTok's sentence names its music page alone.
    problems.push(
      `with nothing disclosed, the consent line says "${
        text(consent)
      }", not "${TIKTOK_SAYS.musicConsent}"`,
    );
  }
  problems.push(...previewProblems(doc, mode));
  // TikTok's guidelines put the consent "before the publish button": read
  // first, not under the button once the click is made.
  const inOrder = DomUtils.findAll(() => true, doc.children);
  if (consent && button && inOrder.indexOf(consent) > inOrder.indexOf(button)) {
    problems.push(
      "the consent line is under the post button: TikTok wants it before the button",
    );
  }
  return problems;
}

/** An element of the parsed composer. */
type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;

/**
 * TikTok's point 6, "preview": the content to be posted shown before the
 * post button, so the creator sees what they post
 * (docs/dashboard.md#tiktok-audit-checklist). A video post's preview holds
 * a video playing the chosen video (the selected `post-source`); a photo
 * post's, each photo. [] if it does.
 */
function previewProblems(
  doc: ReturnType<typeof parseDocument>,
  mode: "video" | "photo",
): string[] {
  const find = (test: (e: Element) => boolean, within = doc.children) =>
    DomUtils.findOne(test, within);
  const preview = find((e) => e.attribs["data-testid"] === "post-preview");
  const button = find((e) => e.attribs["data-testid"] === "post-submit");
  if (!preview) return ["no preview shows the content before it is posted"];
  const inOrder = DomUtils.findAll(() => true, doc.children);
  const problems: string[] = [];
  if (button && inOrder.indexOf(preview) > inOrder.indexOf(button)) {
    problems.push(
      "the preview is under the post button: TikTok wants it seen before posting",
    );
  }
  if (mode === "video") {
    const picker = find((e) => e.attribs["data-testid"] === "post-source");
    const chosen = picker
      ? find(
        (e) => e.name === "option" && "selected" in e.attribs,
        picker.children,
      )
      : null;
    const video = find((e) => e.name === "video", preview.children);
    if (!video?.attribs.src) {
      problems.push("the preview shows no video: the chosen video is not seen");
    } else if (chosen && video.attribs.src !== chosen.attribs.value) {
      problems.push(
        `the preview plays ${video.attribs.src}, not the chosen video ${chosen.attribs.value}`,
      );
    }
  } else if (
    !find((e) => e.name === "img" && !!e.attribs.src, preview.children)
  ) {
    problems.push("the preview shows no photo: the photos are not seen");
  }
  return problems;
}

/** The label `box` sits in, or null. */
function labelAround(box: Element): Element | null {
  let at: Element | null = box;
  while (at && at.name !== "label") {
    at = at.parent?.type === "tag" ? at.parent as Element : null;
  }
  return at;
}

/**
 * Whether the greyed checkbox `box` says why beside it: described by
 * (aria-describedby) words in its own row, as "Turned off in this
 * account's TikTok settings." is. Its row is the nearest element holding
 * both the box and the words, and it must hold no other field and no
 * legend: words elsewhere in the box's section (the disclosure's
 * fieldset, whose "Branded content" is greyed with "Only me" chosen), or
 * in the form, are not beside it
 * (docs/tiktok-audit.md#checking-before-you-submit).
 */
function reasonBeside(
  box: Element,
  doc: ReturnType<typeof parseDocument>,
): boolean {
  const ids = (box.attribs["aria-describedby"] ?? "").split(" ").filter(
    Boolean,
  );
  return ids.some((id) => {
    const reason = DomUtils.findOne(
      (e) => e.attribs.id === id,
      doc.children,
    );
    if (reason === null || DomUtils.textContent(reason).trim() === "") {
      return false;
    }
    let row = box.parent?.type === "tag" ? box.parent as Element : null;
    while (row && !DomUtils.findOne((e) => e === reason, row.children)) {
      row = row.parent?.type === "tag" ? row.parent as Element : null;
    }
    return row !== null && DomUtils.findAll(
          (e) =>
            e !== box &&
            ["input", "select", "textarea", "button", "legend"].includes(
              e.name,
            ),
          row.children,
        ).length === 0;
  });
}

/**
 * TikTok's words for the fields, the disclosure and consent (its audit
 * points 2, 4, 5).
 */
const TIKTOK_SAYS = {
  interactions: { comment: "Comment", duet: "Duet", stitch: "Stitch" },
  disclose: "Disclose post content",
  yourBrand: "Your brand",
  brandedContent: "Branded content",
  choiceMissing:
    "You need to indicate if your content promotes yourself, a third party, or both.",
  musicConsent: "By posting, you agree to TikTok's Music Usage Confirmation.",
  brandedConsent:
    "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.",
  notPrivate: "Branded content visibility cannot be set to private.",
  label: (mode: string, label: string) =>
    `Your ${mode} will be labeled as '${label}'.`,
};

/**
 * What a reviewer's steps after opening the composer show wrong, in
 * words; [] if nothing: turning the disclosure on (TikTok's sentence
 * holding the button), "Your brand", "Branded content" and both (the label
 * TikTok adds, the Branded Content Policy in the consent line, "Only me"
 * closed), "Only me" chosen (branded content closed), and for a video one
 * second longer than creator_info's max_video_post_duration_sec (said
 * and refused) or exactly as long (taken). `render` gives the composer's
 * HTML after `choices`.
 */
export function composerStepProblems(
  render: (choices: Partial<ComposerChoices>) => string,
  info: CreatorInfo,
  appAudited: boolean,
  mode: "video" | "photo" = "video",
): string[] {
  const problems: string[] = [];
  // A privacy branded content may take: anything but "Only me", which is
  // all an unaudited app offers.
  const privacy = appAudited
    ? info.privacyLevelOptions.find((p) => p !== UNAUDITED_PRIVACY) ??
      UNAUDITED_PRIVACY
    : UNAUDITED_PRIVACY;
  const read = (choices: Partial<ComposerChoices>) => {
    const doc = parseDocument(render(choices));
    const find = (test: (e: Element) => boolean) =>
      DomUtils.findOne(test, doc.children);
    const byTestId = (id: string) =>
      find((e) => e.attribs["data-testid"] === id);
    const text = (e: Element | null) =>
      e ? DomUtils.textContent(e).replace(/\s+/g, " ").trim() : "";
    const button = byTestId("post-submit");
    /** The button waits, described by the element `id` (or by nothing). */
    const waits = (id?: string) =>
      button !== null && "disabled" in button.attribs &&
      (id === undefined ||
        (button.attribs["aria-describedby"] ?? "").split(" ").includes(id) &&
          find((e) => e.attribs.id === id) !== null);
    const consent = byTestId("post-declaration");
    const links = consent
      ? DomUtils.findAll((e) => e.name === "a", consent.children).map((a) =>
        a.attribs.href
      )
      : [];
    const onlyMe = find((e) =>
      e.name === "option" && e.attribs.value === UNAUDITED_PRIVACY
    );
    return { doc, byTestId, text, button, waits, consent, links, onlyMe };
  };
  const said = (what: string, got: string, wanted: string) => {
    if (got !== wanted) {
      problems.push(`${what}, the composer says "${got}", not "${wanted}"`);
    }
  };

  const missing = read({ privacy, disclose: true });
  const stepMissing = `with "Disclose post content" on and neither box ticked`;
  said(
    stepMissing,
    missing.text(missing.byTestId("post-ad-label")),
    TIKTOK_SAYS.choiceMissing,
  );
  if (!missing.waits("post-ad-label")) {
    problems.push(
      `${stepMissing}, the post button does not wait, described by TikTok's sentence`,
    );
  }
  for (
    const [id, wanted] of [
      ["post-ad_your_brand", TIKTOK_SAYS.yourBrand],
      ["post-ad_branded_content", TIKTOK_SAYS.brandedContent],
    ]
  ) {
    const box = missing.byTestId(id);
    const label = missing.text(box && labelAround(box));
    if (label !== wanted) {
      problems.push(
        `with "Disclose post content" on, a box says "${label}", not TikTok's "${wanted}"`,
      );
    }
  }

  const own = read({ privacy, disclose: true, yourBrand: true });
  said(
    `with "Your brand" ticked`,
    own.text(own.byTestId("post-ad-label")),
    TIKTOK_SAYS.label(mode, "Promotional content"),
  );
  if (
    own.text(own.consent) !== TIKTOK_SAYS.musicConsent ||
    !own.links.includes(MUSIC_USAGE_URL)
  ) {
    problems.push(
      `with "Your brand" ticked, the consent line says "${
        own.text(own.consent)
      }", not "${TIKTOK_SAYS.musicConsent}" with the page linked`,
    );
  }

  const branded = read({ disclose: true, brandedContent: true });
  const stepBranded = `with "Branded content" ticked`;
  said(
    stepBranded,
    branded.text(branded.byTestId("post-ad-label")),
    TIKTOK_SAYS.label(mode, "Paid partnership"),
  );
  if (
    branded.text(branded.consent) !== TIKTOK_SAYS.brandedConsent ||
    !branded.links.includes(BRANDED_CONTENT_URL) ||
    !branded.links.includes(MUSIC_USAGE_URL)
  ) {
    problems.push(
      `${stepBranded}, the consent line says "${
        branded.text(branded.consent)
      }", not "${TIKTOK_SAYS.brandedConsent}" with both pages linked`,
    );
  }
  if (branded.onlyMe && !("disabled" in branded.onlyMe.attribs)) {
    problems.push(
      `${stepBranded}, "Only me" can still be chosen: branded content cannot be private`,
    );
  }
  if (
    branded.text(branded.byTestId("post-ad-private-hint")) !==
      TIKTOK_SAYS.notPrivate
  ) {
    problems.push(`${stepBranded}, nothing says "${TIKTOK_SAYS.notPrivate}"`);
  }
  // Unaudited, "Only me" is all there is: branded content cannot go.
  if (!appAudited && !branded.waits("post-ad-private-hint")) {
    problems.push(
      `${stepBranded} and "Only me" the one choice, the post button does not wait, described by why`,
    );
  }

  const both = read({
    disclose: true,
    yourBrand: true,
    brandedContent: true,
  });
  said(
    `with "Your brand" and "Branded content" ticked`,
    both.text(both.byTestId("post-ad-label")),
    TIKTOK_SAYS.label(mode, "Paid partnership"),
  );

  const private_ = read({ privacy: UNAUDITED_PRIVACY, disclose: true });
  const box = private_.byTestId("post-ad_branded_content");
  if (!box || !("disabled" in box.attribs)) {
    problems.push(
      `with "Only me" chosen, "Branded content" can still be ticked: branded content cannot be private`,
    );
  } else if (!reasonBeside(box, private_.doc)) {
    problems.push(
      `with "Only me" chosen, "Branded content" is greyed with no reason beside it`,
    );
  }

  if (mode === "video") {
    const max = info.maxVideoPostDurationSec;
    const long = read({ privacy, seconds: max + 1 });
    const stepLong = `a video of ${
      max + 1
    } s, longer than creator_info's ${max} s,`;
    const wanted = videoTooLongMessage(max + 1, max);
    if (long.text(long.byTestId("post-too-long")) !== wanted) {
      problems.push(`${stepLong} is not said too long: "${wanted}" is missing`);
    }
    if (!long.waits("post-too-long")) {
      problems.push(
        `${stepLong} can be posted: the post button does not wait, described by why`,
      );
    }
    const exact = read({ privacy, seconds: max });
    if (exact.byTestId("post-too-long") || exact.waits()) {
      problems.push(
        `a video of exactly creator_info's ${max} s is refused: TikTok takes it`,
      );
    }
  }
  return problems;
}

/** The composer's words once a post (or, `drafts`, a draft) is sent. */
type AfterPostRender = (drafts: boolean, processing: string) => string;

const renderAfterPost: AfterPostRender = (drafts, processing) =>
  renderToString(
    <PostOutcome
      outcome={{ kind: "ok", publishId: "audit-check", drafts }}
      processing={processing}
      resultRef={{ current: null }}
      shows="done"
    />,
  );

/**
 * What the composer says once TikTok has taken a post (TikTok's audit
 * point 6): that processing can take a few minutes, and where the post's
 * progress shows, for a new account and for one whose last posts' time is
 * measured (publish_time_words.ts); and once a draft is sent, to open the
 * notification in the TikTok app to finish it, as TikTok asks of apps
 * that send drafts (docs/dashboard.md#tiktok-audit-checklist). [] if it
 * says each; `render` gives the composer's HTML.
 */
export function afterPostProblems(
  render: AfterPostRender = renderAfterPost,
): string[] {
  const measured = { ms: 4 * 60_000, posts: MEASURED_POSTS };
  const words = (html: string) =>
    DomUtils.textContent(parseDocument(html)).replace(/\s+/g, " ");
  const texts = [null, measured].map((time) =>
    words(render(false, processingAfterSend(time)))
  );
  const draft = words(render(true, processingAfterSend(null)));
  const problems: string[] = [];
  if (!texts.every((t) => /can take a few minutes/.test(t))) {
    problems.push(
      "once a post is sent, nothing says processing can take a few minutes",
    );
  }
  if (!texts.every((t) => /Your posts/.test(t))) {
    problems.push("once a post is sent, nothing says where its progress shows");
  }
  if (!/open the notification in the TikTok app/.test(draft)) {
    problems.push(
      "once a draft is sent, nothing says to open the notification in the TikTok app to finish it",
    );
  }
  return problems;
}

/**
 * The composer when TikTok takes no post from the creator now: creator_info
 * refused with `refusal` (its words), or, `refusal` null, answered
 * `available: false` (TikTok's cooldown, its end unknown). A video and
 * "Only me" are chosen, so only that can hold the button.
 */
type CannotPostRender = (refusal: string | null) => string;

const renderCannotPost: CannotPostRender = (refusal) => {
  const state = composeState(composerInput({
    // Refused, the island has no answer; paused, TikTok's answer names no one.
    info: refusal === null
      ? { ok: true, ...creatorInfoJson(null, false) }
      : null,
    infoError: refusal,
    source: "https://files.example/video.mp4",
    seconds: 10,
    privacy: UNAUDITED_PRIVACY,
  }));
  return renderToString(
    <form>
      <PostingPauseNotices
        cannotPost={state.cannotPost}
        infoError={refusal}
        retry={null}
        reconnect={false}
        cooldownUntil={null}
      />
      <SendButton state={state} busy={false} when="now" drafts={false} />
    </form>,
  );
};

/**
 * What the composer shows wrong when creator_info says the creator cannot
 * post now (TikTok's audit point 1: stop, and say to try again later), in
 * words; [] if it says so, with TikTok's reason, and takes no post: for
 * TikTok's daily cap of posts made through apps, and for its cooldown.
 * `render` gives the composer's HTML.
 */
export function cannotPostProblems(
  render: CannotPostRender = renderCannotPost,
): string[] {
  const problems: string[] = [];
  const cases = [
    {
      how: "refuses the account (spam_risk_too_many_posts)",
      refusal: FAIL_REASON_SENTENCES.spam_risk_too_many_posts,
    },
    { how: "answers available: false", refusal: null },
  ];
  for (const { how, refusal } of cases) {
    const doc = parseDocument(render(refusal));
    const find = (test: (e: Element) => boolean) =>
      DomUtils.findOne(test, doc.children);
    const alert = find((e) => e.attribs.role === "alert");
    const said = alert
      ? DomUtils.textContent(alert).replace(/\s+/g, " ").trim()
      : "";
    const step = `when creator_info ${how}`;
    if (said === "") {
      problems.push(`${step}, no alert says the account cannot post now`);
    } else {
      if (refusal !== null && !said.includes(refusal)) {
        problems.push(`${step}, the alert does not give TikTok's reason`);
      }
      if (!/try again/i.test(said)) {
        problems.push(`${step}, the alert does not say to try again later`);
      }
    }
    const button = find((e) => e.attribs["data-testid"] === "post-submit");
    if (!button || !("disabled" in button.attribs)) {
      problems.push(`${step}, the post button still takes a post`);
    }
  }
  return problems;
}
