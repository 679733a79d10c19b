/** `deno task manifest`: rewrites fresh.gen.ts when routes or islands change. */
import config from "../fresh.config.ts";
import { generateManifest } from "../lib/manifest/generate_manifest.ts";

const projectDir = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const path = `${projectDir}/${config.manifestFile}`;
const next = await generateManifest(projectDir);
const current = await Deno.readTextFile(path).catch(() => "");
if (current === next) {
  console.log(`${config.manifestFile} is up to date`);
} else {
  await Deno.writeTextFile(path, next);
  console.log(`wrote ${config.manifestFile}`);
}
