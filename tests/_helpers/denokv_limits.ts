/**
 * Self-hosted denokv's per-commit limits, simulated over a real KV (the
 * local KV the tests open allows 100 checks; a KV Connect server, denokv,
 * allows 10: docs/architecture.md#kv-limits). Every atomic operation counts
 * its checks and mutations and, past denokv's limits, fails its commit with
 * the words denokv's limits give, so a flow that would fail on denokv fails
 * in a test too. Everything else is the real KV.
 * @module
 */

/** denokv's limits: denoland/denokv, proto/limits.rs. */
export const DENOKV_MAX_CHECKS = 10;
export const DENOKV_MAX_MUTATIONS = 1000;

const MUTATIONS = new Set(["set", "delete", "sum", "min", "max", "enqueue"]);

/** `kv`, its commits held to denokv's limits. */
export function withDenoKvLimits(kv: Deno.Kv): Deno.Kv {
  const atomicOf = (op: Deno.AtomicOperation): Deno.AtomicOperation => {
    let checks = 0;
    let mutations = 0;
    const proxy: Deno.AtomicOperation = new Proxy(op, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (name === "check") checks += args.length;
          else if (name === "mutate") mutations += args.length;
          else if (MUTATIONS.has(String(name))) mutations++;
          if (name === "commit") {
            if (checks > DENOKV_MAX_CHECKS) {
              throw new TypeError(
                `Too many checks (max ${DENOKV_MAX_CHECKS}): simulated denokv`,
              );
            }
            if (mutations > DENOKV_MAX_MUTATIONS) {
              throw new TypeError(
                `Too many mutations (max ${DENOKV_MAX_MUTATIONS}): simulated denokv`,
              );
            }
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
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      if (name === "atomic") return () => atomicOf(target.atomic());
      return value.bind(target);
    },
  });
}
