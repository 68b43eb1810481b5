-- A buyer may name the IANA zone its subscriptions are anchored and renewed in (null: Europe/Paris).
ALTER TABLE "buyer" ADD COLUMN "time_zone" TEXT;
