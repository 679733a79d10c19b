/**
 * The calendar's "today" (docs/dashboard.md#calendar-posts-and-media): the
 * server's time until the island is hydrated (the page it rendered), then
 * the browser's, rendered again at each local midnight, so a calendar left
 * open overnight marks the new day.
 * @module
 */
import { useEffect, useState } from "preact/hooks";

/** setTimeout's longest wait; a longer one fires at once. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

/** Now: `serverNow` until `mounted`, then the browser's clock. */
export function useCurrentDay(serverNow: string, mounted: boolean): Date {
  const [, setDays] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      const now = new Date();
      const midnight = new Date(
        now.getFullYear(),
        now.getMonth(),
        now.getDate() + 1,
      );
      timer = setTimeout(() => {
        setDays((n) => n + 1);
        arm();
      }, Math.min(+midnight - +now + 1_000, LONGEST_WAIT_MS));
    };
    arm();
    return () => clearTimeout(timer);
  }, []);
  return mounted ? new Date() : new Date(serverNow);
}
