import type { SqlClient } from "../db/database.js";

/**
 * Dead outbox events: rows the relay gave up on after OUTBOX_MAX_PUBLISH_ATTEMPTS (a subject no
 * stream takes, a payload above the server's max_payload). They are kept, never purged by
 * retention (they were never published), counted by /readyz, and listed and retried by
 * `npm run dead-letters -- outbox list|retry` (what `mkt-dead-letters` runs).
 */
export interface DeadOutboxEvent {
  id: string;
  type: string;
  version: number;
  subject: string;
  occurredAt: Date;
  deadAt: Date;
  attempts: number;
  lastError: string | null;
  /** Size of the envelope as it goes on the wire: what a max_payload refusal is about. */
  payloadBytes: number;
}

export async function countDeadOutboxEvents(sql: Pick<SqlClient, "$queryRawUnsafe">): Promise<number> {
  const [row] = await sql.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM outbox_event WHERE dead_at IS NOT NULL`,
  );
  return row?.count ?? 0;
}

export async function listDeadOutboxEvents(
  sql: Pick<SqlClient, "$queryRawUnsafe">,
  options: { limit?: number } = {},
): Promise<DeadOutboxEvent[]> {
  const rows = await sql.$queryRawUnsafe<
    {
      id: string;
      type: string;
      version: number;
      subject: string;
      occurred_at: Date;
      dead_at: Date;
      attempts: number;
      last_error: string | null;
      payload_bytes: number;
    }[]
  >(
    `SELECT id::text AS id, type, version, subject, occurred_at, dead_at, attempts, last_error,
            octet_length(payload::text)::int AS payload_bytes
     FROM outbox_event WHERE dead_at IS NOT NULL ORDER BY dead_at, id LIMIT $1`,
    options.limit ?? 100,
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    version: row.version,
    subject: row.subject,
    occurredAt: new Date(row.occurred_at),
    deadAt: new Date(row.dead_at),
    attempts: row.attempts,
    lastError: row.last_error,
    payloadBytes: row.payload_bytes,
  }));
}

/**
 * Gives dead events a fresh set of attempts, once their cause is fixed (the stream created, the
 * server's max_payload raised): the running relay, woken by the database's notification, publishes them at once.
 * Returns the ids that were dead and are now pending again; an unknown or live id is left alone.
 */
export async function retryDeadOutboxEvents(sql: Pick<SqlClient, "$queryRawUnsafe">, ids: string[]): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE outbox_event SET dead_at = NULL, next_attempt_at = NULL, attempts = 0
     WHERE id = ANY($1::uuid[]) AND dead_at IS NOT NULL AND published_at IS NULL
     RETURNING id::text AS id`,
    ids,
  );
  return rows.map((row) => row.id);
}
