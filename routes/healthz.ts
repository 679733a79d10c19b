import { sendJson } from "@/lib/http/json_body.ts";
import { keys } from "@/lib/kv_keys.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

/** Times one probe; the error message when it fails. */
async function probe(run: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await run();
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export const handler: Handlers = {
  async GET(c) {
    const { kv, storage } = c.get("deps");
    const [kvState, storageState] = await Promise.all([
      probe(() => kv.get(keys.healthProbe())),
      // A HEAD of a key that does not exist: answered by a working store.
      probe(() => storage.head("healthz/probe")),
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
      storage: { kind: storage.kind, ...storageState },
    }, ok ? 200 : 503);
  },
};
