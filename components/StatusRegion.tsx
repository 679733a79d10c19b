/**
 * The live regions of the dashboard's cards, on the page from the start
 * and empty until something happens: a screen reader announces a change
 * only inside a region it already knew (docs/dashboard.md).
 * @module
 */
import type { ComponentChildren } from "preact";

/** What the last action did, said politely. */
export function StatusRegion(
  { testId, children }: { testId: string; children?: ComponentChildren },
) {
  return (
    <p role="status" aria-live="polite" data-testid={testId}>
      {children}
    </p>
  );
}

/** Why the last action failed, as an alert, once there is a `message`. */
export function ErrorRegion(
  { message, testId }: { message: string; testId?: string },
) {
  return (
    <div aria-live="polite">
      {message && (
        <p class="error-message" role="alert" data-testid={testId}>
          {message}
        </p>
      )}
    </div>
  );
}
