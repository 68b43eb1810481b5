/**
 * A background loop that runs `step` again at once while it reports more work, otherwise waits
 * for `idleMs` or a wake-up. Errors are reported and retried with a growing delay. stop() waits
 * for the step in progress to finish, so a shutdown never cuts a transaction in half.
 */
export class WakeableLoop {
  private running = false;
  private current: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly step: () => Promise<"more" | "idle">,
    private readonly options: { idleMs: number; maxBackoffMs?: number; onError: (error: unknown) => void },
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
      let waitMs = this.options.idleMs;
      this.woken = false;
      try {
        const outcome = await this.step();
        failures = 0;
        // Work arrived while the step ran: look again rather than sleep on it.
        if (outcome === "more" || this.woken) continue;
      } catch (error) {
        failures += 1;
        this.options.onError(error);
        waitMs = Math.min(this.options.maxBackoffMs ?? 10_000, 100 * 2 ** Math.min(failures, 10));
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
