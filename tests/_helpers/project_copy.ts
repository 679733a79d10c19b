/**
 * A copy of the project as a fresh clone or the Deploy CLI has it: git's
 * list of its files (tracked, and new ones not ignored) minus what
 * .gitignore lists, never node_modules (docs/testing.md#deploy-mode-test).
 * @module
 */
import assert from "node:assert/strict";

const projectDir = new URL("../..", import.meta.url).pathname.replace(
  /\/$/,
  "",
);

/** Copies the project's files into `to`; returns their paths. */
export async function copyProjectFiles(to: string): Promise<string[]> {
  const listed = await new Deno.Command("git", {
    args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    cwd: projectDir,
    stdout: "piped",
  }).output();
  assert.equal(listed.code, 0, "git ls-files");
  const files = new TextDecoder().decode(listed.stdout).split("\0")
    .filter((f) => f !== "" && !f.startsWith("node_modules/"));
  for (const file of files) {
    const target = `${to}/${file}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), {
      recursive: true,
    });
    // Files deleted in the working tree but still tracked are not copied.
    await Deno.copyFile(`${projectDir}/${file}`, target).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  return files;
}
