import { WakeableLoop, type Clock, type Logger } from "@mkt/service-kit";
import { type DeliveryQueue } from "./queue.js";
import type { Db } from "../db/client.js";
import { redeliveryDue } from "../domain/redelivery.js";

/** How often (on the service's clock) the dispatcher looks for jobs the broker lost. */
const SWEEP_EVERY_MS = 60_000;

/**
 * What the delivery queue carries: references to the rows, never the emails themselves. WIRE SHAPE:
 * `notificationIds` (several emails, sent in one transaction); `notificationId` (one) is what
 * jobs published before it carry, still read.
 */
export type EmailJobPayload = { notificationIds: string[] } | { notificationId: string };

/** Where a dispatcher finds its work: a table acting as the outbox toward one delivery queue. */
export interface DispatchSource {
  /**
   * Table of rows to deliver, with `id`, `status`, `enqueued_at`, `redeliver_at` and `created_at` columns (a constant,
   * never input).
   */
  table: "notification" | "webhook_delivery";
  /** The status of rows still to hand over. */
  readyStatus: string;
  /** The job's payload for some rows (at most `rowsPerJob`): references, never the content. WIRE SHAPE. */
  payload: (ids: string[]) => unknown;
  /** How many rows one job carries (1: a job per row). */
  rowsPerJob: number;
  /** What the rows are, for logs and errors ("notifications"). */
  label: string;
}

/**
 * Hands ready rows of a table to the delivery queue: the table is the outbox toward RabbitMQ
 * (emails: `notification`; webhooks: `webhook_delivery`). Rows are claimed with FOR UPDATE SKIP
 * LOCKED (replicas dispatch side by side), each job is published with a broker confirm, and only
 * confirmed rows are marked enqueued, in the same transaction. A crash between a confirm and the
 * commit publishes the job again; the workers skip a row already sent, so the duplicate job has
 * no effect.
 *
 * Lost jobs: each hand-over sets redeliver_at (DELIVERY_REDELIVER_AFTER_MS later; a failed attempt
 * moves it past its retry's delay). A row still ready past it was never done: its job vanished
 * with the broker's data (a queue purged, a node lost). Once a minute (on the service's clock) the
 * dispatcher sweeps such rows back to "not enqueued" and hands them over again. If the job was
 * only slow (a backlog longer than the delay), the duplicate is harmless: the workers lock the row
 * and skip it once done.
 */
export class DeliveryDispatcher {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly client: Db,
    private readonly queue: () => DeliveryQueue,
    private readonly source: DispatchSource,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: {
      batchSize: number;
      pollMs: number;
      publishTimeoutMs: number;
      redeliverAfterMs: number;
    },
  ) {
    this.loop = new WakeableLoop(() => this.dispatchBatch(), {
      idleMs: options.pollMs,
      maxBackoffMs: 5_000,
      onError: (err) => this.log.warn({ err }, `could not hand ${source.label} to the delivery queue; will retry`),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Right after a commit that made rows ready. */
  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private nextSweepAt = Number.NEGATIVE_INFINITY;

  /**
   * Hands over again the jobs the broker lost: ready rows handed over whose redeliver_at has
   * passed go back to "not enqueued", so the next batch publishes them. Returns their ids.
   */
  async sweepLostJobs(): Promise<string[]> {
    const { table, readyStatus, label } = this.source;
    const now = this.clock.now();
    // SKIP LOCKED: a row a worker holds is being delivered right now, so it is not lost.
    const rows = await this.client.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE ${table} SET enqueued_at = NULL, redeliver_at = NULL
       WHERE id IN (SELECT id FROM ${table}
                    WHERE status = $1 AND enqueued_at IS NOT NULL AND redeliver_at <= $2::timestamptz
                    ORDER BY redeliver_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id::text AS id`,
      readyStatus,
      now.toISOString(),
      this.options.batchSize,
    );
    if (rows.length > 0) {
      this.log.warn(
        { count: rows.length, ids: rows.slice(0, 20).map((row) => row.id) },
        `${rows.length} ${label} handed to the delivery queue were never done after DELIVERY_REDELIVER_AFTER_MS; handing them over again`,
      );
    }
    return rows.map((row) => row.id);
  }

  /** One batch; "more" when it was full and others may be waiting. */
  async dispatchBatch(): Promise<"more" | "idle"> {
    const { table, readyStatus, payload, label } = this.source;
    const now = this.clock.now();
    if (now.getTime() >= this.nextSweepAt) {
      // Swept a full batch: more may be lost, look again on the next run.
      const swept = await this.sweepLostJobs();
      this.nextSweepAt = swept.length >= this.options.batchSize ? now.getTime() : now.getTime() + SWEEP_EVERY_MS;
    }
    const { claimed, failures } = await this.client.$transaction(
      async (tx) => {
        // Same reason as the kit's outbox relay: keep the planner off a bitmap scan that would
        // revisit every dead `enqueued_at IS NULL` index entry on every poll.
        await tx.$executeRawUnsafe(`SET LOCAL enable_bitmapscan = off`);
        const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
          `SELECT id::text AS id FROM ${table}
           WHERE enqueued_at IS NULL AND status = $2
           ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          this.options.batchSize,
          readyStatus,
        );
        if (rows.length === 0) return { claimed: 0, failures: [] as unknown[] };
        const queue = this.queue();
        const jobs: string[][] = [];
        for (let i = 0; i < rows.length; i += this.source.rowsPerJob)
          jobs.push(rows.slice(i, i + this.source.rowsPerJob).map((row) => row.id));
        // A job's id is its first row's: the rows of a job are claimed together, so it names them.
        const results = await Promise.allSettled(
          jobs.map((ids) => queue.publish({ id: ids[0]!, payload: payload(ids) })),
        );
        const confirmed = jobs.filter((_, i) => results[i]!.status === "fulfilled").flat();
        if (confirmed.length > 0) {
          await tx.$executeRawUnsafe(
            `UPDATE ${table} SET enqueued_at = $2::timestamptz, redeliver_at = $3::timestamptz WHERE id = ANY($1::uuid[])`,
            confirmed,
            now.toISOString(),
            redeliveryDue(now, { redeliverAfterMs: this.options.redeliverAfterMs, retryDelaysMs: [] })!.toISOString(),
          );
        }
        return {
          claimed: rows.length,
          failures: results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : [])),
        };
      },
      // publish() may wait for RabbitMQ to come back: the transaction must outlive that wait.
      { timeout: this.options.publishTimeoutMs + 10_000, maxWait: 5_000 },
    );
    if (failures.length > 0) {
      const reason = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
      throw new Error(
        `${failures.length} jobs (of ${claimed} ${label}) were not handed to the delivery queue: ${reason}`,
      );
    }
    return claimed >= this.options.batchSize ? "more" : "idle";
  }
}
