/**
 * tests/deno.json, the tests' config, runs the service's code as deno.json
 * does: the same imports (and the test-only ones), compiler options and
 * unstable features, and tests/deno.lock resolves the service's packages to
 * the versions deno.lock holds (docs/testing.md#first-start).
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url);

async function json(path: string) {
  return JSON.parse(await Deno.readTextFile(new URL(path, root)));
}

Deno.test("tests/deno.json has every import of deno.json, the same compiler options and unstable features", async () => {
  const service = await json("deno.json");
  const tests = await json("tests/deno.json");
  for (const [name, target] of Object.entries(service.imports)) {
    // "@/" is the project folder, one level up from tests/.
    const expected = name === "@/" ? "../" : target;
    assert.equal(tests.imports[name], expected, name);
  }
  assert.deepEqual(tests.compilerOptions, service.compilerOptions);
  assert.deepEqual(tests.unstable, service.unstable);
  assert.equal(tests.nodeModulesDir, service.nodeModulesDir);
  for (const denied of service.allowScripts.deny) {
    assert.ok(tests.allowScripts.deny.includes(denied), denied);
  }
});

Deno.test("tests/deno.lock resolves the service's packages to deno.lock's versions", async () => {
  const service = await json("deno.lock");
  const tests = await json("tests/deno.lock");
  for (const [specifier, version] of Object.entries(service.specifiers)) {
    assert.equal(tests.specifiers[specifier], version, specifier);
  }
  for (const [pkg, entry] of Object.entries(service.npm)) {
    const integrity = (entry as { integrity: string }).integrity;
    assert.equal(tests.npm[pkg]?.integrity, integrity, pkg);
  }
});
