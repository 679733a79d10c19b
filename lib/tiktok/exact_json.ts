/**
 * JSON parsing that keeps integers beyond 2^53 exact: TikTok's post ids are
 * 19-digit JSON numbers, which `JSON.parse` would round. Such numbers come
 * back as their exact decimal strings (via the parse reviver's source text).
 * @module
 */

interface ReviverContext {
  source?: string;
}

/** Parses JSON; unsafe integers become strings with their exact digits. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(
    text,
    function (
      this: unknown,
      _key: string,
      value: unknown,
      context?: ReviverContext,
    ) {
      if (
        typeof value === "number" && !Number.isSafeInteger(value) &&
        context?.source && /^-?\d+$/.test(context.source)
      ) {
        return context.source;
      }
      return value;
    } as (key: string, value: unknown) => unknown,
  );
}
