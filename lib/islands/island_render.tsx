/**
 * Server side of the islands layer. A Preact `options.vnode` hook (a public,
 * documented hook) swaps every registered island component for a wrapper
 * that records its props and surrounds its output with a
 * `<pm3k-island data-island data-props>` element. After rendering, the page
 * gets one JSON state script and one module script importing only the
 * islands it used; a page without islands gets no script at all.
 * @module
 */
import { createContext, h, options } from "preact";
import type { ComponentType, VNode } from "preact";
import { useContext } from "preact/hooks";
import { renderToString } from "preact-render-to-string";
import { assertSerialisable, escapeJsonForHtml } from "./serialise_props.ts";
import type { IslandAssets } from "./island_assets.ts";
import { PAGE_WORDS } from "./page_words.ts";
import { PAGE_WORDS_ID } from "../../components/page_words.ts";

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;
/** A vnode of any props (pages and shells have different ones). */
// deno-lint-ignore no-explicit-any
export type AnyVNode = VNode<any>;

interface RenderCollector {
  used: { name: string; props: Record<string, unknown> }[];
}

const CollectorContext = createContext<RenderCollector | null>(null);
/** True inside an island's own tree: nested islands render as plain components there. */
const InsideIslandContext = createContext(false);

const islandNames = new Map<AnyComponent, string>();
const wrappers = new Map<AnyComponent, AnyComponent>();

/** Registers the islands of the manifest (name = file name without extension). */
export function registerIslands(
  islands: Record<string, { default: AnyComponent }>,
): void {
  for (const [specifier, mod] of Object.entries(islands)) {
    const name = islandNameFromPath(specifier);
    islandNames.set(mod.default, name);
    wrappers.set(mod.default, makeWrapper(name, mod.default));
  }
}

/** `./islands/ApiKeyCard.tsx` → `ApiKeyCard` */
export function islandNameFromPath(specifier: string): string {
  return specifier.replace(/^.*\//, "").replace(/\.[jt]sx?$/, "");
}

/** Set while a wrapper creates the real island's vnode, so it is not swapped again. */
let creatingInner = false;

function innerVNode(component: AnyComponent, props: Record<string, unknown>) {
  creatingInner = true;
  try {
    return h(component, props);
  } finally {
    creatingInner = false;
  }
}

function makeWrapper(name: string, component: AnyComponent): AnyComponent {
  function IslandWrapper(props: Record<string, unknown>) {
    const collector = useContext(CollectorContext);
    const inside = useContext(InsideIslandContext);
    if (!collector || inside) return innerVNode(component, props);
    const { children, ...rest } = props;
    if (children !== undefined) {
      throw new Error(
        `Island "${name}" was given children; islands take JSON props only`,
      );
    }
    assertSerialisable(name, rest);
    const index = collector.used.push({ name, props: rest }) - 1;
    return h(
      "pm3k-island",
      { "data-island": name, "data-props": String(index) },
      h(
        InsideIslandContext.Provider,
        { value: true },
        innerVNode(component, rest),
      ),
    );
  }
  IslandWrapper.displayName = `Island(${name})`;
  return IslandWrapper;
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode: VNode) => {
  const wrapper = creatingInner
    ? undefined
    : wrappers.get(vnode.type as AnyComponent);
  if (wrapper) vnode.type = wrapper;
  previousVnodeHook?.(vnode);
};

/** Result of rendering one page. */
export interface RenderedPage {
  html: string;
  islands: string[];
}

/**
 * Renders a whole document and adds the island boot script when needed.
 * @param nonce the CSP nonce that lets the inline module script run
 */
export function renderDocument(
  tree: AnyVNode,
  assets: IslandAssets,
  nonce: string,
): RenderedPage {
  const collector: RenderCollector = { used: [] };
  const body = renderToString(
    h(CollectorContext.Provider, { value: collector }, tree),
  );
  const names = [...new Set(collector.used.map((u) => u.name))];
  if (names.length === 0) {
    return { html: `<!DOCTYPE html>${body}`, islands: [] };
  }
  const stateId = `__PM3K_STATE_${crypto.randomUUID()}`;
  const state = escapeJsonForHtml(
    JSON.stringify(collector.used.map((u) => u.props)),
  );
  const boot = assets.url("client_boot");
  const imports = names.map((n, i) =>
    `import $${i} from ${JSON.stringify(assets.url(n))};`
  ).join("");
  const map = names.map((n, i) => `${JSON.stringify(n)}:$${i}`).join(",");
  const preload = [boot, ...names.map((n) => assets.url(n))].map((u) =>
    `<link rel="modulepreload" href="${u}">`
  ).join("");
  // Long fixed sentences the islands may show, kept in the page rather
  // than in every bundle (components/page_words.ts).
  const words = escapeJsonForHtml(JSON.stringify(PAGE_WORDS));
  const tail =
    `<script type="application/json" id="${stateId}">${state}</script>` +
    `<script type="application/json" id="${PAGE_WORDS_ID}">${words}</script>` +
    preload +
    `<script type="module" nonce="${nonce}">import{revive}from${
      JSON.stringify(boot)
    };${imports}revive({${map}},${JSON.stringify(stateId)});</script>`;
  const html = body.includes("</body>")
    ? body.replace(/<\/body>(?![\s\S]*<\/body>)/, `${tail}</body>`)
    : body + tail;
  return { html: `<!DOCTYPE html>${html}`, islands: names };
}
