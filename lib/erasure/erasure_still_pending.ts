/**
 * The error of a sign-in that meets an account deletion not finished yet
 * (docs/accounts.md#a-deletion-cut-short).
 * @module
 */

/**
 * The account `openId` is still being deleted: it cannot be created again
 * before that deletion finishes, `retryAfterSeconds` from now at most.
 * Internal: never answered as is; the sign-in always turns it into a
 * SignInError (503 with Retry-After, lib/auth/sign_in.ts).
 */
export class ErasureStillPending extends Error {
  readonly openId: string;
  readonly retryAfterSeconds: number;
  constructor(openId: string, retryAfterSeconds: number, cause?: unknown) {
    super(
      `The deletion of account ${openId} is not finished yet; it is finished before the account is made again.`,
      { cause },
    );
    this.name = "ErasureStillPending";
    this.openId = openId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
