-- The free trials each buyer already had, per solution (issue 12: one trial per buyer per
-- solution), learnt from subscription.started: a checkout of a second one is refused.
CREATE TABLE "trial_used" (
    "buyer_id" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trial_used_pkey" PRIMARY KEY ("buyer_id","product_id")
);
