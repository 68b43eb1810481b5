/**
 * Marks events recorded since `since` (optionally of one type) as unpublished, so the relay
 * publishes them again. Safe because every consumer is idempotent; used to rebuild a broker that
 * lost its data. Returns how many events will go out again.
 */
export async function markForRepublish(
  db: { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> },
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
