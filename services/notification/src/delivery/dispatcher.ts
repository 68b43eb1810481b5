import { WakeableLoop, type Logger } from "@mkt/service-kit";
import { type DeliveryQueue } from "./queue.js";
import type { Db } from "../db/client.js";

/** What the delivery queue carries: a reference to the row, never the email itself. WIRE SHAPE. */
export interface EmailJobPayload {
  notificationId: string;
}

/** Where a dispatcher finds its work: a table acting as the outbox toward one delivery queue. */
export interface DispatchSource {
  /** Table of rows to deliver, with `id`, `status`, `enqueued_at` and `created_at` columns (a constant, never input). */
  table: "notification" | "webhook_delivery";
  /** The status of rows still to hand over. */
  readyStatus: string;
  /** The job's payload for one row: a reference, never the content. WIRE SHAPE. */
  payload: (id: string) => unknown;
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
 */
export class DeliveryDispatcher {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly client: Db,
    private readonly queue: () => DeliveryQueue,
    private readonly source: DispatchSource,
    private readonly log: Logger,
    private readonly options: { batchSize: number; pollMs: number; publishTimeoutMs: number },
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

  /** One batch; "more" when it was full and others may be waiting. */
  async dispatchBatch(): Promise<"more" | "idle"> {
    const { table, readyStatus, payload, label } = this.source;
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
        const results = await Promise.allSettled(
          rows.map((row) => queue.publish({ id: row.id, payload: payload(row.id) })),
        );
        const confirmed = rows.filter((_, i) => results[i]!.status === "fulfilled").map((row) => row.id);
        if (confirmed.length > 0) {
          await tx.$executeRawUnsafe(`UPDATE ${table} SET enqueued_at = now() WHERE id = ANY($1::uuid[])`, confirmed);
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
      throw new Error(`${failures.length} of ${claimed} ${label} were not handed to the delivery queue: ${reason}`);
    }
    return claimed >= this.options.batchSize ? "more" : "idle";
  }
}
