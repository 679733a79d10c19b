/** What KV keeps for an API key: never the key itself, only its hash. */
export interface ApiKeyRecord {
  openId: string;
  /** SHA-256 hex of the key, repeated so the lookup can be re-checked. */
  hash: string;
  createdAt: number;
  expiresAt: number;
}
