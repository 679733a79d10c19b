/**
 * For islands: a `.catch` handler for a failure the page does not show
 * (a background refresh, a list reload), reported on the browser console
 * with what failed.
 * @module
 */

export function reportFailure(what: string): (error: unknown) => void {
  return (error) => console.error(`PM3K: ${what} failed:`, error);
}
