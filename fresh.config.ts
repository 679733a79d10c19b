/**
 * UI framework settings, Fresh-style: where routes, islands and static files
 * live, where the manifest and the built island bundles go.
 */
export default {
  routesDir: "./routes",
  islandsDir: "./islands",
  staticDir: "./static",
  /** Generated, committed route and island manifest (`deno task manifest`). */
  manifestFile: "./fresh.gen.ts",
  /** Island bundles written by `deno task build` (used on Deno Deploy). */
  islandsBuildDir: "./_build/islands",
} as const;
