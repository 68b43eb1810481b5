-- Disputes' creation calls take an Idempotency-Key (issue 10): the entry a call wrote keeps the
-- caller's key and its request's fingerprint, so a retry answers the dispute and writes nothing.
-- An opening's key is looked up among the order's disputes under the order's row lock.

-- AlterTable
ALTER TABLE "dispute_entry" ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "request_fingerprint" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "dispute_entry_dispute_id_idempotency_key_key" ON "dispute_entry"("dispute_id", "idempotency_key");
