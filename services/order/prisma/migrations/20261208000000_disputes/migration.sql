-- Disputes (issue 12): a buyer's case on an order, the vendor's answers, an operator's resolution.
-- One dispute not resolved per order at a time: checked under the order's row lock (FOR UPDATE) in
-- the transaction that opens one. The history (dispute_entry) and the files are never updated but
-- to attach a staged file to the entry that carries it.

-- CreateTable
CREATE TABLE "dispute" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "buyer_id" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "resolution" TEXT,
    "refund_id" TEXT,
    "refund_amount" INTEGER,
    "refund_currency" TEXT,
    "rejection_reason" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "pending_resolution" JSONB,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute_entry" (
    "dispute_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "message" TEXT,

    CONSTRAINT "dispute_entry_pkey" PRIMARY KEY ("dispute_id","seq")
);

-- CreateTable
CREATE TABLE "dispute_attachment" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "owner_kind" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,
    "dispute_id" TEXT,
    "entry_seq" INTEGER,

    CONSTRAINT "dispute_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dispute_order_id_state_idx" ON "dispute"("order_id", "state");

-- CreateIndex
CREATE INDEX "dispute_buyer_id_opened_at_id_idx" ON "dispute"("buyer_id", "opened_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "dispute_vendor_id_opened_at_id_idx" ON "dispute"("vendor_id", "opened_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "dispute_opened_at_id_idx" ON "dispute"("opened_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "dispute_attachment_dispute_id_entry_seq_idx" ON "dispute_attachment"("dispute_id", "entry_seq");

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_entry" ADD CONSTRAINT "dispute_entry_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_attachment" ADD CONSTRAINT "dispute_attachment_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_attachment" ADD CONSTRAINT "dispute_attachment_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "dispute"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
