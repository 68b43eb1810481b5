import type { Logger } from "pino";
import { afterCommit, type Database, type PrismaLike, type SqlClient, type TxOf } from "../db/database.js";
import type { Clock } from "../runtime/clock.js";
import { uuidv7 } from "../runtime/ids.js";
import { WakeableLoop, type StepOutcome } from "../runtime/wakeable-loop.js";

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

export function createTimerScheduler(
  options: { onCommitted?: () => void; onUnhookedWrite?: () => void } = {},
): TimerScheduler {
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
      if (options.onCommitted && !afterCommit(tx, options.onCommitted)) options.onUnhookedWrite?.();
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

export interface TimerRunnerOptions {
  /**
   * Safety poll: the runner looks at least this often even when nothing woke it (undefined:
   * never). It is woken by local schedules, the database's notifications, moves of a
   * ControllableClock and the earliest due time it read.
   */
  pollMs?: number;
  /** Most due timers claimed in one statement and fired in one transaction. */
  batchSize?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Fires due timers, a batch at a time. Due timers are claimed with FOR UPDATE SKIP LOCKED in one
 * statement and their handlers run in the same transaction that marks them fired: with several
 * replicas each fires once, and a crash before the commit leaves them pending for the next run.
 * In a batch each handler runs in its own savepoint: a failing one is rolled back alone and
 * retried later, the others commit. Time is the injectable clock's, so tests (and e2e test
 * controls) move time instead of sleeping; timers that came due while the service was down fire
 * on start. Between batches the runner sleeps until the earliest pending due time (read by the
 * claim), a timer scheduled here or by another process, or a move of the clock.
 */
export class TimerRunner<C extends PrismaLike> {
  private readonly loop: WakeableLoop;
  /** The earliest due time (epoch ms) of a pending timer not yet due at the last claim, if any. */
  private nextDueAt: number | undefined;

  constructor(
    private readonly db: Database<C>,
    private readonly handlers: Record<string, TimerHandler<TxOf<C>>>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: TimerRunnerOptions,
  ) {
    this.loop = new WakeableLoop(() => this.step(), {
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

  private async step(): Promise<StepOutcome> {
    const outcome = await this.fireNext();
    if (outcome === "more" || this.nextDueAt === undefined) return outcome;
    return Math.max(0, this.nextDueAt - this.clock.now().getTime());
  }

  /** Fires a batch of due timers; "more" while others may be due. */
  async fireNext(): Promise<"more" | "idle"> {
    const types = Object.keys(this.handlers);
    if (types.length === 0) return "idle";
    const batchSize = this.options.batchSize ?? 50;
    const now = this.clock.now();
    let claimed: TimerRow[] = [];
    const failed: { timer: TimerRow; error: unknown }[] = [];
    try {
      await this.db.transaction(async (tx) => {
        const sql = tx as unknown as SqlClient;
        // When the batch is not full, the same statement reads when the next pending timer comes
        // due (timers due now but locked belong to another replica's batch: not counted).
        const rows = await sql.$queryRawUnsafe<(TimerRow & { next_due_at: Date | null })[]>(
          `WITH due AS (
             SELECT id, type, key, due_at, payload, attempts FROM timer
             WHERE status = 'pending' AND due_at <= $1::timestamptz AND type = ANY($2::text[])
             ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
           SELECT id::text AS id, type, key, due_at, payload, attempts, NULL::timestamptz AS next_due_at FROM due
           UNION ALL
           SELECT NULL, NULL, NULL, NULL, NULL, NULL,
                  (SELECT min(due_at) FROM timer
                   WHERE status = 'pending' AND due_at > $1::timestamptz AND type = ANY($2::text[]))
           WHERE (SELECT count(*) FROM due) < $3`,
          now.toISOString(),
          types,
          batchSize,
        );
        claimed = rows.filter((row) => row.id !== null);
        const nextDue = rows.find((row) => row.id === null)?.next_due_at;
        this.nextDueAt = nextDue ? new Date(nextDue).getTime() : undefined;
        if (claimed.length === 0) return;
        const fired: string[] = [];
        for (const timer of claimed) {
          // One timer alone needs no savepoint: its failure rolls back the whole transaction.
          if (claimed.length === 1) {
            await this.runHandler(timer, tx);
            fired.push(timer.id);
            continue;
          }
          await sql.$executeRawUnsafe(`SAVEPOINT mkt_timer`);
          try {
            await this.runHandler(timer, tx);
            await sql.$executeRawUnsafe(`RELEASE SAVEPOINT mkt_timer`);
            fired.push(timer.id);
          } catch (error) {
            await sql.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT mkt_timer`);
            failed.push({ timer, error });
          }
        }
        if (fired.length > 0) {
          await sql.$executeRawUnsafe(
            `UPDATE timer SET status = 'fired', fired_at = $2::timestamptz, attempts = attempts + 1, updated_at = now()
             WHERE id = ANY($1::uuid[])`,
            fired,
            now.toISOString(),
          );
        }
        for (const { timer, error } of failed) await this.recordFailure(sql, timer, error, now);
      });
    } catch (error) {
      if (claimed.length === 0) throw error;
      if (claimed.length === 1) {
        await this.recordFailure(this.db.client, claimed[0]!, error, now);
        return "more";
      }
      // The batch itself failed (its commit, a handler that outlived the transaction's timeout):
      // nobody can tell which timer was at fault, so each is fired alone and only the faulty one
      // is retried later. The others are not held back.
      this.log.warn({ err: error, timers: claimed.length }, "a batch of timers failed; firing them one by one");
      for (const timer of claimed) await this.fireOne(timer.id, now);
      return "more";
    }
    return claimed.length >= batchSize || failed.length > 0 ? "more" : "idle";
  }

  /** Fires one timer, if it is still pending and due (the isolation path after a failed batch). */
  private async fireOne(id: string, now: Date): Promise<void> {
    let claimed: TimerRow | undefined;
    try {
      await this.db.transaction(async (tx) => {
        const sql = tx as unknown as SqlClient;
        const rows = await sql.$queryRawUnsafe<TimerRow[]>(
          `SELECT id::text AS id, type, key, due_at, payload, attempts FROM timer
           WHERE id = $1::uuid AND status = 'pending' AND due_at <= $2::timestamptz FOR UPDATE SKIP LOCKED`,
          id,
          now.toISOString(),
        );
        claimed = rows[0];
        if (!claimed) return;
        await this.runHandler(claimed, tx);
        await sql.$executeRawUnsafe(
          `UPDATE timer SET status = 'fired', fired_at = $2::timestamptz, attempts = attempts + 1, updated_at = now() WHERE id = $1::uuid`,
          claimed.id,
          now.toISOString(),
        );
      });
    } catch (error) {
      if (!claimed) throw error;
      await this.recordFailure(this.db.client, claimed, error, now);
    }
  }

  private async runHandler(timer: TimerRow, tx: TxOf<C>): Promise<void> {
    await this.handlers[timer.type]!(
      {
        id: timer.id,
        type: timer.type,
        key: timer.key,
        dueAt: new Date(timer.due_at),
        payload: timer.payload,
        attempts: timer.attempts,
      },
      tx,
    );
  }

  private async recordFailure(sql: SqlClient, timer: TimerRow, error: unknown, now: Date): Promise<void> {
    const attempts = timer.attempts + 1;
    const maxAttempts = this.options.maxAttempts ?? 10;
    const giveUp = attempts >= maxAttempts;
    const retryAt = new Date(now.getTime() + (this.options.retryDelayMs ?? 5_000) * 2 ** Math.min(attempts - 1, 8));
    this.log[giveUp ? "error" : "warn"](
      { err: error, timer: { type: timer.type, key: timer.key, attempts } },
      giveUp ? "timer failed for the last time" : "timer failed; will retry",
    );
    await sql.$executeRawUnsafe(
      `UPDATE timer SET attempts = $2, last_error = $3, status = $4, due_at = $5::timestamptz, updated_at = now()
       WHERE id = $1::uuid AND status = 'pending'`,
      timer.id,
      attempts,
      error instanceof Error ? error.message : String(error),
      giveUp ? "failed" : "pending",
      giveUp ? new Date(timer.due_at).toISOString() : retryAt.toISOString(),
    );
    if (!giveUp) this.nextDueAt = Math.min(retryAt.getTime(), this.nextDueAt ?? Infinity);
  }
}
