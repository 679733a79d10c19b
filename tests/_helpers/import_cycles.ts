/**
 * Finds import cycles among the project's own modules: the module graph
 * comes from one `deno info --json` call over a generated root that imports
 * every source file of the project, and the cycles are its strongly
 * connected components. Type-only imports count: a record file that imports
 * a domain module for a type ties the two together all the same.
 * @module
 */

/** Module → the modules it imports (both sides as project-relative paths). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The groups of modules that import each other, directly or through others
 * (Tarjan's strongly connected components of size > 1, plus self-imports),
 * each sorted, in a stable order.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;

  // Iterative, so a long import chain cannot overflow the call stack.
  const visit = (start: string) => {
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = (graph.get(frame.node) ?? []).includes(frame.node);
      if (component.length > 1 || selfImport) out.push(component.sort());
    }
  };

  for (const node of [...graph.keys()].sort()) {
    if (!index.has(node)) visit(node);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * One concrete loop through a cycle found by {@link importCycles}, as
 * `a → b → … → a`: the shortest way from its first module back to itself.
 */
export function describeCycle(graph: ImportGraph, cycle: string[]): string {
  const members = new Set(cycle);
  const start = cycle[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  let last: string | undefined;
  search: while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        last = node;
        break search;
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  const path = [start];
  for (let node = last; node !== undefined && node !== start;) {
    path.splice(1, 0, node);
    node = cameFrom.get(node);
  }
  return [...path, start].join(" → ");
}

/** What `deno info --json` says of one module (the parts read here). */
interface InfoModule {
  specifier: string;
  dependencies?: {
    code?: { specifier?: string };
    type?: { specifier?: string };
  }[];
}

/** Source files of the project, project-relative, skipping what deno.json excludes. */
export async function projectSourceFiles(
  projectDir: string,
): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(`${projectDir}/deno.json`));
  const excluded = new Set<string>(
    [...(config.exclude ?? []), ".git/"].map((d: string) =>
      d.replace(/\/$/, "")
    ),
  );
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(`${projectDir}/${dir}`)) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory && !excluded.has(rel)) await walk(rel);
      else if (entry.isFile && /\.(ts|tsx|js|jsx|mts|mjs)$/.test(rel)) {
        out.push(rel);
      }
    }
  };
  await walk("");
  return out.sort();
}

/**
 * The import graph of every source file under `projectDir`, from a single
 * `deno info --json` run (npm:, node: and remote modules are left out).
 */
export async function projectImportGraph(
  projectDir: string,
): Promise<Map<string, string[]>> {
  const files = await projectSourceFiles(projectDir);
  const base = new URL(`file://${projectDir}/`);
  const rootDir = await Deno.makeTempDir({ prefix: "pm3k_import_graph_" });
  const root = `${rootDir}/all_modules.ts`;
  try {
    await Deno.writeTextFile(
      root,
      files.map((f) => `import "${new URL(f, base).href}";\n`).join(""),
    );
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "info",
        "--json",
        "--config",
        `${projectDir}/tests/deno.json`,
        root,
      ],
      cwd: projectDir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(
        `deno info failed: ${new TextDecoder().decode(stderr)}`,
      );
    }
    const info = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: InfoModule[];
    };
    const own = (specifier: string | undefined) =>
      specifier?.startsWith(base.href)
        ? specifier.slice(base.href.length)
        : undefined;
    const graph = new Map<string, string[]>();
    for (const mod of info.modules) {
      const from = own(mod.specifier);
      if (!from) continue;
      const to = new Set<string>();
      for (const dep of mod.dependencies ?? []) {
        for (const target of [dep.code?.specifier, dep.type?.specifier]) {
          const path = own(target);
          if (path) to.add(path);
        }
      }
      graph.set(from, [...to].sort());
    }
    const missing = files.filter((f) => !graph.has(f));
    if (missing.length > 0) {
      throw new Error(`deno info left out: ${missing.join(", ")}`);
    }
    return graph;
  } finally {
    await Deno.remove(rootDir, { recursive: true });
  }
}
