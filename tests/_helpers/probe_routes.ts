/**
 * Two extra API routes that exist only in tests, added to the real manifest
 * to exercise the framework layer on a real server: JSON body parsing
 * (415, 400 malformed, 400 with issues, 413) and a crash (500).
 */
import { z } from "zod";
import { jsonOk, readJsonBody } from "../../lib/http/json_body.ts";
import type { Handlers, Manifest } from "../../lib/http/app_types.ts";
import manifest from "../../fresh.gen.ts";

const Echo = z.object({
  name: z.string().min(1),
  count: z.number().int().min(0),
  nested: z.object({ flag: z.boolean() }).optional(),
});

const echo: Handlers = {
  async POST(c) {
    const body = await readJsonBody(c, Echo);
    return jsonOk(c, { echo: body });
  },
};

const crash: Handlers = {
  GET() {
    throw new Error("secret internal detail at /srv/app.ts:42");
  },
};

/** The real manifest plus `/api/_probe/echo` and `/api/_probe/crash`. */
export const probeManifest: Manifest = {
  ...manifest,
  routes: {
    ...manifest.routes,
    "./routes/api/probe/echo.ts": { handler: echo },
    "./routes/api/probe/crash.ts": { handler: crash },
  },
};
