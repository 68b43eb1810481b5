-- The Idempotency-Keys of AddCartItem: an add changes a line's quantity rather than creating a
-- row, so each applied add leaves a row here, written in the transaction of the change. A retried
-- add finds its row and changes nothing; the hash tells a retry from a reuse for another request.
CREATE TABLE "cart_addition" (
    "buyer_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_fingerprint" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cart_addition_pkey" PRIMARY KEY ("buyer_id","idempotency_key")
);

CREATE INDEX "cart_addition_buyer_id_added_at_idx" ON "cart_addition"("buyer_id", "added_at");
