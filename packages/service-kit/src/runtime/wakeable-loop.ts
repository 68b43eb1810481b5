/**
 * What a step reports: "more" (run again at once), "idle" (nothing known to do: sleep until a
 * wake-up, or the safety poll), or the number of milliseconds until work it knows of comes due
 * (a lease that runs out, a timer's due time, a retry).
 */
export type StepOutcome = "more" | "idle" | number;

/** setTimeout's longest delay; a longer one fires at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A background loop that runs `step` again at once while it reports more work, otherwise sleeps
 * until a wake-up (nudge), the due time the step reported, or `idleMs` (a safety poll; none when
 * undefined). A loop with nothing to do therefore runs nothing. Errors are reported and retried
 * with a growing delay. stop() waits for the step in progress to finish, so a shutdown never cuts
 * a transaction in half.
 */
export class WakeableLoop {
  private running = false;
  private current: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly step: () => Promise<StepOutcome>,
    private readonly options: { idleMs?: number; maxBackoffMs?: number; onError: (error: unknown) => void },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.run();
  }

  /** Ask for a run as soon as possible (e.g. right after a commit that added work). */
  nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.current;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let waitMs: number | undefined = this.options.idleMs;
      this.woken = false;
      try {
        const outcome = await this.step();
        failures = 0;
        // Work arrived while the step ran: look again rather than sleep on it.
        if (outcome === "more" || this.woken) continue;
        if (typeof outcome === "number") waitMs = Math.min(Math.max(outcome, 0), waitMs ?? Infinity);
      } catch (error) {
        failures += 1;
        this.options.onError(error);
        waitMs = Math.min(this.options.maxBackoffMs ?? 10_000, 100 * 2 ** Math.min(failures, 10));
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        // A delay beyond setTimeout's range is cut to it: the step then only looks again early.
        const timer = waitMs === undefined ? undefined : setTimeout(resolve, Math.min(waitMs, MAX_TIMEOUT_MS));
        this.wake = () => {
          if (timer) clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
