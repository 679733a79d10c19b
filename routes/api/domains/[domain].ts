import { jsonOk } from "@/lib/http/json_body.ts";
import { domainDeps } from "@/lib/http/domain_deps.ts";
import { deleteDomain } from "@/lib/domains/domains.ts";
import type { Handlers } from "@/lib/http/app_types.ts";

export const handler: Handlers = {
  async DELETE(c) {
    const domain = c.req.param("domain") ?? "";
    await deleteDomain(domainDeps(c), c.get("apiAccount").openId, domain);
    return jsonOk(c, { deleted: true, domain });
  },
};
