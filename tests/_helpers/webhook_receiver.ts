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

/**
 * Answers each request with the next step of `plan` (the last one repeats):
 * "ok" 200, "500", "302" (a redirect to /moved), or "stall" (answers 200
 * after 1.5 s, or at close).
 */
export function startWebhookReceiver(
  plan: ("ok" | "500" | "302" | "stall")[] = ["ok"],
): WebhookReceiver {
  const got: ReceivedHook[] = [];
  // Stalled answers, released on close so the server can shut down.
  const stalled = new Set<() => void>();
  let i = 0;
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, async (req) => {
    const at = performance.now();
    got.push({ headers: req.headers, body: await req.text(), at });
    const step = plan[Math.min(i++, plan.length - 1)];
    if (step === "500") return new Response("oops", { status: 500 });
    if (step === "302") {
      return new Response(null, {
        status: 302,
        headers: { Location: "/moved" },
      });
    }
    if (step === "stall") {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, 1500);
        function done() {
          clearTimeout(t);
          stalled.delete(done);
          resolve();
        }
        stalled.add(done);
      });
    }
    return new Response("thanks");
  });
  return {
    url: `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}/hook`,
    got,
    async close() {
      for (const release of [...stalled]) release();
      await server.shutdown();
    },
  };
}
