/**
 * Numbers as the reader writes them: "1,520" in English, "1.520" in German
 * (docs/dashboard.md#numbers). In the browser, in its own way; on the
 * server, in the way of the language the page was asked in
 * (Accept-Language), which is the browser's too: the page rendered by the
 * server does not change its numbers once its script runs.
 * @module
 */

/** Set by the server while it renders one page (renders are synchronous). */
let serverLocale: string | undefined;

/** `n` in the reader's way of writing numbers. */
export function numberText(
  n: number,
  options?: Intl.NumberFormatOptions,
): string {
  return n.toLocaleString(
    typeof document > "u" ? serverLocale : undefined,
    options,
  );
}

/**
 * Server side: `render()` with numbers written in the first language of
 * `acceptLanguage` (English when it names none that is known).
 */
export function inRequestLocale<T>(
  acceptLanguage: string | undefined,
  render: () => T,
): T {
  const first = (acceptLanguage ?? "").split(",")[0].split(";")[0].trim();
  let locale = "en-US";
  try {
    locale = Intl.NumberFormat.supportedLocalesOf(first)[0] ?? locale;
  } catch {
    // Not a language tag ("*", garbage): English.
  }
  serverLocale = locale;
  try {
    return render();
  } finally {
    serverLocale = undefined;
  }
}
