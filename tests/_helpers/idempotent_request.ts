/**
 * A POST with an `Idempotency-Key`, as n8n's, Make's or Zapier's retries
 * send it (docs/posting.md#idempotency): to direct_post unless `path` says
 * another route.
 */
export function postWithKey(
  url: string,
  apiKey: string,
  idem: string,
  body: unknown,
  path = "/api/tiktok/direct_post",
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
      "Idempotency-Key": idem,
    },
    body: JSON.stringify(body),
  });
}
