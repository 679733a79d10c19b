/**
 * The bucket CORS rules of deploy/bucket-cors.json, as
 * docs/media.md#bucket-set-up documents them.
 */

interface CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds: number;
}

/** deploy/bucket-cors.json as S3's XML, for an origin the test chooses. */
export async function documentedCorsXml(origin: string): Promise<string> {
  const doc = JSON.parse(
    await Deno.readTextFile(
      new URL("../../deploy/bucket-cors.json", import.meta.url),
    ),
  ) as { CORSRules: CorsRule[] };
  const tags = (name: string, values: string[]) =>
    values.map((v) => `<${name}>${v}</${name}>`).join("");
  const rules = doc.CORSRules.map((r) =>
    `<CORSRule>${tags("AllowedOrigin", [origin])}${
      tags("AllowedMethod", r.AllowedMethods)
    }${tags("AllowedHeader", r.AllowedHeaders)}${
      tags("ExposeHeader", r.ExposeHeaders)
    }<MaxAgeSeconds>${r.MaxAgeSeconds}</MaxAgeSeconds></CORSRule>`
  ).join("");
  return `<CORSConfiguration>${rules}</CORSConfiguration>`;
}
