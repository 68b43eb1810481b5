-- The ledger: transactions (one per money fact) and their transfers. Append-only.

-- CreateTable
CREATE TABLE "ledger_transaction" (
    "id" TEXT NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "vendor_id" TEXT NOT NULL,
    "charge_id" TEXT,
    "order_id" TEXT,
    "payout_id" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ledger_transaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_transfer" (
    "transaction_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "from_account" TEXT NOT NULL,
    "to_account" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,

    CONSTRAINT "ledger_transfer_pkey" PRIMARY KEY ("transaction_id","seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transaction_position_key" ON "ledger_transaction"("position");

-- CreateIndex
CREATE INDEX "ledger_transaction_charge_id_idx" ON "ledger_transaction"("charge_id");

-- CreateIndex
CREATE INDEX "ledger_transaction_vendor_id_position_idx" ON "ledger_transaction"("vendor_id", "position");

-- CreateIndex
CREATE INDEX "ledger_transfer_from_account_idx" ON "ledger_transfer"("from_account");

-- CreateIndex
CREATE INDEX "ledger_transfer_to_account_idx" ON "ledger_transfer"("to_account");

-- AddForeignKey
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only: a posted transaction or transfer is never changed nor removed (a correction is a
-- new transaction).
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON "ledger_transaction"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transfer_append_only BEFORE UPDATE OR DELETE ON "ledger_transfer"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Every transfer moves a positive amount between two accounts.
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_two_accounts" CHECK ("from_account" <> "to_account");
