/**
 * `deno task client-types`: regenerates the typed client's types
 * (clients/typescript/src/schema.d.ts) from the OpenAPI document the app
 * builds, with openapi-typescript (docs/api.md#typescript-client). A test
 * fails when the committed file is stale.
 */
import openapiTS, { astToString } from "npm:openapi-typescript@7.13.0";
import manifest from "../fresh.gen.ts";
import { buildOpenApi } from "../lib/http/openapi/build_openapi.ts";

export const SCHEMA_FILE = new URL(
  "../clients/typescript/src/schema.d.ts",
  import.meta.url,
);

const HEADER = `/**
 * Generated from PM3K's OpenAPI document (/api/openapi.json) by
 * openapi-typescript: \`deno task client-types\` rewrites it, and a test
 * fails when it is stale. Do not edit.
 */
`;

/** The types of /api/openapi.json, as openapi-typescript writes them. */
export async function generateClientTypes(): Promise<string> {
  const doc = buildOpenApi(manifest, "https://pm3k.org", "PM3K");
  const ast = await openapiTS(JSON.stringify(doc));
  return HEADER + astToString(ast);
}

if (import.meta.main) {
  const next = await generateClientTypes();
  const current = await Deno.readTextFile(SCHEMA_FILE).catch(() => "");
  if (current === next) {
    console.log("clients/typescript/src/schema.d.ts is up to date");
  } else {
    await Deno.writeTextFile(SCHEMA_FILE, next);
    console.log("wrote clients/typescript/src/schema.d.ts");
  }
}
