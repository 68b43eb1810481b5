-- Refunds the payment worker finishes (issue 12, the buyer's withdrawal): a refund recorded by a
-- consumer (order.withdrawn) is pending with no lease, so the worker claims it and calls the
-- processor outside any transaction; one recorded by POST /payments/:id/refund is leased to that
-- call, and the worker finishes it only if the call never did (a crash between the processor and
-- the commit).

-- AlterTable
ALTER TABLE "refund" ADD COLUMN "lease_until" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "refund_status_lease_until_idx" ON "refund"("status", "lease_until");
