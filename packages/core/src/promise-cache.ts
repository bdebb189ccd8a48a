/**
 * A promise per key, forgotten on failure: how dbplay remembers work that is slow to do and
 * the same every time (a scenario's template database, a replay connection, a run).
 *
 * Keeping the promise rather than its value means two callers that ask at once share one
 * piece of work instead of starting two. A promise that fails is dropped as soon as it
 * fails, so the caller who asked sees the error and the next caller tries again: a server
 * that was briefly unreachable is not unreachable for the rest of the process. This is the
 * shape of memoising caches everywhere (DataLoader's, a connection pool's pending
 * connects); the keys are strings so that what makes two requests "the same" is spelled
 * out by the caller.
 *
 * @example
 * const templates = new PromiseCache<string>();
 * const name = await templates.get('g2-item', () => createTemplate('g2-item'));
 */
export class PromiseCache<V> {
  private readonly entries = new Map<string, Promise<V>>();

  /** The promise kept for `key`, or a new one from `make`, kept until it fails. */
  get(key: string, make: () => Promise<V>): Promise<V> {
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const made = make();
    this.entries.set(key, made);
    made.catch(() => {
      // Only if it is still ours: clear() and a new get() may have replaced it meanwhile.
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    return made;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything, and returns the promises it held (to close what they made). */
  clear(): Promise<V>[] {
    const held = [...this.entries.values()];
    this.entries.clear();
    return held;
  }
}
