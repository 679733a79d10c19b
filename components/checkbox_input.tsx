/**
 * A checkbox whose change hands the new state over as a boolean: the
 * composer's toggles share it instead of each reading the event target.
 * @module
 */
export interface CheckboxInputProps {
  checked: boolean;
  onToggle: (on: boolean) => void;
  testId: string;
  disabled?: boolean;
  describedBy?: string;
}

export function CheckboxInput(props: CheckboxInputProps) {
  return (
    <input
      type="checkbox"
      checked={props.checked}
      disabled={props.disabled}
      aria-describedby={props.describedBy}
      data-testid={props.testId}
      onChange={(e) =>
        props.onToggle((e.currentTarget as HTMLInputElement).checked)}
    />
  );
}
