import type { PrismaLike } from "../db/database.js";

/**
 * Retention: published outbox rows are kept OUTBOX_RETENTION_DAYS (the re-publish window), inbox
 * rows INBOX_RETENTION_DAYS (longer, so a re-published event still finds its inbox record).
 */
export async function purgeExpiredRows(
  db: PrismaLike,
  retention: { outboxDays: number; inboxDays: number },
): Promise<{ outbox: number; inbox: number }> {
  const outbox = await db.$executeRawUnsafe(
    `DELETE FROM outbox_event WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)`,
    retention.outboxDays * 86_400,
  );
  const inbox = await db.$executeRawUnsafe(
    `DELETE FROM inbox_message WHERE processed_at < now() - make_interval(secs => $1)`,
    retention.inboxDays * 86_400,
  );
  return { outbox, inbox };
}

/**
 * Marks events recorded since `since` (optionally of one type) as unpublished, so the relay
 * publishes them again. Safe because every consumer is idempotent; used to rebuild a broker that
 * lost its data. Returns how many events will go out again.
 */
export async function markForRepublish(
  db: Pick<PrismaLike, "$executeRawUnsafe">,
  options: { since: Date; until?: Date; type?: string },
): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE outbox_event SET published_at = NULL
     WHERE occurred_at >= $1::timestamptz AND ($2::timestamptz IS NULL OR occurred_at < $2::timestamptz)
       AND ($3::text IS NULL OR type = $3) AND published_at IS NOT NULL`,
    options.since.toISOString(),
    options.until?.toISOString() ?? null,
    options.type ?? null,
  );
}
