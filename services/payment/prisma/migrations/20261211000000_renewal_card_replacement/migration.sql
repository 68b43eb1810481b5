-- The buyer replaces its renewal card from its account (issue 12): such a card has no checkout
-- where consent was given (putting the card is the consent), and is kept once per Idempotency-Key
-- of the buyer's call, so that a retry answers the same card.

ALTER TABLE "saved_payment_method" ALTER COLUMN "consent_checkout_id" DROP NOT NULL;

ALTER TABLE "saved_payment_method" ADD COLUMN "consent_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "saved_payment_method_buyer_id_consent_key_key" ON "saved_payment_method"("buyer_id", "consent_key");
