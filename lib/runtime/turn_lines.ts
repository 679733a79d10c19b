/**
 * Lines of work taking turns in this process, one line per KV handle (so
 * per runtime) and key: each piece of work starts once the one before it
 * in its line has ended, whether that one succeeded or failed. A burst of
 * requests that would race on one KV entry (an account's next free time,
 * a refusal group's count) then costs a commit at a time instead of
 * commits that fail each other. Other processes are not in the line: the
 * work still checks what it read when it commits.
 * @module
 */

/** A set of lines; each caller of turn-taking keeps its own. */
export class TurnLines {
  readonly #tails = new WeakMap<Deno.Kv, Map<string, Promise<unknown>>>();

  /** Runs `work` after the work queued before it under `kv` and `key`. */
  run<T>(kv: Deno.Kv, key: string, work: () => Promise<T>): Promise<T> {
    let byKey = this.#tails.get(kv);
    if (!byKey) this.#tails.set(kv, byKey = new Map());
    const before = byKey.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    // The caller of `mine` is told of its failure; the line only waits.
    const tail = mine.then(() => {}, () => {});
    byKey.set(key, tail);
    void tail.then(() => {
      // The last in its line leaves no entry behind.
      if (byKey.get(key) === tail) byKey.delete(key);
    });
    return mine;
  }
}
