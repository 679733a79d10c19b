/** Figures shared by the benchmarks: order statistics, the peak RSS. */

/** The value at fraction `p` of an ascending list (p = 0.5: the median). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** The median of unsorted figures. */
export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

/** The process's RSS, watched from now until `stop`. */
export interface RssWatch {
  /** Stops watching; how far the RSS rose above its start at its peak, in MB. */
  stop(): number;
}

/**
 * Starts watching the process's RSS (after a GC, where --expose-gc gives
 * one): sampled every 10 ms, and once more at `stop`.
 */
export function watchRss(): RssWatch {
  (globalThis as { gc?: () => void }).gc?.();
  const base = Deno.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, Deno.memoryUsage().rss);
  }, 10);
  return {
    stop() {
      clearInterval(sampler);
      peak = Math.max(peak, Deno.memoryUsage().rss);
      return (peak - base) / 1024 / 1024;
    },
  };
}
