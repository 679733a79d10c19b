/**
 * Who can view a post, in TikTok's words, beside its state: "Published ·
 * Only me", so a private post is not read as a public one
 * (docs/dashboard.md#who-can-view-a-post). Nothing for a draft, whose
 * privacy the creator picks in TikTok, nor for a post made before PM3K
 * kept it.
 * @module
 */
import type { PostJson } from "../lib/http/api_responses.ts";
import { privacyLabel } from "./compose_rules.ts";

export function PostPrivacy({ privacy }: Pick<PostJson, "privacy">) {
  return privacy && (
    <span data-testid="post-viewers">
      {" · "}
      <span class="visually-hidden">who can view:</span> {privacyLabel(privacy)}
    </span>
  );
}
