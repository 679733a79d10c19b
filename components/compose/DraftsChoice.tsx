/**
 * "Send to TikTok drafts" (docs/dashboard.md#drafts), for accounts that
 * granted `video.upload`: ticked, a note says what the creator finishes in
 * the TikTok app and what TikTok keeps of the caption.
 * @module
 */
import { NotedToggleRow } from "../ToggleRow.tsx";
import { pageWords } from "../page_words.ts";

export interface DraftsChoiceProps {
  checked: boolean;
  mode: "video" | "photo";
  onToggle: (on: boolean) => void;
}

export function DraftsChoice({ checked, mode, onToggle }: DraftsChoiceProps) {
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <NotedToggleRow
      checked={checked}
      testId="post-to-drafts"
      onToggle={onToggle}
      text={words.toDrafts}
    >
      {checked && (
        <p class="reason" data-testid="post-drafts-note">
          {words.draftsNote.replace(
            "{music}",
            mode === "photo" ? ", music" : "",
          )}
          {mode === "video" ? words.draftVideoCaption : words.draftPhotoCaption}
        </p>
      )}
    </NotedToggleRow>
  );
}
