import { useState } from "preact/hooks";
import { keepOnEscape, useConfirmFocus } from "./confirm_focus.ts";

export interface ConfirmActionProps {
  /** The button that asks, e.g. "Cancel". */
  label: string;
  /**
   * What it acts on, e.g. the post's caption and time: heard after the
   * label, not shown, so one of many such buttons is told from the others
   * by a screen reader, which reads a button alone as Tab reaches it.
   */
  what?: string;
  /** What is asked, e.g. "Cancel this scheduled post?". */
  question: string;
  /** The button that does it, e.g. "Yes, cancel it". */
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  testId: string;
}

/**
 * A destructive action asked twice: the button opens an inline question
 * with the action and "Keep it". Focus moves to "Keep it" (a second Enter
 * keeps, never destroys) and, when kept (or Escape pressed), back to the
 * button that asked. Nothing happens until the action is confirmed.
 */
export function ConfirmAction(props: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const { trigger, safe: keep } = useConfirmFocus(asking);
  if (!asking) {
    return (
      <button
        type="button"
        class="secondary"
        ref={trigger}
        data-testid={props.testId}
        onClick={() => setAsking(true)}
      >
        {props.label}
        {props.what && <span class="visually-hidden">{` ${props.what}`}</span>}
      </button>
    );
  }
  return (
    <div
      class="confirm"
      role="group"
      aria-label={props.question}
      data-testid={`${props.testId}-confirm`}
      // While the action runs the question says so (styles.css) and Keep
      // it cannot be pressed: it would only hide an action under way.
      aria-busy={busy}
      // Once asked for, the action runs on: Escape no longer takes it back.
      onKeyDown={busy ? undefined : keepOnEscape(() => setAsking(false))}
    >
      <span>{props.question}</span>
      <button
        type="button"
        class="danger"
        disabled={busy}
        data-testid={`${props.testId}-yes`}
        onClick={async () => {
          setBusy(true);
          try {
            await props.onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {props.confirmLabel}
      </button>
      <button
        type="button"
        class="secondary"
        ref={keep}
        disabled={busy}
        data-testid={`${props.testId}-no`}
        onClick={() => setAsking(false)}
      >
        Keep it
      </button>
    </div>
  );
}
