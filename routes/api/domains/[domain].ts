import { expectNoBody } from "@/lib/http/no_body.ts";
import { jsonOk } from "@/lib/http/json_body.ts";
import { deleteDomain } from "@/lib/domains/domains.ts";
import type { Handlers } from "@/lib/http/app_types.ts";
import { DomainDeletedResponse } from "@/lib/http/api_responses.ts";
import type { RouteDocs } from "@/lib/http/openapi/route_docs.ts";

export const handler: Handlers = {
  async DELETE(c) {
    await expectNoBody(c);
    const { domain } = await deleteDomain(
      c.get("deps"),
      c.get("apiAccount").openId,
      c.req.param("domain") ?? "",
    );
    // The domain as kept and listed (lower case, Unicode as punycode),
    // however the path wrote it.
    return jsonOk<DomainDeletedResponse>(c, { deleted: true, domain });
  },
};

export const docs: RouteDocs = {
  DELETE: { summary: "Remove a domain", response: DomainDeletedResponse },
};
