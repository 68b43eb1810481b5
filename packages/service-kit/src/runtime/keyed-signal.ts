/**
 * In-process wake-ups by key: an HTTP request waits for a change that this process commits (a
 * consumer settling a checkout, say) instead of asking the database again and again. Nothing
 * crosses processes: a change committed by another replica wakes nobody here, so a waiter bounds
 * each wait and looks at the database again when it ends.
 */
export class KeyedSignal {
  private readonly waiting = new Map<string, Set<() => void>>();

  /**
   * Starts waiting now (before the caller reads the state, so that a change committed in between
   * is not missed): `woken` resolves at the next `notify(key)` or after `timeoutMs`, whichever
   * comes first. `cancel` stops waiting early.
   */
  wait(key: string, timeoutMs: number): { woken: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(() => done(), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      const set = this.waiting.get(key);
      set?.delete(done);
      if (set?.size === 0) this.waiting.delete(key);
      wake();
    };
    let set = this.waiting.get(key);
    if (!set) this.waiting.set(key, (set = new Set()));
    set.add(done);
    return { woken, cancel: done };
  }

  /** Wakes everyone waiting on `key`. */
  notify(key: string): void {
    const set = this.waiting.get(key);
    if (!set) return;
    for (const done of [...set]) done();
  }

  /** How many waits are open (for tests and shutdown). */
  get size(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }
}
