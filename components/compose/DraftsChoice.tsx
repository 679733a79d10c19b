/**
 * "Send to TikTok drafts" (docs/dashboard.md#drafts), for accounts that
 * granted `video.upload`: ticked, a note says what the creator finishes in
 * the TikTok app and what TikTok keeps of the caption.
 * @module
 */
import { NotedToggleRow } from "../ToggleRow.tsx";

export interface DraftsChoiceProps {
  checked: boolean;
  mode: "video" | "photo";
  onToggle: (on: boolean) => void;
}

export function DraftsChoice({ checked, mode, onToggle }: DraftsChoiceProps) {
  return (
    <NotedToggleRow
      checked={checked}
      testId="post-to-drafts"
      onToggle={onToggle}
      text="Send to TikTok drafts"
    >
      {checked && (
        <p class="reason" data-testid="post-drafts-note">
          The post goes to your TikTok inbox as a draft: you choose who can view
          it, interactions
          {mode === "photo" ? ", music" : ""}{" "}
          and disclosure in the TikTok app when you finish it. {mode === "video"
            ? "TikTok does not take a video draft's caption: it is kept in Your posts, and you paste it in TikTok."
            : "TikTok keeps the caption."}
        </p>
      )}
    </NotedToggleRow>
  );
}
