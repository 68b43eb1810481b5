-- The buyer's time zone travels on buyer.* events and is frozen in the checkout's buyer snapshot,
-- so that its subscriptions are anchored and renewed in its zone (null: Europe/Paris).
ALTER TABLE "buyer" ADD COLUMN "time_zone" TEXT;
