-- A job handed to RabbitMQ and never confirmed done (lost with the broker's data) is handed over
-- again once redeliver_at has passed: see the README's "Lost jobs" and src/delivery/dispatcher.ts.

-- AlterTable
ALTER TABLE "notification" ADD COLUMN "redeliver_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "webhook_delivery" ADD COLUMN "redeliver_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "notification_status_redeliver_at_idx" ON "notification"("status", "redeliver_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_redeliver_at_idx" ON "webhook_delivery"("status", "redeliver_at");

-- Jobs already handed over before this migration get the default delay (15 minutes) from then.
UPDATE "notification" SET "redeliver_at" = "enqueued_at" + interval '15 minutes'
WHERE "status" = 'queued' AND "enqueued_at" IS NOT NULL;
UPDATE "webhook_delivery" SET "redeliver_at" = "enqueued_at" + interval '15 minutes'
WHERE "status" = 'pending' AND "enqueued_at" IS NOT NULL;
