-- The renewal engine (issue 12): a due period is leased by one worker at a time, charged through
-- payment, invoiced through order, and what happened is kept on the period (the payment history).

ALTER TABLE "subscription_period"
    ADD COLUMN "lease_until" TIMESTAMPTZ(3),
    ADD COLUMN "failures" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "failure_reason" TEXT,
    ADD COLUMN "decline_code" TEXT,
    ADD COLUMN "payment_id" TEXT,
    ADD COLUMN "invoice_number" TEXT,
    ADD COLUMN "paid_at" TIMESTAMPTZ(3);

-- The worker's claim: due periods only (a small part of a table that grows with every period paid).
CREATE INDEX "subscription_period_due_idx" ON "subscription_period"("due_at") WHERE "state" = 'due';
