import { sendJson } from "@/lib/http/json_body.ts";
import { buildOpenApi } from "@/lib/openapi/build_openapi.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";
import { z } from "zod";
import manifest from "@/fresh.gen.ts";

let cached: Record<string, unknown> | null = null;

export const handler: Handlers = {
  GET(c) {
    cached ??= buildOpenApi(manifest, c.get("deps").config.publicBaseUrl);
    return sendJson(c, cached, 200, { "Cache-Control": "public, max-age=300" });
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "This document (OpenAPI 3.1), generated from the request schemas",
    public: true,
    response: z.object({ openapi: z.string() }).passthrough(),
  },
};
