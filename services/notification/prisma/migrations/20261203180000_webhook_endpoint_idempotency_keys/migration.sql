-- The vendor's Idempotency-Key of CreateWebhookEndpoint, kept on the endpoint it created (as cart's
-- checkout does): a retried registration answers the same endpoint and secret instead of a second
-- endpoint. The hash tells a retry from a reuse of the key for another request.
ALTER TABLE "webhook_endpoint" ADD COLUMN "idempotency_key" TEXT;
ALTER TABLE "webhook_endpoint" ADD COLUMN "request_fingerprint" TEXT;

CREATE UNIQUE INDEX "webhook_endpoint_vendor_id_idempotency_key_key" ON "webhook_endpoint"("vendor_id", "idempotency_key");
