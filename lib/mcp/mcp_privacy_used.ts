/**
 * Who can view what a posting tool made, said in its answer
 * (docs/mcp.md#tools): an agent that left privacy out is told the
 * account's default applied, to tell the user. MCP only: REST's answers
 * stay as the contract has them.
 * @module
 */
import { z } from "zod";
import type { Account } from "../accounts/account_record.ts";
import type {
  DirectPostInput,
  PrivacyLevel,
} from "../posting/direct_post_input_record.ts";
import { defaultPrivacyOf } from "../posting/default_privacy.ts";
import { postModeOf } from "../posting/post_modes.ts";
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

/** The privacy `input` gets on `account`, as preparePost picks it. */
export function privacyUsed(
  account: Account,
  input: DirectPostInput,
): { privacy: PrivacyLevel | null; privacy_default: boolean } {
  if (postModeOf(input) !== "DIRECT_POST") {
    return { privacy: null, privacy_default: false };
  }
  return {
    privacy: input.privacy ?? defaultPrivacyOf(account),
    privacy_default: input.privacy === undefined,
  };
}
