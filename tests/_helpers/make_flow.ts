/**
 * Make's modules in a blueprint's flow (static/examples/make-direct-post.json,
 * docs/workflows.md#templates), each before those in its router's routes,
 * depth first: the order Make lists them in.
 */
export function* makeModules<M extends { routes?: unknown }>(
  flow: M[],
): Generator<M> {
  for (const m of flow) {
    yield m;
    for (const r of (m.routes as { flow: M[] }[] | undefined) ?? []) {
      yield* makeModules(r.flow);
    }
  }
}
