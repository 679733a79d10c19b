/**
 * A bound on how much of one kind of background work a process does at
 * once; past it, work waits its turn, first come first served. Unbounded,
 * a backlog (thousands of jobs due in one minute) starts everything at
 * once: every step waits on the KV behind all the others, nothing finishes
 * early, and the backlog grows (docs/scheduling.md#how-jobs-run).
 * @module
 */
export class WorkPool {
  readonly size: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.size = size;
  }

  /** Runs `work` in its turn. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.size) {
      // The finishing work hands its place over: #running stays the same.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
