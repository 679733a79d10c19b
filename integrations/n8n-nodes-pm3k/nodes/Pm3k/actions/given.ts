import type { IExecuteFunctions } from "n8n-workflow";
import { NodeOperationError } from "n8n-workflow";

/**
 * A text field that must be given, trimmed. An expression that found
 * nothing (`{{ $json.video_url }}` of a row without that column, an album
 * ID of a node that gave no item) resolves to undefined or null: read as
 * empty, which stops the item with "No <label>" instead of a TypeError
 * ("Cannot read properties of undefined (reading 'trim')") or the text
 * "undefined" sent to PM3K. The description names the input item's
 * failure when "continue on fail" passed one on, else `hint`.
 */
export function givenText(
  this: IExecuteFunctions,
  i: number,
  name: string,
  label: string,
  hint: string,
): string {
  const value = this.getNodeParameter(name, i, "") as unknown;
  const text = value == null ? "" : String(value).trim();
  if (text) return text;
  throw missing.call(this, i, label, hint);
}

/** The error of a field left empty: see `givenText`. */
export function missing(
  this: IExecuteFunctions,
  i: number,
  label: string,
  hint: string,
): NodeOperationError {
  const item = this.getInputData()[i]?.json ?? {};
  const description = typeof item.error === "string"
    ? `The input item is a failure (${item.error}${
      typeof item.message === "string" ? `: ${item.message}` : ""
    }), not what ${label} comes from.`
    : `${label} is empty: ${hint}`;
  return new NodeOperationError(this.getNode(), `No ${label}`, {
    itemIndex: i,
    description,
  });
}
