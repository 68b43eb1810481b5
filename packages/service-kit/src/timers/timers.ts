import type { Logger } from "pino";
import { afterCommit, type Database, type PrismaLike, type SqlClient, type TxOf } from "../db/database.js";
import type { Clock } from "../runtime/clock.js";
import { uuidv7 } from "../runtime/ids.js";
import { WakeableLoop } from "../runtime/wakeable-loop.js";

export interface DueTimer {
  id: string;
  type: string;
  key: string;
  dueAt: Date;
  payload: unknown;
  attempts: number;
}

export type TimerHandler<Tx> = (timer: DueTimer, tx: Tx) => Promise<void>;

export interface TimerScheduler {
  /**
   * Schedules (or moves) the timer of one business key, in the caller's transaction: it exists
   * only if the state change that needs it commits. Scheduling a fired or cancelled key again
   * re-arms it.
   */
  schedule(tx: SqlClient, timer: { type: string; key: string; dueAt: Date; payload?: unknown }): Promise<void>;
  /** Cancels a pending timer; true when there was one. */
  cancel(tx: SqlClient, timer: { type: string; key: string }): Promise<boolean>;
}

export function createTimerScheduler(options: { onCommitted?: () => void } = {}): TimerScheduler {
  return {
    async schedule(tx, timer) {
      await tx.$executeRawUnsafe(
        `INSERT INTO timer (id, type, key, due_at, payload) VALUES ($1::uuid, $2, $3, $4::timestamptz, $5::jsonb)
         ON CONFLICT (type, key) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload,
           status = 'pending', attempts = 0, last_error = NULL, fired_at = NULL, updated_at = now()`,
        uuidv7(),
        timer.type,
        timer.key,
        timer.dueAt.toISOString(),
        JSON.stringify(timer.payload ?? {}),
      );
      if (options.onCommitted) afterCommit(tx, options.onCommitted);
    },
    async cancel(tx, timer) {
      const cancelled = await tx.$executeRawUnsafe(
        `UPDATE timer SET status = 'cancelled', updated_at = now() WHERE type = $1 AND key = $2 AND status = 'pending'`,
        timer.type,
        timer.key,
      );
      return cancelled > 0;
    },
  };
}

interface TimerRow {
  id: string;
  type: string;
  key: string;
  due_at: Date;
  payload: unknown;
  attempts: number;
}

/**
 * Fires due timers. Each timer is claimed with FOR UPDATE SKIP LOCKED and its handler runs in the
 * same transaction that marks it fired: with several replicas it fires once, and a crash before
 * the commit leaves it pending for the next run. Time is the injectable clock's, so tests (and
 * e2e test controls) move time instead of sleeping; timers that came due while the service was
 * down fire on start.
 */
export class TimerRunner<C extends PrismaLike> {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly db: Database<C>,
    private readonly handlers: Record<string, TimerHandler<TxOf<C>>>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: { pollMs: number; maxAttempts?: number; retryDelayMs?: number },
  ) {
    this.loop = new WakeableLoop(() => this.fireNext(), {
      idleMs: options.pollMs,
      onError: (err) => this.log.warn({ err }, "timer runner failed; will retry"),
    });
  }

  start(): void {
    if (Object.keys(this.handlers).length > 0) this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Fires at most one due timer; "more" while others may be due. */
  async fireNext(): Promise<"more" | "idle"> {
    const types = Object.keys(this.handlers);
    if (types.length === 0) return "idle";
    const now = this.clock.now();
    let claimed: TimerRow | undefined;
    try {
      const fired = await this.db.transaction(async (tx) => {
        const sql = tx as unknown as SqlClient;
        const rows = await sql.$queryRawUnsafe<TimerRow[]>(
          `SELECT id::text AS id, type, key, due_at, payload, attempts FROM timer
           WHERE status = 'pending' AND due_at <= $1::timestamptz AND type = ANY($2::text[])
           ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          now.toISOString(),
          types,
        );
        claimed = rows[0];
        if (!claimed) return false;
        await this.handlers[claimed.type]!(
          {
            id: claimed.id,
            type: claimed.type,
            key: claimed.key,
            dueAt: new Date(claimed.due_at),
            payload: claimed.payload,
            attempts: claimed.attempts,
          },
          tx,
        );
        await sql.$executeRawUnsafe(
          `UPDATE timer SET status = 'fired', fired_at = $2::timestamptz, attempts = attempts + 1, updated_at = now() WHERE id = $1::uuid`,
          claimed.id,
          now.toISOString(),
        );
        return true;
      });
      return fired ? "more" : "idle";
    } catch (error) {
      if (!claimed) throw error;
      await this.recordFailure(claimed, error, now);
      return "more";
    }
  }

  private async recordFailure(timer: TimerRow, error: unknown, now: Date): Promise<void> {
    const attempts = timer.attempts + 1;
    const maxAttempts = this.options.maxAttempts ?? 10;
    const giveUp = attempts >= maxAttempts;
    const retryAt = new Date(now.getTime() + (this.options.retryDelayMs ?? 5_000) * 2 ** Math.min(attempts - 1, 8));
    this.log[giveUp ? "error" : "warn"](
      { err: error, timer: { type: timer.type, key: timer.key, attempts } },
      giveUp ? "timer failed for the last time" : "timer failed; will retry",
    );
    await this.db.client.$executeRawUnsafe(
      `UPDATE timer SET attempts = $2, last_error = $3, status = $4, due_at = $5::timestamptz, updated_at = now()
       WHERE id = $1::uuid AND status = 'pending'`,
      timer.id,
      attempts,
      error instanceof Error ? error.message : String(error),
      giveUp ? "failed" : "pending",
      giveUp ? new Date(timer.due_at).toISOString() : retryAt.toISOString(),
    );
  }
}
