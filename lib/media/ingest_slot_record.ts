/**
 * What KV keeps per account about copies from verified domains in flight
 * (ingest_slots.ts): one lease per request copying now.
 * @module
 */

export interface IngestLease {
  id: string;
  /** When the lease lapses by itself: its request can no longer be copying. */
  until: number;
}

export interface IngestSlots {
  leases: IngestLease[];
}
