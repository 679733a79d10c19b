/**
 * Whom the composer posts to (TikTok's audit point 1,
 * docs/dashboard.md#tiktok-audit-checklist): the creator's avatar and
 * nickname from creator_info, or the account's own while TikTok names no one.
 * @module
 */
// Types only: the schemas (and zod) stay on the server.
import type { CreatorInfoResponse } from "../../lib/http/api_responses.ts";
import { pageWords } from "../page_words.ts";

export interface CreatorHeaderProps {
  /** creator_info, once TikTok answered it. */
  info: CreatorInfoResponse | null;
  /** TikTok refused creator_info: the account is named all the same. */
  refused: boolean;
  /** The account's avatar from TikTok's user info. */
  avatarUrl: string;
  /** The account's name and kept handle. */
  accountName: string;
  handle?: string;
}

export function CreatorHeader(
  { info, refused, ...account }: CreatorHeaderProps,
) {
  // TikTok's audit wants the nickname shown; the handle when TikTok gives it.
  const handle = info?.creator_username || account.handle;
  const creatorName = [
    info?.creator_nickname || account.accountName,
    handle ? `(@${handle})` : "",
  ].filter(Boolean).join(" ");
  const avatar = info?.creator_avatar_url || account.avatarUrl;
  return (
    <div class="creator" data-testid="post-creator">
      {avatar && (
        <img
          src={avatar}
          alt=""
          width={40}
          height={40}
        />
      )}
      <p>
        {
          /* Named even when TikTok refuses creator_info (audit point 1):
            the account's own name and kept handle stand in. */
        }
        {info || refused
          ? (
            <>
              Posting to <strong>{creatorName}</strong> on TikTok
            </>
          )
          : pageWords().compose.asking}
      </p>
    </div>
  );
}
