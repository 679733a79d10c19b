/**
 * Who can view what a posting tool made, said in its answer
 * (docs/mcp.md#tools): an agent that left privacy out is told the
 * account's default applied, to tell the user. MCP only: REST's answers
 * stay as the contract has them.
 * @module
 */
import { z } from "zod";
import type { PrivacyLevel } from "../posting/direct_post_input_record.ts";
import type { PrivacyUsed } from "../posting/direct_post.ts";
import { PRIVACY_LEVELS } from "../posting/privacy_levels.ts";

/** The fields a posting tool's answer adds. */
export const PrivacyUsedFields = {
  privacy: z.enum(PRIVACY_LEVELS).nullable().describe(
    "Who can view the post: the privacy given, or the account's default_privacy when none was (privacy_default true); null for a draft (post_mode MEDIA_UPLOAD), whose privacy the creator picks in the TikTok app",
  ),
  privacy_default: z.boolean().describe(
    "True when no privacy was given and the account's default_privacy applied; a scheduled post then takes the default of when it runs (a change in Settings changes it)",
  ),
};

/** The fields of who can view a post, as posting or scheduling picked it. */
export function privacyFields(
  used: PrivacyUsed,
): { privacy: PrivacyLevel | null; privacy_default: boolean } {
  return { privacy: used.privacy, privacy_default: used.isDefault };
}
