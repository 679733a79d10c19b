/** Order statistics shared by the benchmarks. */

/** The value at fraction `p` of an ascending list (p = 0.5: the median). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** The median of unsorted figures. */
export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}
