import { sendJson } from "@/lib/http/json_body.ts";
import { buildOpenApi } from "@/lib/openapi/build_openapi.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import type { RouteDocs } from "@/lib/openapi/route_docs.ts";
import { z } from "zod";
import manifest from "@/fresh.gen.ts";

// Built once per base URL: the document names the server it describes
// (two apps in one process, as in tests, each get their own).
const cached = new Map<string, Record<string, unknown>>();

export const handler: Handlers = {
  GET(c) {
    const base = c.get("deps").config.publicBaseUrl;
    let doc = cached.get(base);
    if (!doc) cached.set(base, doc = buildOpenApi(manifest, base));
    return sendJson(c, doc, 200, { "Cache-Control": "public, max-age=300" });
  },
};

export const docs: RouteDocs = {
  GET: {
    summary: "This document (OpenAPI 3.1), generated from the request schemas",
    public: true,
    response: z.object({ openapi: z.string() }).passthrough(),
  },
};
