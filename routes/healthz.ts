import { sendJson } from "@/lib/http/json_body.ts";
import { probeKv, probeStorage } from "@/lib/runtime/health_probes.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async GET(c) {
    const deps = c.get("deps");
    const [kvState, storageState] = await Promise.all([
      probeKv(deps),
      probeStorage(deps),
    ]);
    const ok = kvState.ok && storageState.ok;
    return sendJson(c, {
      ok,
      ...(ok ? {} : {
        error: "unavailable",
        message: kvState.ok
          ? "Storage is not answering."
          : "KV is not answering.",
      }),
      kv: kvState,
      storage: { kind: deps.storage.kind, ...storageState },
    }, ok ? 200 : 503);
  },
};
