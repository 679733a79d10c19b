/**
 * The card around an island, rendered by the server: its heading and the
 * static text under it. Inside an island they would be shipped again as
 * dashboard JavaScript, which has a budget (docs/dashboard.md#budget); the
 * island, a `display: contents` element, renders the rest of the card.
 * @module
 */
import type { ComponentChildren } from "preact";

export interface IslandCardProps {
  title: string;
  testId: string;
  /** The static text under the heading. */
  intro: ComponentChildren;
  /** The island. */
  children: ComponentChildren;
}

/** A `.card` section: heading, intro paragraph, then the island. */
export function IslandCard(props: IslandCardProps) {
  return (
    <section class="card" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <p class="muted">{props.intro}</p>
      {props.children}
    </section>
  );
}
