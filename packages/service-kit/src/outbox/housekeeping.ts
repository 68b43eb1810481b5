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
