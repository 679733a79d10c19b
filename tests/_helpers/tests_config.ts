/**
 * The tests' own Deno config, tests/deno.json: the service's imports plus
 * the test-only packages, with its own lockfile, so that deno.json and
 * deno.lock name only what the service runs (docs/testing.md#first-start).
 * Child processes that run test code (helpers, the client example) pass it
 * with `--config`, as `deno test` does.
 * @module
 */

/** Absolute path of tests/deno.json. */
export const TESTS_CONFIG = new URL("../deno.json", import.meta.url).pathname;
