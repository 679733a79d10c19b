/** A customer domain PM3K may ingest media from once verified. */
export interface DomainRecord {
  domain: string;
  openId: string;
  token: string;
  createdAt: number;
  verifiedAt: number | null;
  /** Why the last verification failed, shown in the dashboard. */
  lastError: string | null;
  lastCheckedAt: number | null;
}
