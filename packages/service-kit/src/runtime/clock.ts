/**
 * Business time comes from a Clock, never from `new Date()`, so tests move time instead of
 * sleeping (48-hour deadlines, renewals, 21-day holds).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that can be moved. `flowing` (the default) keeps ticking from the moved point, which is
 * what running processes need in e2e tests; `frozen` stands still, which unit tests prefer.
 */
export class ControllableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(options: { start?: Date; frozen?: boolean } = {}) {
    if (options.frozen) this.frozenAt = (options.start ?? new Date()).getTime();
    else if (options.start) this.offsetMs = options.start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  advanceBy(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("a clock only moves forward");
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
    this.changed();
    return this.now();
  }

  set(to: Date): Date {
    if (to.getTime() < this.now().getTime()) throw new RangeError("a clock only moves forward");
    if (this.frozenAt !== undefined) this.frozenAt = to.getTime();
    else this.offsetMs = to.getTime() - Date.now();
    this.changed();
    return this.now();
  }

  /** Called after every move, so timer runners look for newly due work at once. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
