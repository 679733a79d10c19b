/**
 * audit-check's "posting screen" line
 * (docs/tiktok-audit.md#checking-before-you-submit): the composer's
 * posting fields rendered here, as the server renders them, for simulated
 * creators whose creator_info is TikTok's example answers (a public and a
 * private account), for a video and a photo post, with the check's
 * TIKTOK_APP_AUDITED. The rendered
 * HTML is read as a reviewer's screen: what "Who can view this post"
 * lists, that nothing is chosen and the button waits for a choice, the
 * interactions unticked (greyed where creator_info turns them off), the
 * disclosure off, and the Music Usage Confirmation linked.
 *
 * The fields are rendered from the same components and the same rules
 * (creator_info_json.ts, compose_state.ts) as the composer island; the
 * island's starting state (nothing chosen, nothing ticked) is the browser
 * tests' to prove (tests/browser/compose_audit_test.ts). The server's own
 * page needs a signed-in creator and is not seen here.
 * @module
 */
import { renderToString } from "preact-render-to-string";
import { DomUtils, parseDocument } from "htmlparser2";
import { creatorInfoJson } from "../http/creator_info_json.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import { composeState } from "../../components/compose/compose_state.ts";
import { PrivacyField } from "../../components/compose/PrivacyField.tsx";
import {
  InteractionToggles,
  NO_INTERACTIONS,
} from "../../components/compose/InteractionToggles.tsx";
import { DisclosureFields } from "../../components/compose/DisclosureFields.tsx";
import {
  ConsentLine,
  MUSIC_USAGE_URL,
} from "../../components/compose/ConsentLine.tsx";
import { SendButton } from "../../components/compose/SendButton.tsx";
import { PostOutcome } from "../../components/compose/PostOutcome.tsx";
import { processingAfterSend } from "../../components/publish_time_words.ts";
import { MEASURED_POSTS } from "../posting/publish_time.ts";
import { CreatorHeader } from "../../components/compose/CreatorHeader.tsx";
import { UNAUDITED_PRIVACY } from "../posting/app_audit.ts";

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
 * The composer's posting fields as a freshly opened composer shows them
 * to `info`'s creator: nothing chosen, nothing ticked, a video chosen
 * and a caption typed, so only the privacy can hold the button.
 */
export function renderComposerFields(
  info: CreatorInfo,
  appAudited: boolean,
  mode: "video" | "photo" = "video",
): string {
  const json = creatorInfoJson(info, appAudited);
  const state = composeState({
    info: { ok: true, ...json },
    infoError: null,
    appAudited,
    canDraft: false,
    again: null,
    mode,
    source: mode === "video" ? "https://files.example/video.mp4" : "",
    images: mode === "photo" ? ["https://files.example/photo.jpg"] : [],
    uploading: false,
    seconds: 10,
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
  });
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
      <PrivacyField
        value=""
        options={state.privacyOptions}
        appAudited={appAudited}
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
        disclose={false}
        yourBrand={false}
        brandedContent={false}
        privacy=""
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
    if (off && !("disabled" in box.attribs)) {
      problems.push(
        `"Allow ${key}" is not greyed though creator_info turns it off`,
      );
    }
  }
  const disclose = byTestId("post-is_ad");
  if (!disclose || "checked" in disclose.attribs) {
    problems.push(`"Disclose post content" does not start off`);
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
  }
  return problems;
}

/**
 * What the composer says once TikTok has taken a post (TikTok's audit
 * point 6): that processing can take a few minutes, and where the post's
 * progress shows; [] if it says both, for a new account and for one whose
 * last posts' time is measured (publish_time_words.ts).
 */
export function afterPostProblems(): string[] {
  const measured = { ms: 4 * 60_000, posts: MEASURED_POSTS };
  const texts = [null, measured].map((time) => {
    const doc = parseDocument(renderToString(
      <PostOutcome
        outcome={{ kind: "ok", publishId: "audit-check", drafts: false }}
        processing={processingAfterSend(time)}
        resultRef={{ current: null }}
      />,
    ));
    return DomUtils.textContent(doc).replace(/\s+/g, " ");
  });
  const problems: string[] = [];
  if (!texts.every((t) => /can take a few minutes/.test(t))) {
    problems.push(
      "once a post is sent, nothing says processing can take a few minutes",
    );
  }
  if (!texts.every((t) => /Your posts/.test(t))) {
    problems.push("once a post is sent, nothing says where its progress shows");
  }
  return problems;
}
