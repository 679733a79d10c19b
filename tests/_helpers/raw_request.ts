/**
 * A request sent over a raw connection, its target exactly as given:
 * fetch() would resolve `.` segments and re-encode the path first.
 */

/**
 * Sends `method target`, with `headers` and `body` if given (a body of any
 * method: fetch() sends none with GET); the answer's status, head and body
 * as text. A `Host` among `headers` replaces the URL's (fetch() sends the
 * URL's whatever it is given).
 */
export async function rawRequest(
  url: string,
  target: string,
  method = "GET",
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const { Host: host = hostname, ...others } = options.headers ?? {};
  const headers = Object.entries(others)
    .map(([name, value]) => `${name}: ${value}\r\n`).join("");
  const sent = options.body ?? "";
  const length = options.body === undefined
    ? ""
    : `Content-Length: ${new TextEncoder().encode(sent).length}\r\n`;
  await conn.write(
    new TextEncoder().encode(
      `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nAccept: application/json\r\nConnection: close\r\n${headers}${length}\r\n${sent}`,
    ),
  );
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(16 * 1024);
  while (true) {
    const n = await conn.read(buf).catch(() => null);
    if (!n) break;
    chunks.push(buf.slice(0, n));
  }
  try {
    conn.close();
  } catch {
    // Closed by the server already.
  }
  const text = new TextDecoder().decode(
    new Uint8Array(chunks.flatMap((c) => [...c])),
  );
  const [head, body = ""] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), head, body };
}

/** `GET target` over a raw connection. */
export function rawGet(url: string, target: string) {
  return rawRequest(url, target, "GET");
}
