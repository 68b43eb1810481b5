-- Idempotency keys of CreateProduct and AddPlan, kept on the row they created (as cart's checkout
-- does): a retried creation finds its row instead of making a second one. The hash tells a retry
-- from a reuse of the key for another request.
ALTER TABLE "product" ADD COLUMN "idempotency_key" TEXT;
ALTER TABLE "product" ADD COLUMN "request_fingerprint" TEXT;
ALTER TABLE "plan" ADD COLUMN "idempotency_key" TEXT;
ALTER TABLE "plan" ADD COLUMN "request_fingerprint" TEXT;

CREATE UNIQUE INDEX "product_vendor_id_idempotency_key_key" ON "product"("vendor_id", "idempotency_key");
CREATE UNIQUE INDEX "plan_product_id_idempotency_key_key" ON "plan"("product_id", "idempotency_key");
