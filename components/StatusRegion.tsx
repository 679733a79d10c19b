/**
 * The live regions of the dashboard's cards, on the page from the start
 * and empty until something happens: a screen reader announces a change
 * only inside a region it already knew (docs/dashboard.md).
 * @module
 */
import type { ComponentChildren, Ref } from "preact";
import { pageWords } from "./page_words.ts";

/**
 * What the last action did, said politely. Focusable by script
 * (`regionRef`), for focus an action took away (components/focus_rescue.ts).
 */
export function StatusRegion(
  { testId, children, regionRef }: {
    testId: string;
    children?: ComponentChildren;
    regionRef?: Ref<HTMLParagraphElement>;
  },
) {
  return (
    <p
      role="status"
      aria-live="polite"
      data-testid={testId}
      tabIndex={-1}
      ref={regionRef}
    >
      {children}
    </p>
  );
}

/**
 * Why the last action failed, as an alert, once there is a `message`.
 * `id` names the region, always there, for a field or button it describes
 * (`aria-describedby`); the message takes focus by script, for focus an
 * action took away (components/focus_rescue.ts). The alert is its own
 * (assertive) live region: the region around it is not live, or a screen
 * reader says the message twice, once politely (docs/dashboard.md#accessibility-and-themes).
 */
export function ErrorRegion(
  { message, testId, id }: { message: string; testId?: string; id?: string },
) {
  return (
    <div id={id}>
      {message && (
        <p
          class="error-message"
          role="alert"
          data-testid={testId}
          tabIndex={-1}
        >
          {message}
        </p>
      )}
    </div>
  );
}

/**
 * That a live list stopped refreshing because the browser now acts for
 * another account (components/live_lists.ts), once `shown`; said politely.
 */
export function OutdatedListNotice({ shown }: { shown: boolean }) {
  return (
    <div aria-live="polite">
      {shown && (
        <p class="notice" data-testid="list-outdated">
          {pageWords().listOutdated}
        </p>
      )}
    </div>
  );
}
