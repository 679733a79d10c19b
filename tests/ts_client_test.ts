/**
 * The typed TypeScript client (clients/typescript): its committed types are
 * those of the OpenAPI document the app builds, and its example uploads a
 * video, posts it and waits until TikTok is done, against a PM3K test
 * server with the sandbox TikTok (docs/api.md#typescript-client).
 */
import assert from "node:assert/strict";
import { generateClientTypes, SCHEMA_FILE } from "../tasks/client_types.ts";

Deno.test("the TypeScript client's committed types are those of the current OpenAPI document", async () => {
  const committed = await Deno.readTextFile(SCHEMA_FILE);
  assert.ok(
    committed === await generateClientTypes(),
    "clients/typescript/src/schema.d.ts is stale: run `deno task client-types`",
  );
});
