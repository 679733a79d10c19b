/**
 * A crash point for tests: the real KV, until the first atomic commit that
 * succeeds; from then on every call fails, as in a process that died right
 * after that commit. What the commit wrote is in the real KV for the test
 * to read; whatever the code meant to do next never happens.
 */
export function diesAfterFirstCommit(kv: Deno.Kv): Deno.Kv {
  let dead = false;
  const died = () => {
    throw new Error("the process died after its commit");
  };
  const atomicOf = (op: Deno.AtomicOperation): Deno.AtomicOperation =>
    new Proxy(op, {
      get(target, name) {
        if (dead) return died;
        const value = Reflect.get(target, name, target);
        if (typeof value !== "function") return value;
        if (name === "commit") {
          return async () => {
            const res = await target.commit();
            if (res.ok) dead = true;
            return res;
          };
        }
        return (...args: unknown[]) => {
          const out = value.apply(target, args);
          return out === target ? proxy : out;
        };
      },
    });
  let proxy: Deno.AtomicOperation;
  return new Proxy(kv, {
    get(target, name) {
      if (dead) return died;
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      if (name === "atomic") {
        return () => proxy = atomicOf(target.atomic());
      }
      return value.bind(target);
    },
  });
}
