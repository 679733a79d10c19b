import type { ComponentChildren } from "preact";

/** The dashboard's pages, in the order of the navigation. */
export const DASHBOARD_PAGES = [
  { href: "/dashboard", label: "Compose" },
  { href: "/dashboard/calendar", label: "Calendar" },
  { href: "/dashboard/posts", label: "Posts" },
  { href: "/dashboard/media", label: "Media" },
] as const;

/**
 * The frame of a dashboard page: its navigation (the current page marked)
 * and the page's `<main>`, the skip link's target.
 */
export function DashboardPage(
  props: { current: string; title: string; children: ComponentChildren },
) {
  return (
    <main id="main" class="wide">
      <nav class="subnav" aria-label="Dashboard">
        {DASHBOARD_PAGES.map((p) => (
          <a
            key={p.href}
            href={p.href}
            aria-current={p.href === props.current ? "page" : undefined}
          >
            {p.label}
          </a>
        ))}
      </nav>
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}
