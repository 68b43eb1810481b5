-- Refunds of renewal charges: a plan with a free trial is charged at the trial's end by its
-- subscription (a renewal charge), not by its order; when the buyer withdraws from the order, that
-- money is refunded too. The refund table stays the one record of refunds (one worker path, one
-- processor call): a refund now points at either a payment or a renewal charge, never both.

-- AlterTable
ALTER TABLE "refund" ALTER COLUMN "payment_id" DROP NOT NULL,
ADD COLUMN "renewal_charge_id" TEXT,
ADD COLUMN "order_id" TEXT;

-- A refund is of exactly one charge; a renewal charge's refund knows its subscription's order.
ALTER TABLE "refund" ADD CONSTRAINT "refund_of_one_charge" CHECK (
  ("payment_id" IS NOT NULL AND "renewal_charge_id" IS NULL AND "order_id" IS NULL)
  OR ("payment_id" IS NULL AND "renewal_charge_id" IS NOT NULL AND "order_id" IS NOT NULL)
);

-- CreateIndex
CREATE UNIQUE INDEX "refund_renewal_charge_id_idempotency_key_key" ON "refund"("renewal_charge_id", "idempotency_key");
