-- Off-session charges of a saved card for a subscription period (issue 12), one per
-- Idempotency-Key (the period's charge key): the unique key is what answers a repeated or
-- concurrent call with the first charge instead of making a second.

-- CreateTable
CREATE TABLE "renewal_charge" (
    "id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "period_number" INTEGER NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "fee" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "failure_reason" TEXT,
    "decline_code" TEXT,
    "payment_method_id" TEXT,
    "card_brand" TEXT,
    "card_last4" TEXT,
    "processor" TEXT NOT NULL,
    "processor_payment_id" TEXT,
    "charged_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "renewal_charge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "renewal_charge_idempotency_key_key" ON "renewal_charge"("idempotency_key");

-- CreateIndex
CREATE INDEX "renewal_charge_subscription_id_period_number_idx" ON "renewal_charge"("subscription_id", "period_number");

-- CreateIndex
CREATE INDEX "saved_payment_method_buyer_id_saved_at_idx" ON "saved_payment_method"("buyer_id", "saved_at");
