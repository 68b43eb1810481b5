-- The cart: projections of catalog listings and buyers, carts with their lines, checkouts.

-- CreateTable
CREATE TABLE "catalog_product" (
    "id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "vendor" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_plan" (
    "id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "plan_family_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "billing_cycle" TEXT NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "commitment_months" INTEGER NOT NULL,
    "trial_days" INTEGER NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "catalog_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "buyer" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "registration_number" TEXT,
    "vat_number" TEXT,
    "address" JSONB,
    "as_of" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "buyer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cart" (
    "buyer_id" TEXT NOT NULL,
    "pending_checkout_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cart_pkey" PRIMARY KEY ("buyer_id")
);

-- CreateTable
CREATE TABLE "cart_item" (
    "id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "unit_price_cents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cart_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checkout" (
    "id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "item_ids" TEXT[],
    "order_ids" TEXT[],
    "totals" JSONB NOT NULL,
    "redirect_url" TEXT,
    "decline_reason" TEXT,
    "decline_message" TEXT,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "checkout_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "catalog_plan_product_id_idx" ON "catalog_plan"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "cart_item_buyer_id_plan_id_key" ON "cart_item"("buyer_id", "plan_id");

-- CreateIndex
CREATE UNIQUE INDEX "checkout_buyer_id_idempotency_key_key" ON "checkout"("buyer_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "catalog_plan" ADD CONSTRAINT "catalog_plan_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "catalog_product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cart_item" ADD CONSTRAINT "cart_item_buyer_id_fkey" FOREIGN KEY ("buyer_id") REFERENCES "cart"("buyer_id") ON DELETE CASCADE ON UPDATE CASCADE;
