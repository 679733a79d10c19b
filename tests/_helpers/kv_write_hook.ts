/**
 * A seam at one step of the app's KV writes: the atomic operations that
 * write under a key prefix commit through a test's function, given the
 * real commit. Busy files (busy_kv.ts) and dying processes (dying_kv.ts)
 * are built on it.
 */

import { keys } from "../../lib/kv_keys.ts";

type CommitAnswer = Deno.KvCommitResult | Deno.KvCommitError;

/**
 * `kv` whose atomic operations writing under `prefix` (set, delete, sum,
 * min, max: every method but `check` that takes a key first) commit
 * through `commit(real)`. While `halted()` returns a function, every call
 * on the KV and its operations is that function (a process that died).
 */
export function hookWritesUnder(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  commit: (real: () => Promise<CommitAnswer>) => Promise<CommitAnswer>,
  halted: () => (() => never) | null = () => null,
): Deno.Kv {
  const under = (key: Deno.KvKey) => prefix.every((part, i) => key[i] === part);
  const atomicOf = (op: Deno.AtomicOperation): Deno.AtomicOperation => {
    let touches = false;
    const proxy: Deno.AtomicOperation = new Proxy(op, {
      get(target, name) {
        const stop = halted();
        if (stop) return stop;
        const value = Reflect.get(target, name, target);
        if (typeof value !== "function") return value;
        if (name === "commit") {
          return () =>
            touches ? commit(() => target.commit()) : target.commit();
        }
        return (...args: unknown[]) => {
          if (name !== "check" && Array.isArray(args[0]) && under(args[0])) {
            touches = true;
          }
          const out = value.apply(target, args);
          return out === target ? proxy : out;
        };
      },
    });
    return proxy;
  };
  return new Proxy(kv, {
    get(target, name) {
      const stop = halted();
      if (stop) return stop;
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      if (name === "atomic") return () => atomicOf(target.atomic());
      return value.bind(target);
    },
  });
}

/**
 * A KV wrapper under which every commit writing an upload record loses
 * while `on` is true, as under endless contention: the upload expiry a
 * job extends then gives 409 `conflict`, "try again".
 */
export function uploadWritesContended(): {
  wrapKv: (kv: Deno.Kv) => Deno.Kv;
  on: boolean;
} {
  const contention = {
    on: false,
    wrapKv: (kv: Deno.Kv) =>
      hookWritesUnder(
        kv,
        keys.upload("x").slice(0, 1),
        (real) => contention.on ? Promise.resolve({ ok: false }) : real(),
      ),
  };
  return contention;
}

/**
 * A KV wrapper under which every commit writing under `prefix` loses its
 * check while `on` is true, as under endless contention; `lost` counts
 * them. Past `limit` lost commits it throws, so code that would try again
 * forever fails the test instead of hanging it.
 */
export function writesContendedUnder(prefix: Deno.KvKey, limit = 1000): {
  wrapKv: (kv: Deno.Kv) => Deno.Kv;
  on: boolean;
  lost: number;
} {
  const contention = {
    on: false,
    lost: 0,
    wrapKv: (kv: Deno.Kv) =>
      hookWritesUnder(kv, prefix, (real) => {
        if (!contention.on) return real();
        if (++contention.lost > limit) {
          return Promise.reject(
            new Error(`${limit} commits lost in a row: tried without end`),
          );
        }
        return Promise.resolve({ ok: false });
      }),
  };
  return contention;
}
