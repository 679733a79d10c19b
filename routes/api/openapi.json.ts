import { sendJson } from "@/lib/http/json_body.ts";
import { buildOpenApi } from "@/lib/http/openapi/build_openapi.ts";
import type { Handlers, Manifest } from "@/lib/http/app_types.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";
import { z } from "zod";

// Built once per app, base URL and SERVICE_NAME: the document describes
// the routes the app was built from and names the server it runs as and the
// service (two apps in one process, as in tests, each get their own). The
// manifest comes from the app, not an import: fresh.gen.ts imports this file.
const cached = new WeakMap<Manifest, Map<string, Record<string, unknown>>>();

export const handler: Handlers = {
  GET(c) {
    const manifest = c.get("manifest");
    const { publicBaseUrl: base, site } = c.get("deps").config;
    const key = `${site.serviceName}\n${base}`;
    let byBase = cached.get(manifest);
    if (!byBase) cached.set(manifest, byBase = new Map());
    let doc = byBase.get(key);
    if (!doc) {
      byBase.set(key, doc = buildOpenApi(manifest, base, site.serviceName));
    }
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
