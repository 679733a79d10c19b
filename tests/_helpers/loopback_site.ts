/**
 * A loopback HTTP site standing in for a page outside PM3K (an operator's
 * policy page, a proxy's catch-all): what a test serves, at `base`.
 */

export interface LoopbackSite {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  base: string;
  close(): Promise<void>;
}

export function startLoopbackSite(handler: Deno.ServeHandler): LoopbackSite {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    handler,
  );
  return {
    base: `http://127.0.0.1:${server.addr.port}`,
    close: () => server.shutdown(),
  };
}
