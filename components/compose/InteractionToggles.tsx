/**
 * "Allow users to" (TikTok's audit point 2,
 * docs/dashboard.md#tiktok-audit-checklist): comments, and for a video
 * Duet and Stitch, each off until turned on, and greyed with the reason
 * when the creator's TikTok settings turned it off.
 * @module
 */
// Types only: the schemas (and zod) stay on the server.
import type { CreatorInfoResponse } from "../../lib/http/api_responses.ts";
import { NotedToggleRow } from "../ToggleRow.tsx";
import { pageWords } from "../page_words.ts";

/** The interactions turned on. */
export interface Interactions {
  comment: boolean;
  duet: boolean;
  stitch: boolean;
}

/** Each interaction is off until the creator turns it on (audit point 2). */
export const NO_INTERACTIONS: Readonly<Interactions> = {
  comment: false,
  duet: false,
  stitch: false,
};

export interface InteractionTogglesProps {
  allow: Interactions;
  mode: "video" | "photo";
  /** creator_info, once TikTok answered it: what its settings turned off. */
  info: CreatorInfoResponse | null;
  onChange: (allow: Interactions) => void;
}

export function InteractionToggles(
  { allow, mode, info, onChange }: InteractionTogglesProps,
) {
  // Its words are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  const allowBox = (
    key: keyof Interactions,
    text: string,
    off: boolean | undefined,
  ) => (
    <NotedToggleRow
      checked={allow[key] && !off}
      disabled={off === true}
      describedBy={off ? `allow-${key}-reason` : undefined}
      testId={`post-allow-${key}`}
      onToggle={(on) => onChange({ ...allow, [key]: on })}
      text={text}
    >
      {off && (
        <p class="reason" id={`allow-${key}-reason`}>
          {words.turnedOff}
        </p>
      )}
    </NotedToggleRow>
  );
  return (
    <fieldset>
      <legend>{words.allowLegend}</legend>
      {allowBox("comment", words.allowComments, info?.comment_disabled)}
      {mode === "video" &&
        allowBox("duet", words.allowDuet, info?.duet_disabled)}
      {mode === "video" &&
        allowBox("stitch", words.allowStitch, info?.stitch_disabled)}
    </fieldset>
  );
}
