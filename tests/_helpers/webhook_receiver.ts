/** A customer's webhook receiver on loopback, for webhook tests. */

export interface ReceivedHook {
  headers: Headers;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  got: ReceivedHook[];
  close(): Promise<void>;
}

/** Answers each request with the next step of `plan` (the last one repeats). */
export function startWebhookReceiver(
  plan: ("ok" | "500")[] = ["ok"],
): WebhookReceiver {
  const got: ReceivedHook[] = [];
  let i = 0;
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, async (req) => {
    const at = performance.now();
    got.push({ headers: req.headers, body: await req.text(), at });
    const step = plan[Math.min(i++, plan.length - 1)];
    return step === "500"
      ? new Response("oops", { status: 500 })
      : new Response("thanks");
  });
  return {
    url: `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}/hook`,
    got,
    close: () => server.shutdown(),
  };
}

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
