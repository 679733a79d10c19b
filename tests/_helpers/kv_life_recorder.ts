/**
 * A KV that keeps simulated time: a Proxy over the app's `Deno.Kv` that
 * records every write with the end of life it asked for (`expireIn`,
 * counted from the injected clock, not the wall clock), so a simulation
 * that moves a ManualClock across days can expire entries as KV would
 * (`expireDue`) and say, per key family, what was written with or without
 * an expiry. Reads pass through untouched.
 * @module
 */
import type { Clock } from "../../lib/clock.ts";

/** What the recorder knows of one live entry. */
export interface EntryLife {
  key: Deno.KvKey;
  versionstamp: string;
  /** Simulated time of the write that made it (or last replaced it). */
  writtenAt: number;
  /** Simulated end of life from `expireIn`, or null for none. */
  expiresAt: number | null;
}

/** Per family (the key's first part): how its writes asked to live. */
export interface FamilyWrites {
  writes: number;
  /** Writes that carried an `expireIn`. */
  withExpiry: number;
  /** The longest `expireIn` asked for. */
  longestExpireInMs: number;
}

type Mutation =
  | { type: "set"; key: Deno.KvKey; expireIn?: number }
  | { type: "delete"; key: Deno.KvKey }
  | { type: "other"; key: Deno.KvKey };

/** A stable text form of a key (numbers and strings stay apart). */
export function keyId(key: Deno.KvKey): string {
  return JSON.stringify(
    key.map((p) =>
      typeof p === "bigint"
        ? { n: String(p) }
        : p instanceof Uint8Array
        ? { u: Array.from(p) }
        : p
    ),
  );
}

export function familyOf(key: Deno.KvKey): string {
  return String(key[0]);
}

export class KvLifeRecorder {
  readonly kv: Deno.Kv;
  readonly #inner: Deno.Kv;
  readonly #clock: Clock;
  readonly #entries = new Map<string, EntryLife>();
  /** Entries by the minute they expire (some may be stale: checked). */
  readonly #byMinute = new Map<number, [string, EntryLife][]>();
  readonly #families = new Map<string, FamilyWrites>();

  constructor(inner: Deno.Kv, clock: Clock) {
    this.#inner = inner;
    this.#clock = clock;
    this.kv = this.#proxy();
  }

  /** How each family's writes asked to live, so far. */
  families(): ReadonlyMap<string, FamilyWrites> {
    return this.#families;
  }

  /** What the recorder knows of a live entry (undefined if never written). */
  life(key: Deno.KvKey): EntryLife | undefined {
    return this.#entries.get(keyId(key));
  }

  /**
   * Deletes every entry whose simulated end of life has come, unless it
   * was written again since; returns how many went.
   */
  async expireDue(): Promise<number> {
    const now = this.#clock.now();
    let gone = 0;
    for (const minute of [...this.#byMinute.keys()].sort((a, b) => a - b)) {
      if (minute * 60_000 > now) break;
      const due = this.#byMinute.get(minute)!;
      const later: [string, EntryLife][] = [];
      for (const [id, life] of due) {
        if (this.#entries.get(id) !== life) continue; // rewritten or deleted
        if (life.expiresAt! > now) {
          later.push([id, life]);
          continue;
        }
        const res = await this.#inner.atomic()
          .check({ key: life.key, versionstamp: life.versionstamp })
          .delete(life.key)
          .commit();
        // A failed check: rewritten meanwhile (recorded anew) or gone.
        if (res.ok) gone++;
        if (this.#entries.get(id) === life) this.#entries.delete(id);
      }
      if (later.length) this.#byMinute.set(minute, later);
      else this.#byMinute.delete(minute);
    }
    return gone;
  }

  #record(mutations: Mutation[], versionstamp: string): void {
    const now = this.#clock.now();
    for (const m of mutations) {
      const id = keyId(m.key);
      if (m.type === "delete") {
        this.#entries.delete(id);
        continue;
      }
      const expireIn = m.type === "set" ? m.expireIn : undefined;
      const family = familyOf(m.key);
      const f = this.#families.get(family) ??
        { writes: 0, withExpiry: 0, longestExpireInMs: 0 };
      f.writes++;
      if (expireIn !== undefined) {
        f.withExpiry++;
        f.longestExpireInMs = Math.max(f.longestExpireInMs, expireIn);
      }
      this.#families.set(family, f);
      const life: EntryLife = {
        key: m.key,
        versionstamp,
        writtenAt: now,
        expiresAt: expireIn === undefined ? null : now + expireIn,
      };
      this.#entries.set(id, life);
      if (life.expiresAt !== null) {
        const minute = Math.floor(life.expiresAt / 60_000);
        const list = this.#byMinute.get(minute) ?? [];
        list.push([id, life]);
        this.#byMinute.set(minute, list);
      }
    }
  }

  #proxy(): Deno.Kv {
    const inner = this.#inner;
    const record = (m: Mutation[], v: string) => this.#record(m, v);
    return new Proxy(inner, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property === "set") {
          return async (
            key: Deno.KvKey,
            v: unknown,
            options?: { expireIn?: number },
          ) => {
            const res = await target.set(key, v, options);
            record(
              [{ type: "set", key, expireIn: options?.expireIn }],
              res.versionstamp,
            );
            return res;
          };
        }
        if (property === "delete") {
          return async (key: Deno.KvKey) => {
            await target.delete(key);
            record([{ type: "delete", key }], "");
          };
        }
        if (property === "atomic") {
          return () => recordingAtomic(target.atomic(), record);
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
}

/** An atomic operation whose mutations are recorded once it commits. */
function recordingAtomic(
  op: Deno.AtomicOperation,
  record: (m: Mutation[], versionstamp: string) => void,
): Deno.AtomicOperation {
  const mutations: Mutation[] = [];
  const proxy: Deno.AtomicOperation = new Proxy(op, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "commit") {
        return async () => {
          const res = await target.commit();
          if (res.ok) record(mutations, res.versionstamp);
          return res;
        };
      }
      return (...args: unknown[]) => {
        if (property === "set") {
          const [key, , options] = args as [
            Deno.KvKey,
            unknown,
            { expireIn?: number } | undefined,
          ];
          mutations.push({ type: "set", key, expireIn: options?.expireIn });
        } else if (property === "delete") {
          mutations.push({ type: "delete", key: args[0] as Deno.KvKey });
        } else if (
          property === "sum" || property === "min" || property === "max"
        ) {
          mutations.push({ type: "other", key: args[0] as Deno.KvKey });
        } else if (property === "mutate") {
          for (const m of args as Deno.KvMutation[]) {
            mutations.push(
              m.type === "delete"
                ? { type: "delete", key: m.key }
                : m.type === "set"
                ? { type: "set", key: m.key, expireIn: m.expireIn }
                : { type: "other", key: m.key },
            );
          }
        }
        const result = value.apply(target, args);
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}
