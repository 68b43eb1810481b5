-- A renewal's invoice: issued by the vendor for one paid period of a subscription that an order
-- started (issue 12), numbered on the vendor's invoice sequence (invoice_counter, shared with the
-- orders' invoices). One invoice per period (subscription_id, period_number) and per key; the
-- vendor's numbers stay unique across orders' and renewals' invoices by construction (one counter).
-- Never deleted: the order it belongs to cannot be deleted while it exists.

-- CreateTable
CREATE TABLE "renewal_invoice" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "period_number" INTEGER NOT NULL,
    "period_starts_on" DATE NOT NULL,
    "period_ends_before" DATE NOT NULL,
    "number" TEXT NOT NULL,
    "totals" JSONB NOT NULL,
    "payment_id" TEXT NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "content" BYTEA NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,

    CONSTRAINT "renewal_invoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "renewal_invoice_idempotency_key_key" ON "renewal_invoice"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "renewal_invoice_subscription_id_period_number_key" ON "renewal_invoice"("subscription_id", "period_number");

-- CreateIndex
CREATE UNIQUE INDEX "renewal_invoice_vendor_id_number_key" ON "renewal_invoice"("vendor_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "renewal_invoice_order_id_number_key" ON "renewal_invoice"("order_id", "number");

-- AddForeignKey
ALTER TABLE "renewal_invoice" ADD CONSTRAINT "renewal_invoice_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
