-- Service-kit platform tables: an outbox event that fails to publish is retried with backoff
-- (next_attempt_at) up to OUTBOX_MAX_PUBLISH_ATTEMPTS, then marked dead (dead_at) for an operator.
-- Canonical copy: packages/service-kit/prisma/migrations/. Every service carries it verbatim.

-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN "next_attempt_at" TIMESTAMPTZ(3),
ADD COLUMN "dead_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "outbox_event_dead_at_idx" ON "outbox_event"("dead_at");
