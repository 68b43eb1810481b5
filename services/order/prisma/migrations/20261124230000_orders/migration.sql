-- Orders, their timeline and documents, per-vendor invoice counters.

-- CreateTable
CREATE TABLE "orders" (
    "id" TEXT NOT NULL,
    "checkout_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "purchase_order_number" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "transmitted_at" TIMESTAMPTZ(3) NOT NULL,
    "reminder_at" TIMESTAMPTZ(3) NOT NULL,
    "validation_due_at" TIMESTAMPTZ(3) NOT NULL,
    "auto_cancel_at" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL,
    "reminded_at" TIMESTAMPTZ(3),
    "accepted_late" BOOLEAN NOT NULL DEFAULT false,
    "refusal_reason" TEXT,
    "cancellation_reason" TEXT,
    "delivery" JSONB,
    "invoice_number" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_transition" (
    "order_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "note" TEXT,

    CONSTRAINT "order_transition_pkey" PRIMARY KEY ("order_id","seq")
);

-- CreateTable
CREATE TABLE "order_document" (
    "order_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "order_document_pkey" PRIMARY KEY ("order_id","kind")
);

-- CreateTable
CREATE TABLE "invoice_counter" (
    "vendor_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "prefix" TEXT NOT NULL,
    "last_number" INTEGER NOT NULL,

    CONSTRAINT "invoice_counter_pkey" PRIMARY KEY ("vendor_id","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "orders_purchase_order_number_key" ON "orders"("purchase_order_number");

-- CreateIndex
CREATE UNIQUE INDEX "orders_vendor_id_invoice_number_key" ON "orders"("vendor_id", "invoice_number");

-- CreateIndex
CREATE INDEX "orders_buyer_id_transmitted_at_id_idx" ON "orders"("buyer_id", "transmitted_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "orders_vendor_id_transmitted_at_id_idx" ON "orders"("vendor_id", "transmitted_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "orders_vendor_id_validation_due_at_id_idx" ON "orders"("vendor_id", "validation_due_at", "id");

-- CreateIndex
CREATE INDEX "orders_state_validation_due_at_id_idx" ON "orders"("state", "validation_due_at", "id");

-- AddForeignKey
ALTER TABLE "order_transition" ADD CONSTRAINT "order_transition_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_document" ADD CONSTRAINT "order_document_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
