/**
 * A test server whose next commit writing under a key prefix, once armed,
 * waits for another request to finish first: one interleaving of two
 * racing requests, made deterministic (kv_write_hook.ts).
 */
import { startTestServer } from "./test_server.ts";
import type { TestServer } from "./test_server.ts";
import { hookWritesUnder } from "./kv_write_hook.ts";

export interface HeldCommitServer {
  server: TestServer;
  /** Arms the hold: the next commit under the prefix runs `body` first. */
  before(body: () => Promise<unknown>): void;
}

export async function serverHolding(
  prefix: Deno.KvKey,
): Promise<HeldCommitServer> {
  let meanwhile: (() => Promise<unknown>) | null = null;
  const server = await startTestServer({
    wrapKv: (kv) =>
      hookWritesUnder(kv, prefix, async (real) => {
        const run = meanwhile;
        meanwhile = null;
        if (run) await run();
        return await real();
      }),
  });
  return {
    server,
    before(body) {
      meanwhile = body;
    },
  };
}
