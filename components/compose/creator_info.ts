/**
 * The creator's TikTok settings for the composer (`GET
 * /api/tiktok/creator_info`, docs/dashboard.md#compose): asked when the
 * composer opens, and again by Try again when the failure may pass
 * (creator_info_failure.ts).
 * @module
 */
import { useState } from "preact/hooks";
import { type ApiCallError, callApi } from "../api_client.ts";
import { errorText } from "../local_times.ts";
import { NAMED } from "../compose_rules.ts";
import { mayPassOnRetry } from "./creator_info_failure.ts";
import type { CreatorInfoResponse } from "../../lib/http/api_responses.ts";

export interface CreatorInfo {
  /** TikTok's answer, once it answered. */
  info: CreatorInfoResponse | null;
  /** Why the last ask failed, in words; null once answered. */
  infoError: string | null;
  /**
   * Offered when asking again may mend the failure: whether it is being
   * asked again now. Null when it may not, or once answered.
   */
  infoRetry: { checking: boolean } | null;
  /** TikTok access ended: the refusal offers Reconnect with TikTok. */
  reconnect: boolean;
  /** Asks creator_info; true once it answered. */
  load(): Promise<boolean>;
  /** Try again: asks once more, saying it is checking meanwhile. */
  retry(): Promise<boolean>;
}

export function useCreatorInfo(): CreatorInfo {
  const [info, setInfo] = useState<CreatorInfoResponse | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [reconnect, setReconnect] = useState(false);
  const [infoRetry, setInfoRetry] = useState<{ checking: boolean } | null>(
    null,
  );

  function load(): Promise<boolean> {
    return callApi<CreatorInfoResponse>("GET", "/api/tiktok/creator_info")
      .then((i) => {
        setInfo(i);
        setInfoError(null);
        setInfoRetry(null);
        return true;
      })
      .catch((error) => {
        setInfoError(errorText(error, { zone: NAMED }));
        setReconnect(
          (error as ApiCallError).code === "tiktok_reauth_required",
        );
        setInfoRetry(mayPassOnRetry(error) ? { checking: false } : null);
        return false;
      });
  }

  function retry(): Promise<boolean> {
    setInfoRetry({ checking: true });
    return load();
  }

  return { info, infoError, infoRetry, reconnect, load, retry };
}
