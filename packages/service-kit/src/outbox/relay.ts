import { headers as natsHeaders } from "@nats-io/transport-node";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { PrismaLike } from "../db/database.js";
import type { Bus } from "../bus/bus.js";
import type { Clock } from "../runtime/clock.js";
import { WakeableLoop, type StepOutcome } from "../runtime/wakeable-loop.js";
import { contextFromTraceHeaders, injectTraceContext, tracer } from "../observability/tracing.js";

interface PendingRow {
  id: string;
  subject: string;
  type: string;
  payload: string;
  traceparent: string | null;
  tracestate: string | null;
  attempts: number;
  created_at: Date;
}

export interface OutboxRelayOptions {
  batchSize: number;
  /**
   * Safety poll: the relay looks at least this often even when nothing woke it (undefined: never).
   * It is woken by local commits, the database's notifications and the due rows it knows of.
   */
  pollMs?: number;
  /** OUTBOX_MAX_PUBLISH_ATTEMPTS: failed attempts after which a row is marked dead. */
  maxAttempts: number;
  /** Delay before the first retry of a row, doubled at each failure up to maxRetryDelayMs. */
  firstRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long a claimed batch is left to this relay before another may claim it (a crash mid-batch). */
  leaseMs?: number;
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
 * Publishes committed outbox rows to JetStream, a batch at a time. Rows are claimed with FOR UPDATE
 * SKIP LOCKED and a lease, so any number of replicas can relay side by side without publishing a
 * row twice at the same time; and each message carries Nats-Msg-Id = event id, so a row published
 * again after a crash (published but not yet marked) is dropped by the server's duplicate window.
 *
 * A row JetStream refuses (no stream for its subject, a payload above the server's max_payload)
 * is retried with growing delays (next_attempt_at, on the service's clock), so it never holds up
 * the rows behind it nor spins the relay; after maxAttempts it is marked dead (dead_at), logged
 * at error level, counted by /readyz and left for an operator (`npm run dead-letters -- outbox`).
 * When the bus itself is down, no row is blamed: attempts are not counted, the loop backs off.
 */
export class OutboxRelay {
  private readonly loop: WakeableLoop;
  /** When the earliest row this relay saw but could not take comes due (epoch ms), if any. */
  private nextDueAt: number | undefined;

  constructor(
    private readonly db: PrismaLike,
    private readonly bus: Bus,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: OutboxRelayOptions,
  ) {
    this.loop = new WakeableLoop(() => this.step(), {
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

  /**
   * Publishes one batch; "more" when the batch was full and others may be waiting. Three short
   * steps, none holding a lock while NATS answers: claim (one statement: the rows get a lease,
   * next_attempt_at = now + leaseMs, so no replica claims them meanwhile), publish (every message
   * in flight at once, all acks awaited together), mark (one statement for the batch).
   *
   * A crash between publish and mark leaves the rows claimed: once the lease has passed they are
   * published again with the same Nats-Msg-Id, which the broker drops within its duplicate window
   * and the consumers' inboxes absorb after it. A lease that runs out while a slow publish is
   * still in flight can likewise only cause such a duplicate, never a loss.
   */
  async publishBatch(): Promise<"more" | "idle"> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? 60_000));
    // Claimed rows keep an old index entry until VACUUM; ORDER BY matching the index and LIMIT
    // make the planner walk the index (which marks those entries dead once) rather than a bitmap
    // scan that revisits them all on every claim.
    //
    // When the batch is not full, the same statement tells when the next row it could not take
    // comes due (another relay's lease, a retry's backoff), so that an idle relay sleeps until
    // then instead of polling. (Rows it claims itself are read before their lease: not counted.)
    const claimed = await this.db.$queryRawUnsafe<(PendingRow & { wake_at: Date | null })[]>(
      `WITH due AS (
         SELECT o.id FROM outbox_event o
         WHERE o.published_at IS NULL AND o.dead_at IS NULL
           AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= $2::timestamptz)
         ORDER BY o.created_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE outbox_event o SET next_attempt_at = $3::timestamptz FROM due WHERE o.id = due.id
         RETURNING o.id::text AS id, o.subject, o.type, o.payload::text AS payload, o.attempts, o.created_at,
                   o.payload->'trace'->>'traceparent' AS traceparent, o.payload->'trace'->>'tracestate' AS tracestate)
       SELECT claimed.*, NULL::timestamptz AS wake_at FROM claimed
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
              (SELECT min(o.next_attempt_at) FROM outbox_event o
               WHERE o.published_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at > $2::timestamptz)
       WHERE (SELECT count(*) FROM claimed) < $1`,
      this.options.batchSize,
      now.toISOString(),
      leaseUntil.toISOString(),
    );
    const rows: PendingRow[] = claimed.filter((row) => row.id !== null);
    const wakeAt = claimed.find((row) => row.id === null)?.wake_at;
    this.nextDueAt = wakeAt ? new Date(wakeAt).getTime() : undefined;
    if (rows.length === 0) return "idle";
    // RETURNING has no order; the stream gets them in commit-ish (creation) order.
    rows.sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime() || (a.id < b.id ? -1 : 1));
    const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
    const sent = rows.filter((_, i) => results[i]!.status === "fulfilled").map((row) => row.id);
    const failed = rows.flatMap((row, i) => {
      const result = results[i]!;
      return result.status === "rejected" ? [{ row, reason: result.reason as unknown }] : [];
    });
    if (sent.length > 0) {
      await this.db.$executeRawUnsafe(
        `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1, next_attempt_at = NULL
         WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
        sent,
      );
    }
    if (failed.length > 0) {
      // Nothing went out: is it these rows, or the bus? An outage must not use up their attempts.
      // (Their lease then lets them wait leaseMs; a nudge after the outage will not hurry them.)
      if (sent.length === 0)
        await this.busAnswers(
          failed.map(({ row }) => row.id),
          failed[0]!.reason,
        );
      for (const { row, reason } of failed) {
        const retryAt = await this.recordFailure(row, reason, now);
        if (retryAt) this.nextDueAt = Math.min(retryAt.getTime(), this.nextDueAt ?? Infinity);
      }
    }
    return rows.length >= this.options.batchSize ? "more" : "idle";
  }

  /** The loop's step: a batch, then, when idle, how long until the earliest row it knows will be due. */
  private async step(): Promise<StepOutcome> {
    const outcome = await this.publishBatch();
    if (outcome === "more" || this.nextDueAt === undefined) return outcome;
    return Math.max(0, this.nextDueAt - this.clock.now().getTime());
  }

  /** Throws (the loop backs off, no row is blamed) when JetStream itself does not answer. */
  private async busAnswers(claimed: string[], reason: unknown): Promise<void> {
    try {
      if (this.bus.nc.isClosed()) throw new Error("connection closed");
      await this.bus.jsm.getAccountInfo();
    } catch (error) {
      // Not these rows' fault: release their lease so that they go out as soon as the bus is back.
      await this.db.$executeRawUnsafe(
        `UPDATE outbox_event SET next_attempt_at = NULL WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
        claimed,
      );
      throw new Error(`JetStream is unavailable (${message(error)}); first publish error: ${message(reason)}`, {
        cause: error,
      });
    }
  }

  /** Records a failed attempt; the time of the retry, or null when the row is now dead. */
  private async recordFailure(row: PendingRow, reason: unknown, now: Date): Promise<Date | null> {
    const attempts = row.attempts + 1;
    // JetStream answered (busAnswers), so "no responders" means that no stream binds the subject.
    const text = /no responders|jetstream is not enabled/i.test(message(reason))
      ? `no stream takes subject ${this.bus.wireSubject(row.subject)} (${message(reason)})`
      : message(reason);
    const error = text.slice(0, 2000);
    const dead = attempts >= this.options.maxAttempts;
    const retryAt = dead ? null : new Date(now.getTime() + outboxRetryDelayMs(attempts, this.options));
    await this.db.$executeRawUnsafe(
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
    return retryAt;
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
