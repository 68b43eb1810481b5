-- Subscriptions ended by the buyer's withdrawal: no renewal charge is made for them after, and a
-- charge that was under way when the withdrawal was heard is refunded once it is recorded.
CREATE TABLE "withdrawn_subscription" (
    "subscription_id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "withdrawn_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "withdrawn_subscription_pkey" PRIMARY KEY ("subscription_id")
);
