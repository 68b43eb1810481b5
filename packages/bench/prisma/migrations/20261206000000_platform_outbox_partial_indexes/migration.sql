-- Service-kit platform tables: the outbox's indexes hold only the rows someone looks for.
-- Before, every row had an entry in (published_at, created_at) and in (dead_at), retained
-- published rows included, and each event cost six index insertions (three at the insert,
-- three more at the mark, which changes the indexed published_at). Now the relay's claim walks
-- an index of pending rows only, the operator's listing one of dead rows only: an event costs
-- three (primary key and pending index at the insert; primary key at the mark).
-- The hourly purge finds expired rows through the primary key (ids are UUIDv7, time-ordered).
-- Prisma's schema cannot declare a partial index: platform.prisma names them on comment lines,
-- which db-tools' drift check reads.
-- Canonical copy: packages/service-kit/prisma/migrations/. Every service carries it verbatim.

-- DropIndex
DROP INDEX "outbox_event_published_at_created_at_idx";

-- DropIndex
DROP INDEX "outbox_event_dead_at_idx";

-- CreateIndex
CREATE INDEX "outbox_event_pending_idx" ON "outbox_event"("created_at")
  WHERE "published_at" IS NULL AND "dead_at" IS NULL;

-- CreateIndex
CREATE INDEX "outbox_event_dead_at_idx" ON "outbox_event"("dead_at") WHERE "dead_at" IS NOT NULL;
