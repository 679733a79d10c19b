/**
 * The mark of an account deletion not finished yet
 * (docs/accounts.md#a-deletion-cut-short): written before TikTok's grant
 * is revoked, while the account record is still there, removed once
 * everything kept for the account is gone. While it is there, the same TikTok user cannot become an
 * account again.
 * @module
 */

/** `erasures_pending/<open_id>`. */
export interface ErasurePending {
  openId: string;
  /** When the deletion was asked (ms). */
  since: number;
  /**
   * Until when the deletion that holds it is at work (ms): the sweep and
   * a sign-in take it up only after this.
   */
  claimedUntil: number;
  /**
   * Which run holds it (a random id): only that run lets go of it when it
   * fails, or holds it again while it works.
   */
  holder: string;
  /**
   * After the retention cron's run of it failed: the cron tries it again
   * only from this time (ms), so the marks after it get their turn; no run
   * is at work meanwhile, so a sign-in takes it up at once.
   */
  cronRetryAt?: number;
}
