/**
 * The composer's toggles: a checkbox and its words in one label, a row of
 * their own (`.toggle-row`); with a note (why it is off, what it does),
 * the row holds the label and the note under it.
 * @module
 */
import type { ComponentChildren } from "preact";
import { CheckboxInput } from "./checkbox_input.tsx";
import type { CheckboxInputProps } from "./checkbox_input.tsx";

export interface ToggleRowProps extends CheckboxInputProps {
  /** The words beside the checkbox. */
  text: ComponentChildren;
}

/** The checkbox and its words, labelled together. */
function ToggleLabel(
  { text, rowClass, ...box }: ToggleRowProps & { rowClass?: string },
) {
  return (
    <label class={rowClass}>
      <CheckboxInput {...box} /> {text}
    </label>
  );
}

/** A toggle on a row of its own. */
export function ToggleRow(props: ToggleRowProps) {
  return <ToggleLabel {...props} rowClass="toggle-row" />;
}

/** A toggle with `children` (its note) under it on the same row. */
export function NotedToggleRow(
  { children, ...toggle }: ToggleRowProps & { children?: ComponentChildren },
) {
  return (
    <div class="toggle-row">
      <ToggleLabel {...toggle} />
      {children}
    </div>
  );
}
