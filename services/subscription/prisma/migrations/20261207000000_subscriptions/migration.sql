-- Subscriptions (one per plan line of an accepted order) and their charged periods.

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "billing_cycle" TEXT NOT NULL,
    "anchor" DATE NOT NULL,
    "time_zone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "unit_price_amount" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "vat_rate_basis_points" INTEGER NOT NULL,
    "commitment_months" INTEGER NOT NULL,
    "trial_ends_on" DATE,
    "state" TEXT NOT NULL,
    "paid_period" INTEGER NOT NULL,
    "open_period" INTEGER,
    "open_failures" INTEGER NOT NULL DEFAULT 0,
    "suspended_at" TIMESTAMPTZ(3),
    "cancellation" JSONB,
    "end_reason" TEXT,
    "ended_at" TIMESTAMPTZ(3),
    "next_due_period" INTEGER,
    "next_due_on" DATE,
    "next_due_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_period" (
    "subscription_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_before" DATE NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_by" TEXT,
    "charge_key" TEXT,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_period_pkey" PRIMARY KEY ("subscription_id","number")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_order_id_line_id_key" ON "subscriptions"("order_id", "line_id");

-- CreateIndex
CREATE INDEX "subscriptions_buyer_id_created_at_id_idx" ON "subscriptions"("buyer_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "subscriptions_vendor_id_created_at_id_idx" ON "subscriptions"("vendor_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "subscriptions_buyer_id_product_id_idx" ON "subscriptions"("buyer_id", "product_id");

-- AddForeignKey
ALTER TABLE "subscription_period" ADD CONSTRAINT "subscription_period_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
