/** Glue: the domain domain's dependencies from the app's. */
import type { DomainDeps } from "../domains/domains.ts";
import type { AppContext } from "./app_types.ts";

export function domainDeps(c: AppContext): DomainDeps {
  const deps = c.get("deps");
  // Loopback hosts (and plain http to them) only in sandbox mode and tests.
  return { kv: deps.kv, clock: deps.clock, allowLoopback: deps.config.sandbox };
}
