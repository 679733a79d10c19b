/**
 * A choice of one among a few, as a row of pressed and unpressed buttons
 * (`.tabs`): the composer's post type, its automation's endpoint.
 * @module
 */
import { Fragment } from "preact";

export interface TabChoice<T extends string> {
  value: T;
  text: string;
  testId: string;
}

export function ChoiceTabs<T extends string>(props: {
  /** What is chosen, for assistive technology. */
  label: string;
  value: T;
  choices: TabChoice<T>[];
  onChoose: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={props.label} class="tabs">
      {props.choices.map((c, i) => (
        <Fragment key={c.value}>
          {i > 0 && " "}
          <button
            type="button"
            class={props.value === c.value ? "" : "secondary"}
            aria-pressed={props.value === c.value}
            data-testid={c.testId}
            onClick={() => props.onChoose(c.value)}
          >
            {c.text}
          </button>
        </Fragment>
      ))}
    </div>
  );
}
