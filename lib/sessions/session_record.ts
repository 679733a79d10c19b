/** A dashboard session: KV proves the server issued the cookie. */
export interface SessionRecord {
  openId: string;
  createdAt: number;
  expiresAt: number;
}
