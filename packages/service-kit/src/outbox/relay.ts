import { headers as natsHeaders } from "@nats-io/transport-node";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { PrismaLike, SqlClient } from "../db/database.js";
import type { Bus } from "../bus/bus.js";
import type { Clock } from "../runtime/clock.js";
import { WakeableLoop } from "../runtime/wakeable-loop.js";
import { contextFromTraceHeaders, injectTraceContext, tracer } from "../observability/tracing.js";

interface PendingRow {
  id: string;
  subject: string;
  type: string;
  payload: string;
  traceparent: string | null;
  tracestate: string | null;
  attempts: number;
}

export interface OutboxRelayOptions {
  batchSize: number;
  pollMs: number;
  /** OUTBOX_MAX_PUBLISH_ATTEMPTS: failed attempts after which a row is marked dead. */
  maxAttempts: number;
  /** Delay before the first retry of a row, doubled at each failure up to maxRetryDelayMs. */
  firstRetryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/** How long a row waits after its n-th failed attempt: 1 s doubling to 5 min by default (20 attempts ≈ 1 hour). */
export function outboxRetryDelayMs(
  failures: number,
  options: { firstRetryDelayMs?: number; maxRetryDelayMs?: number } = {},
): number {
  const first = options.firstRetryDelayMs ?? 1_000;
  const max = options.maxRetryDelayMs ?? 5 * 60_000;
  return Math.min(max, first * 2 ** Math.min(Math.max(failures - 1, 0), 30));
}

/**
 * Publishes committed outbox rows to JetStream. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * any number of replicas can relay side by side without publishing a row twice at the same time;
 * and each message carries Nats-Msg-Id = event id, so a row published again after a crash
 * (published but not yet marked) is dropped by the server's duplicate window.
 *
 * A row JetStream refuses (no stream for its subject, a payload above the server's max_payload)
 * is retried with growing delays (next_attempt_at, on the service's clock), so it never holds up
 * the rows behind it nor spins the relay; after maxAttempts it is marked dead (dead_at), logged
 * at error level, counted by /readyz and left for an operator (`npm run dead-letters -- outbox`).
 * When the bus itself is down, no row is blamed: attempts are not counted, the loop backs off.
 */
export class OutboxRelay {
  private readonly loop: WakeableLoop;

  constructor(
    private readonly db: PrismaLike,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: OutboxRelayOptions,
  ) {
    this.loop = new WakeableLoop(() => this.publishBatch(), {
      idleMs: options.pollMs,
      maxBackoffMs: 5_000,
      onError: (err) => this.log.warn({ err }, "outbox relay could not publish; will retry"),
    });
  }

  start(): void {
    this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Publishes one batch; "more" when the batch was full and others may be waiting. */
  async publishBatch(): Promise<"more" | "idle"> {
    const now = this.clock.now();
    const claimed = await this.db.$transaction(
      async (sql: SqlClient) => {
        // Each publish leaves a dead `published_at IS NULL` entry in the index until VACUUM. A
        // plain index scan marks those entries dead the first time it meets them and skips them
        // afterwards; a bitmap scan cannot, and revisits every one of them on every poll. Without
        // statistics (a new or busy table that autovacuum has not analysed yet) the planner picks
        // the bitmap scan, and each poll then costs milliseconds per thousand events published
        // (measured: 3-8 ms after 2-11k events, see packages/bench), so it is ruled out here.
        await sql.$executeRawUnsafe(`SET LOCAL enable_bitmapscan = off`);
        // type and trace context are read by PostgreSQL, so the payload is never parsed here.
        // Rows waiting for a retry or dead are skipped, never waited for.
        const rows = await sql.$queryRawUnsafe<PendingRow[]>(
          `SELECT o.id::text AS id, o.subject, o.type, o.payload::text AS payload, o.attempts,
                  o.payload->'trace'->>'traceparent' AS traceparent, o.payload->'trace'->>'tracestate' AS tracestate
           FROM outbox_event o
           WHERE o.published_at IS NULL AND o.dead_at IS NULL
             AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $2::timestamptz)
           ORDER BY o.created_at, o.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          this.options.batchSize,
          now.toISOString(),
        );
        if (rows.length === 0) return 0;
        const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
        const sent = rows.filter((_, i) => results[i]!.status === "fulfilled").map((row) => row.id);
        const failed = rows.flatMap((row, i) => {
          const result = results[i]!;
          return result.status === "rejected" ? [{ row, reason: result.reason as unknown }] : [];
        });
        if (sent.length > 0) {
          await sql.$executeRawUnsafe(
            `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1, next_attempt_at = NULL
             WHERE id = ANY($1::uuid[])`,
            sent,
          );
        }
        if (failed.length > 0) {
          // Nothing went out: is it these rows, or the bus? An outage must not use up their attempts.
          if (sent.length === 0) await this.busAnswers(failed[0]!.reason);
          for (const { row, reason } of failed) await this.recordFailure(sql, row, reason, now);
        }
        return rows.length;
      },
      { timeout: 30_000 },
    );
    return claimed >= this.options.batchSize ? "more" : "idle";
  }

  /** Throws (the loop backs off, no row is blamed) when JetStream itself does not answer. */
  private async busAnswers(reason: unknown): Promise<void> {
    try {
      if (this.bus.nc.isClosed()) throw new Error("connection closed");
      await this.bus.jsm.getAccountInfo();
    } catch (error) {
      throw new Error(`JetStream is unavailable (${message(error)}); first publish error: ${message(reason)}`, {
        cause: error,
      });
    }
  }

  private async recordFailure(sql: SqlClient, row: PendingRow, reason: unknown, now: Date): Promise<void> {
    const attempts = row.attempts + 1;
    // JetStream answered (busAnswers), so "no responders" means that no stream binds the subject.
    const text = /no responders|jetstream is not enabled/i.test(message(reason))
      ? `no stream takes subject ${this.bus.wireSubject(row.subject)} (${message(reason)})`
      : message(reason);
    const error = text.slice(0, 2000);
    const dead = attempts >= this.options.maxAttempts;
    const retryAt = dead ? null : new Date(now.getTime() + outboxRetryDelayMs(attempts, this.options));
    await sql.$executeRawUnsafe(
      `UPDATE outbox_event SET attempts = $2, last_error = $3, next_attempt_at = $4::timestamptz, dead_at = $5::timestamptz
       WHERE id = $1::uuid`,
      row.id,
      attempts,
      error,
      retryAt?.toISOString() ?? null,
      dead ? now.toISOString() : null,
    );
    const fields = { outboxEventId: row.id, eventType: row.type, subject: row.subject, attempts, error };
    if (dead) {
      this.log.error(
        { ...fields, outboxDead: true },
        `outbox event ${row.id} (${row.type}) is dead after ${attempts} failed publish attempts; ` +
          "it will not be published until an operator retries it: npm run dead-letters -- outbox list",
      );
    } else {
      this.log.warn({ ...fields, retryAt }, "outbox event could not be published; will retry");
    }
  }

  private async publish(row: PendingRow): Promise<void> {
    const parent = contextFromTraceHeaders(
      row.traceparent
        ? { traceparent: row.traceparent, ...(row.tracestate ? { tracestate: row.tracestate } : {}) }
        : undefined,
    );
    const span = tracer().startSpan(
      `publish ${row.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": "nats",
          "messaging.destination.name": row.subject,
          "messaging.message.id": row.id,
        },
      },
      parent,
    );
    try {
      const headers = natsHeaders();
      headers.set("Mkt-Event-Type", row.type);
      injectTraceContext(headers, trace.setSpan(context.active(), span));
      await this.bus.js.publish(this.bus.wireSubject(row.subject), row.payload, { msgID: row.id, headers });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      span.end();
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
