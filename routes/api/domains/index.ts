import { jsonOk, readJsonBody } from "@/lib/http/json_body.ts";
import { CreateDomainBody } from "@/lib/http/api_schemas.ts";
import { domainJson } from "@/lib/http/domain_json.ts";
import { addDomain, listDomains } from "@/lib/domains/domains.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import {
  DomainListResponse,
  DomainResponse,
} from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async POST(c) {
    const { domain } = await readJsonBody(c, CreateDomainBody);
    const deps = c.get("deps");
    const record = await addDomain(deps, c.get("apiAccount").openId, domain);
    return jsonOk<DomainResponse>(c, domainJson(record, deps.allowLoopback));
  },
  async GET(c) {
    const deps = c.get("deps");
    const list = await listDomains(deps, c.get("apiAccount").openId);
    return jsonOk<DomainListResponse>(c, {
      domains: list.map((d) => domainJson(d, deps.allowLoopback)),
    });
  },
};

export const docs: RouteDocs = {
  POST: {
    summary: "Add a domain: put the returned file at its root, then verify",
    body: CreateDomainBody,
    response: DomainResponse,
    errors: ["conflict"],
  },
  GET: { summary: "The account's domains", response: DomainListResponse },
};
