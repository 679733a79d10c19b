/**
 * Browser side of the islands layer: finds each `<pm3k-island>` wrapper the
 * server rendered and hydrates the island it names with its JSON props.
 * Each island starts on its own, so one failing island leaves the others.
 * The boot script (client_boot.ts) names it through
 * components/shared_chunk.ts, so it is in the one chunk every island loads
 * (docs/dashboard.md#budget).
 * @module
 */
import { h, hydrate } from "preact";
import type { ComponentType } from "preact";
import { reannounceStatuses } from "./reannounce_status.ts";
import { closeSignOutMenu } from "./sign_out_menu.ts";
import { localizeRecordTimes } from "./local_record_times.ts";

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;

/**
 * Hydrates every island on the page from the state script `stateId`, and
 * has the page's status regions read aloud, its Sign out menu close on
 * Escape and its server-rendered records' times written in local time.
 */
export function revive(
  islands: Record<string, AnyComponent>,
  stateId: string,
): void {
  const stateEl = document.getElementById(stateId);
  const props: unknown[] = stateEl
    ? JSON.parse(stateEl.textContent ?? "[]")
    : [];
  for (const el of document.querySelectorAll<HTMLElement>("pm3k-island")) {
    const component = islands[el.dataset.island ?? ""];
    const index = Number(el.dataset.props);
    if (!component) continue;
    setTimeout(() => {
      hydrate(h(component, (props[index] ?? {}) as object), el);
      el.dataset.hydrated = "true";
    }, 0);
  }
  reannounceStatuses();
  closeSignOutMenu();
  localizeRecordTimes();
}
