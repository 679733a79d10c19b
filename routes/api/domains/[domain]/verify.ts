import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { domainJson } from "@/lib/http/domain_json.ts";
import { verifyDomain } from "@/lib/domains/domains.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { DomainResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    await expectNoBody(c);
    const deps = c.get("deps");
    const domain = c.req.param("domain") ?? "";
    const record = await verifyDomain(deps, c.get("apiAccount").openId, domain);
    return jsonOk<DomainResponse>(c, domainJson(record, deps.allowLoopback));
  },
};

export const docs: RouteDocs = {
  POST: {
    summary:
      "Fetch https://<domain>/pm3k-verify.txt and mark the domain verified",
    response: DomainResponse,
    errors: ["domain_verification_failed", "conflict"],
  },
};
