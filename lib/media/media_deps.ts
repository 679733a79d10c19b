/** What the media domain needs from outside. */
import type { Clock } from "../clock.ts";
import type { ObjectStorage } from "../storage/object_storage.ts";

export interface MediaDeps {
  kv: Deno.Kv;
  clock: Clock;
  storage: ObjectStorage;
}

/** `2026-11-25` for a time, in UTC. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
