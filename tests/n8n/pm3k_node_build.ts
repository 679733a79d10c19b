/**
 * Builds the n8n node (integrations/n8n-nodes-pm3k) from its committed
 * sources, as its README says: `npm ci` and `npm run build` (TypeScript from
 * npm) in a copy of the package, so nothing is written into the checkout.
 * The built dist is not committed (docs/workflows.md#the-native-n8n-node).
 */
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PACKAGE_DIR = new URL(
  "../../integrations/n8n-nodes-pm3k/",
  import.meta.url,
).pathname;

async function run(cwd: string, args: string[]): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command("npm", {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(300_000),
  }).output();
  if (code !== 0) {
    const text = new TextDecoder().decode(stdout) +
      new TextDecoder().decode(stderr);
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${text}`);
  }
}

/** A fresh copy of the package with its dist built; its folder. */
export async function buildPm3kNode(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "pm3k-n8n-node-")), "pkg");
  await cp(PACKAGE_DIR, dir, {
    recursive: true,
    filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
  });
  await run(dir, [
    "ci",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ]);
  await run(dir, ["run", "build"]);
  return dir;
}

/**
 * An N8N_CUSTOM_EXTENSIONS folder holding the built node as a self-hosted
 * n8n gets it: the dist alone, so `n8n-workflow` is n8n's own.
 */
export async function customExtensionsFrom(
  packageDir: string,
  home: string,
): Promise<string> {
  const target = join(home, "custom", "n8n-nodes-pm3k");
  await cp(join(packageDir, "dist"), target, { recursive: true });
  return join(home, "custom");
}
