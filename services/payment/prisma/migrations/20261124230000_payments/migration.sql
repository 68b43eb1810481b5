-- Payments: checkouts and their per-order authorizations, refunds, saved cards, and the
-- simulated processor's own state (so it survives restarts like a real processor would).

-- CreateTable
CREATE TABLE "checkout" (
    "id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "submitted" JSONB NOT NULL,
    "payment_method" TEXT NOT NULL,
    "save_for_renewals" BOOLEAN NOT NULL,
    "customer_id" TEXT,
    "card" JSONB,
    "redirect_url" TEXT,
    "decline_reason" TEXT,
    "decline_message" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "checkout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "checkout_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "fee" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "processor" TEXT NOT NULL,
    "processor_payment_id" TEXT,
    "failure_reason" TEXT,
    "captured_amount" INTEGER NOT NULL DEFAULT 0,
    "released_amount" INTEGER NOT NULL DEFAULT 0,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "pending_action" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "authorized_at" TIMESTAMPTZ(3),
    "captured_at" TIMESTAMPTZ(3),
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund" (
    "id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "processor_refund_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "refunded_at" TIMESTAMPTZ(3),

    CONSTRAINT "refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saved_payment_method" (
    "buyer_id" TEXT NOT NULL,
    "payment_method_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "brand" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "exp_month" INTEGER NOT NULL,
    "exp_year" INTEGER NOT NULL,
    "consent_checkout_id" TEXT NOT NULL,
    "saved_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saved_payment_method_pkey" PRIMARY KEY ("buyer_id","payment_method_id")
);

-- CreateTable
CREATE TABLE "sim_payment_method" (
    "id" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "exp_month" INTEGER NOT NULL,
    "exp_year" INTEGER NOT NULL,
    "behaviour" TEXT NOT NULL,
    "customer" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sim_payment_method_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_intent" (
    "id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "payment_method" TEXT NOT NULL,
    "customer" TEXT,
    "status" TEXT NOT NULL,
    "decline_code" TEXT,
    "captured_amount" INTEGER NOT NULL DEFAULT 0,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "metadata" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sim_intent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sim_request" (
    "idempotency_key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sim_request_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE INDEX "checkout_status_created_at_idx" ON "checkout"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_order_id_key" ON "payment"("order_id");

-- CreateIndex
CREATE INDEX "payment_checkout_id_position_idx" ON "payment"("checkout_id", "position");

-- CreateIndex
CREATE INDEX "payment_processor_payment_id_idx" ON "payment"("processor_payment_id");

-- CreateIndex
CREATE INDEX "payment_pending_action_idx" ON "payment"("pending_action");

-- CreateIndex
CREATE UNIQUE INDEX "refund_payment_id_idempotency_key_key" ON "refund"("payment_id", "idempotency_key");
