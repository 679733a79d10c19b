// Copies what tsc does not emit (icons and the nodes' codex .json files)
// into dist/, keeping their paths: the node and the credential name their
// icons relative to their own compiled file.
import { cpSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (/\.(svg|png|json)$/.test(name)) {
      const target = join(root, "dist", relative(root, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}

for (const dir of ["icons", "nodes", "credentials"]) {
  copyAssets(join(root, dir));
}
