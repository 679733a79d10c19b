import { useEffect, useRef, useState } from "preact/hooks";

export interface ConfirmActionProps {
  /** The button that asks, e.g. "Cancel". */
  label: string;
  /** What is asked, e.g. "Cancel this scheduled post?". */
  question: string;
  /** The button that does it, e.g. "Yes, cancel it". */
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  testId: string;
}

/**
 * A destructive action asked twice: the button opens an inline question
 * with the action and "Keep it"; focus moves to the question and back.
 * Nothing happens until the action is confirmed.
 */
export function ConfirmAction(props: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) group.current?.querySelector("button")?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        class="secondary"
        data-testid={props.testId}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <div
      class="confirm"
      role="group"
      aria-label={props.question}
      ref={group}
      data-testid={`${props.testId}-confirm`}
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
        data-testid={`${props.testId}-no`}
        onClick={() => setAsking(false)}
      >
        Keep it
      </button>
    </div>
  );
}
