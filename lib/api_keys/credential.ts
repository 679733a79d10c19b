/**
 * Who a request acts for, with what that rests on: the KV entries a commit
 * must check (`proofKeys`) so that a key revoked a moment ago cannot slip
 * through a path that decided from the process's entry cache.
 * @module
 */
export interface Credential {
  openId: string;
  /**
   * Keys whose values prove the credential (an API key's record, its
   * account and the account's deletion mark); empty for a session,
   * verified afresh on every request.
   */
  proofKeys: Deno.KvKey[];
  /**
   * Throws the API's 401 (docs/accounts.md#api-keys) unless `entries` (the
   * values of `proofKeys`, in order) still prove the credential at `now`.
   */
  confirm(entries: Deno.KvEntryMaybe<unknown>[], now: number): void;
  /** Proves it from fresh reads, or throws the API's 401. */
  settle(): Promise<void>;
}

/** A credential already verified from fresh reads (a dashboard session). */
export function verifiedCredential(openId: string): Credential {
  return {
    openId,
    proofKeys: [],
    confirm() {},
    settle: () => Promise.resolve(),
  };
}
